#!/usr/bin/env bash
# Benchmark of xxgk on a synthetic corpus (default 10,000 reports).
#
# Builds xxgk-synth and xxgk in release, generates the corpus into a temporary
# folder (a mix of tab-separated text, pdftotext-layout text and HTML, about
# 4 % of the reports with a planted error, 2 % of the reports missing), then
# prints wall time and peak memory (RSS) of
#
#   1. xxgk check DIR --format concise > /dev/null
#   2. xxgk ingest DIR --db DB         (when the subcommand exists)
#   3. the same ingest again           (an idempotent re-run should be fast)
#
# next to the targets: check < 10 s, ingest < 30 s, peak memory < 200 MB.
# The generated files are deleted at the end.
#
# Usage: scripts/bench-corpus.sh [--reports N] [--seed S] [--keep]
#   --reports N   number of reports (default 10000; 6 years per body)
#   --seed S      corpus seed (default 1)
#   --keep        keep the temporary folder and print its path
set -euo pipefail

REPORTS=10000
SEED=1
KEEP=0
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --reports) REPORTS="${2:?--reports needs a number}"; shift 2 ;;
        --reports=*) REPORTS="${1#*=}"; shift ;;
        --seed) SEED="${2:?--seed needs a number}"; shift 2 ;;
        --seed=*) SEED="${1#*=}"; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench-corpus: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
if ! [[ "$REPORTS" =~ ^[0-9]+$ ]] || (( REPORTS < 1 )); then
    echo "bench-corpus: --reports must be a positive number" >&2
    exit 2
fi

cd "$(dirname "$0")/.."

# ------------------------------------------------------------------ tools

# GNU time gives wall time and peak RSS; install it if we can, else fall back
# to bash's clock and VmHWM sampled from /proc.
GNU_TIME=""
if /usr/bin/time -V >/dev/null 2>&1 || /usr/bin/time --version >/dev/null 2>&1; then
    GNU_TIME=/usr/bin/time
elif command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
    if [[ $(id -u) -eq 0 || -n "$SUDO" ]]; then
        echo "bench-corpus: installing GNU time (apt-get install time)" >&2
        { $SUDO apt-get install -y -qq time >/dev/null 2>&1 \
            || { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq time >/dev/null 2>&1; }; } || true
    fi
    if /usr/bin/time --version >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; fi
fi

echo "== building (release): xxgk-synth, xxgk"
cargo build --release -q -p xxgk-synth -p xxgk-cli
SYNTH=target/release/xxgk-synth
XXGK=target/release/xxgk

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-bench.XXXXXX")
cleanup() {
    if [[ $KEEP -eq 1 ]]; then
        echo "bench-corpus: kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
DIR="$WORK/corpus"
DB="$WORK/xxgk.db"

# ------------------------------------------------------------------ corpus

YEARS=6
MISSING=0.02
# Bodies so that bodies × 6 years × (1 − 2 % missing) ≥ REPORTS.
BODIES=$(( (REPORTS * 100 + 98 * YEARS - 1) / (98 * YEARS) ))
echo "== generating about $REPORTS reports: $BODIES bodies × 2019–2024, seed $SEED"
"$SYNTH" --out "$DIR" --bodies "$BODIES" --years 2019-2024 --seed "$SEED" \
    --formats text,aligned,html --plant --missing-rate "$MISSING"
# The ground truth is not a report: keep it beside the corpus, not in it.
mv "$DIR/agencies.csv" "$DIR/agencies-sums.csv" "$DIR/planted.json" "$DIR/bodies.json" "$WORK/"
FILES=$(find "$DIR" -type f | wc -l)
SIZE=$(du -sm "$DIR" | cut -f1)
echo "   $FILES files, ${SIZE} MB ($(find "$DIR" -name '*.html' | wc -l) HTML), on $(nproc) cores"

# ------------------------------------------------------------------ timing

# measure LABEL TARGET_SECONDS CMD… — runs CMD (stdout discarded), prints wall
# time and peak RSS against the targets.
measure() {
    local label=$1 target=$2
    shift 2
    local status=0 wall rss_kb
    if [[ -n "$GNU_TIME" ]]; then
        "$GNU_TIME" -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || status=$?
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0
                for (i = 1; i <= n; i++) s = s * 60 + p[i]
                printf "%.2f", s }' "$WORK/time.txt")
        rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    else
        local start end pid hwm
        rss_kb=0
        start=$(date +%s.%N)
        "$@" >/dev/null 2>"$WORK/stderr.txt" &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            if [[ -n "$hwm" ]] && (( hwm > rss_kb )); then rss_kb=$hwm; fi
            sleep 0.05
        done
        wait "$pid" || status=$?
        end=$(date +%s.%N)
        wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    fi
    local mb verdict_t verdict_m
    mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
    verdict_t=$(awk -v w="$wall" -v t="$target" 'BEGIN { print (w < t) ? "ok" : "OVER" }')
    verdict_m=$(awk -v m="$mb" 'BEGIN { print (m < 200) ? "ok" : "OVER" }')
    printf '%-16s wall %7.2f s (target < %2d s: %-4s)   peak RSS %5d MB (target < 200 MB: %-4s)   exit %d\n' \
        "$label" "$wall" "$target" "$verdict_t" "$mb" "$verdict_m" "$status"
    # check exits 1 when it finds errors (the planted ones): not a failure.
    if (( status > 1 )); then
        echo "   stderr (first lines):"
        head -n 5 "$WORK/stderr.txt" | sed 's/^/   /'
    fi
}

echo "== timing"
# Afresh: a cache filled by an earlier run would measure only reading it.
XXGK_NO_CACHE=1 measure "check" 10 "$XXGK" check "$DIR" --format concise

if "$XXGK" ingest --help >/dev/null 2>&1; then
    INGEST=("$XXGK" ingest "$DIR" --db "$DB")
    if "$XXGK" ingest --help 2>&1 | grep -q -- '--agencies'; then
        # With the optional `sums` column: hierarchy-sum only for summing parents.
        INGEST+=(--agencies "$WORK/agencies-sums.csv")
    fi
    measure "ingest" 30 "${INGEST[@]}"
    measure "ingest (re-run)" 30 "${INGEST[@]}"
else
    echo "ingest: not available"
fi
