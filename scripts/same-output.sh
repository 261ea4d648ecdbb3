#!/usr/bin/env bash
# Prove that a change keeps every user-visible output byte for byte.
#
#   scripts/same-output.sh capture BIN DIR   # run BIN over the test data, write outputs into DIR
#   scripts/same-output.sh compare DIR_A DIR_B
#
# Typical use around a refactor:
#   cargo build --release && cp target/release/xxgk /tmp/xxgk-before
#   ... change ...
#   cargo build --release
#   scripts/same-output.sh capture /tmp/xxgk-before /tmp/out-before
#   scripts/same-output.sh capture target/release/xxgk /tmp/out-after
#   scripts/same-output.sh compare /tmp/out-before /tmp/out-after
#
# Binary outputs (DOCX, XLSX, Parquet) are compared by content hash; everything
# else by its text. Exit status of each command is recorded beside its output.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"

capture() {
    local bin dir
    bin="$(realpath "$1")"
    dir="$2"
    rm -rf "$dir" && mkdir -p "$dir"
    cd "$root" || exit 2
    local inputs=(tests/data/seeds tests/data/layout tests/data/pdf tests/data/docx tests/data/html
        tests/data/crawled tests/data/converter tests/data/fragments tests/data/rules tests/data/fuzz
        tests/data/bad)
    run() { # name, command...
        local name="$1"
        shift
        (cd "$root" && "$@" >"$dir/$name.out" 2>"$dir/$name.err")
        echo $? >"$dir/$name.rc"
    }
    # Each check runs twice with a cache of its own: afresh, then from the
    # cache (a binary without a cache just checks again).
    local cache
    cache="$(mktemp -d)"
    export XXGK_CACHE_DIR="$cache"
    for lang in zh en; do
        for format in full concise json sarif github csv; do
            run "check-$format-$lang" "$bin" --lang "$lang" check --format "$format" "${inputs[@]}"
            run "check-$format-$lang-again" "$bin" --lang "$lang" check --format "$format" "${inputs[@]}"
        done
        for format in json table csv; do
            run "extract-$format-$lang" "$bin" --lang "$lang" extract --format "$format" "${inputs[@]}"
        done
        run "rules-$lang" "$bin" --lang "$lang" rules
        for rule in $("$bin" rules 2>/dev/null | grep -oE "^ *[a-z]+(-[a-z]+)+" | tr -d " "); do
            run "rule-$rule-$lang" "$bin" --lang "$lang" rule "$rule"
        done
        for year in 2019 2025; do
            for to in toml json; do
                run "new-$year-$to-$lang" "$bin" --lang "$lang" new --year "$year" --to "$to"
            done
        done
        for data in crates/author/tests/data/*.toml; do
            local base
            base="$(basename "$data" .toml)"
            for to in md html; do
                run "render-$base-$to-$lang" "$bin" --lang "$lang" render "$data" --to "$to"
            done
        done
    done
    # Binary outputs, by hash.
    local tmp
    tmp="$(mktemp -d)"
    "$bin" new --year 2025 --to xlsx -o "$tmp/new.xlsx" >/dev/null 2>&1
    for data in crates/author/tests/data/*.toml; do
        "$bin" render "$data" --to docx -o "$tmp/$(basename "$data" .toml).docx" >/dev/null 2>&1
    done
    # A corpus: ingest (on every core: what it stores and says does not
    # depend on scheduling), then every reading command.
    local db="$tmp/c.db"
    run ingest "$bin" ingest "${inputs[@]}" --agencies tests/data/corpus/agencies.csv --db "$db"
    sed -i "s#$tmp#TMP#g" "$dir/ingest.out" "$dir/ingest.err"
    for by in year format region level; do
        run "stats-$by" "$bin" stats --by "$by" --db "$db"
    done
    run coverage "$bin" coverage --year 2024 --db "$db"
    run compare "$bin" compare 淮安市洪泽区人民政府 --db "$db"
    for to in csv xlsx parquet; do
        "$bin" export --to "$to" -o "$tmp/export.$to" --db "$db" >/dev/null 2>&1
    done
    run export-csv cat "$tmp/export.csv"
    # Deadlines and the request register (in its own database: timestamps of
    # changes are not captured, only what is derived from the cases).
    for lang in zh en; do
        run "deadline-$lang" "$bin" --lang "$lang" deadline 2025-01-20 --channel online
        run "deadline-json-$lang" "$bin" --lang "$lang" deadline 2025-09-28 --format json
        run "deadline-beyond-$lang" "$bin" --lang "$lang" deadline 2026-12-20
        run "register-import-bad-$lang" "$bin" --lang "$lang" register import tests/data/register/ledger-bad.csv --db "$tmp/bad.db"
    done
    local reg="$tmp/r.db"
    run register-import "$bin" register import tests/data/register/ledger-2025.csv --db "$reg" --by same-output
    for lang in zh en; do
        run "register-list-$lang" "$bin" --lang "$lang" register list --db "$reg"
        run "register-due-$lang" "$bin" --lang "$lang" register due --as-of 2026-01-23 --db "$reg"
        run "register-table3-$lang" "$bin" --lang "$lang" register table3 --year 2025 --db "$reg"
    done
    run register-export-csv "$bin" register export -o - --db "$reg"
    (cd "$tmp" && for f in *.xlsx *.docx *.parquet; do
        [ -e "$f" ] && printf '%s %s\n' "$(unzip -p "$f" -x "docProps/*" 2>/dev/null | sha256sum | cut -c1-16)" "$f"
    done) >"$dir/binary-hashes.out"
    rm -rf "$tmp" "$cache"
}

compare() {
    if diff -r "$1" "$2" >/dev/null; then
        echo "same output: $(find "$1" -type f | wc -l) files identical"
    else
        diff -r "$1" "$2" | head -80
        echo "OUTPUT DIFFERS"
        exit 1
    fi
}

case "${1:-}" in
capture) capture "$2" "$3" ;;
compare) compare "$2" "$3" ;;
*)
    sed -n '2,15p' "$0"
    exit 2
    ;;
esac
