#!/usr/bin/env bash
# Visual check of `xxgk render` (not run in CI): renders the two fixture reports
# (2019 and 2021 format) as DOCX and HTML, converts the DOCX to PDF with
# LibreOffice and the pages to PNG, screenshots the HTML in headless Chromium,
# and reads the converted PDFs back with `xxgk extract` to confirm the tables.
#
#   scripts/visual-check.sh [OUT_DIR]      (default: target/visual-check)
#   XXGK=target/debug/xxgk scripts/visual-check.sh   (with a binary already built)
#
# Needs (Debian): libreoffice-writer-nogui (or libreoffice-writer),
# fonts-noto-cjk, poppler-utils, chromium. Look at OUT_DIR/*.png afterwards.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/visual-check}"
mkdir -p "$out"
cd "$root"

for tool in soffice pdftoppm chromium; do
    command -v "$tool" >/dev/null || {
        echo "missing $tool: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils chromium" >&2
        exit 2
    }
done

# XXGK=/path/to/xxgk uses a binary already built.
if [ -z "${XXGK:-}" ]; then
    cargo build --release -q -p xxgk-cli
fi
xxgk="${XXGK:-$root/target/release/xxgk}"

for fixture in crates/author/tests/data/*.toml; do
    name="$(basename "$fixture" .toml)"
    "$xxgk" render "$fixture" --to docx -o "$out/$name.docx"
    "$xxgk" render "$fixture" --to html -o "$out/$name.html"
    "$xxgk" render "$fixture" --to md -o "$out/$name.md"

    # DOCX → PDF → one PNG per page.
    soffice --headless --convert-to pdf --outdir "$out" "$out/$name.docx" >/dev/null 2>&1
    rm -f "$out/$name"-docx-*.png
    pdftoppm -png -r 60 "$out/$name.pdf" "$out/$name-docx"

    # HTML → a screenshot of the first A4 page (and the whole page, taller).
    profile="$(mktemp -d)"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" --hide-scrollbars \
        --screenshot="$out/$name-html.png" --window-size=1240,1754 \
        "file://$out/$name.html" >/dev/null 2>&1
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" --hide-scrollbars \
        --screenshot="$out/$name-html-full.png" --window-size=1240,6000 \
        "file://$out/$name.html" >/dev/null 2>&1
    rm -rf "$profile"

    # The printed PDF reads back: the same tables as the Markdown rendering.
    "$xxgk" extract "$out/$name.pdf" >"$out/$name.pdf.json"
    "$xxgk" extract "$out/$name.md" >"$out/$name.md.json"
    if python3 - "$out/$name.pdf.json" "$out/$name.md.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ["agency", "year", "template", "published", "active", "requests", "appeals"]
bad = [k for k in keys if a.get(k) != b.get(k)]
print(("tables differ: " + ", ".join(bad)) if bad else "tables read back from the PDF")
sys.exit(1 if bad else 0)
PY
    then echo "$name: ok"; else echo "$name: PDF does not read back" >&2; fi
done

echo "PNG pages in $out:"
ls "$out"/*.png
