#!/usr/bin/env bash
# Build the release archive for Linux x86-64:
#   dist/xxgk-<version>-x86_64-unknown-linux-gnu.tar.gz
# holding the binary, README, licences, shell completions and the man page.
# Completions and the man page come from the binary itself (`xxgk generate`),
# so they always match the command line they describe.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-gnu
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="xxgk-$version-$target"
out=dist/$name

# Built for the host (the same target folder as `cargo build --release`), which
# must be the archive's target.
host=$(rustc -vV | sed -n 's/^host: //p')
if [ "$host" != "$target" ]; then
    echo "dist.sh builds $target archives; this host is $host" >&2
    exit 2
fi
cargo build --release --locked -p xxgk-cli
bin=target/release/xxgk

rm -rf "$out" && mkdir -p "$out/complete" "$out/doc"
cp "$bin" "$out/"
cp README.md README.en.md CONTRIBUTING.md LICENSE-MIT LICENSE-APACHE "$out/"
[ -d docs ] && cp -r docs "$out/docs"
"$bin" generate bash >"$out/complete/xxgk.bash"
"$bin" generate zsh >"$out/complete/_xxgk"
"$bin" generate fish >"$out/complete/xxgk.fish"
"$bin" generate powershell >"$out/complete/_xxgk.ps1"
"$bin" generate elvish >"$out/complete/xxgk.elv"
"$bin" generate man >"$out/doc/xxgk.1"
"$bin" --lang en generate man >"$out/doc/xxgk.en.1"

tar -C dist -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)); binary $(du -h "$bin" | cut -f1)"
