#!/usr/bin/env bash
# Check, ingest, export and count a real-layout corpus, side by side with grep
# over the same files.
#
#   scripts/bench-check.sh [-n COPIES] [-r RUNS] BIN [BASELINE_BIN]
#
# The corpus is COPIES files (default 1000) copied round-robin from the text and
# HTML reports in tests/data and ../shared/corpus (every layout the extractor
# reads without an external tool: seeds, pdftotext layouts, crawled page text,
# converter Markdown, fragments, saved pages), in folders of 1,000, under
# ${BENCH_DIR:-target/bench-real}/COPIES. Each copy ends in a line of spaces
# and tabs of its own, so that no two files are the same bytes: ingest extracts
# every one (a corpus of identical copies would measure only its duplicate
# check). Each job runs RUNS times (default 3); the table gives the median wall
# time, the median peak memory (GNU time's maximum resident set) and the wall
# time as a multiple of `grep -rc 总计`. Export and stats read the database the
# first ingest wrote.
# `check` runs afresh (XXGK_NO_CACHE=1); as a user's first run does, filling a
# new cache (row "filling a new cache": the cache is deleted before each run);
# and again from a cache filled before (rows "from the cache"; a binary
# without the cache just checks again).
# With BASELINE_BIN every xxgk job runs with both binaries, in turn, so that a
# change is measured against its baseline in one run on one machine.
#
# Needs GNU time (/usr/bin/time; Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

copies=1000
runs=3
while getopts "n:r:" opt; do
    case $opt in
    n) copies=$OPTARG ;;
    r) runs=$OPTARG ;;
    *) sed -n '2,25p' "$0" && exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,25p' "$0"; exit 2; }
bins=("$(realpath "$1")")
[ $# -ge 2 ] && bins+=("$(realpath "$2")")
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }

# Copy number N's own line, in $mark: N + 1 in binary, a space for 0 and a tab for 1.
marker() {
    local n=$(($1 + 1))
    mark=
    while ((n)); do
        if ((n & 1)); then mark+=$'\t'; else mark+=' '; fi
        n=$((n >> 1))
    done
}

corpus=${BENCH_DIR:-target/bench-real}/$copies
if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus" && mkdir -p "$corpus"
    mapfile -t sources < <(find tests/data/seeds tests/data/layout tests/data/crawled \
        tests/data/converter tests/data/fragments tests/data/html \
        ../shared/corpus/seeds ../shared/corpus/crawled -type f 2>/dev/null | sort)
    for ((i = 0; i < copies; i++)); do
        src=${sources[$((i % ${#sources[@]}))]}
        dir=$corpus/$((i / 1000))
        mkdir -p "$dir"
        file=$dir/$i-$(basename "$src")
        cp "$src" "$file"
        marker "$i"
        printf '\n%s\n' "$mark" >>"$file"
    done
    touch "$corpus/.complete"
fi
size=$(du -sh --exclude=.complete "$corpus" | cut -f1)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Median of RUNS runs of a command: "wall_seconds peak_kb".
measure() {
    local i
    for ((i = 0; i < runs; i++)); do
        rm -f "$tmp/fresh.db" "$tmp/fresh.db-wal" "$tmp/fresh.db-shm"
        local start=$EPOCHREALTIME
        /usr/bin/time -f "%M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || true
        local end=$EPOCHREALTIME
        echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $(tail -1 "$tmp/time")"
    done >"$tmp/runs"
    local middle=$(((runs + 1) / 2))
    echo "$(cut -d' ' -f1 "$tmp/runs" | sort -n | sed -n "${middle}p")" \
        "$(cut -d' ' -f2 "$tmp/runs" | sort -n | sed -n "${middle}p")"
}

grep_wall=$(measure grep -rc 总计 "$corpus" | cut -d' ' -f1)
printf '%s files (%s), %s runs each, %s, %s\n\n' "$copies" "$size" "$runs" "$(nproc) cores" "$(date -u +%F)"
printf '| job | binary | wall (s) | peak RSS (MB) | × grep |\n|---|---|---|---|---|\n'
printf '| grep -rc 总计 | | %.3f | | 1.0 |\n' "$grep_wall"
row() { # job label, binary label, command...
    local job=$1 label=$2
    shift 2
    read -r wall kb < <(measure "$@")
    awk -v j="$job" -v b="$label" -v w="$wall" -v k="$kb" -v g="$grep_wall" \
        'BEGIN { printf "| %s | %s | %.3f | %.0f | %.1f |\n", j, b, w, k / 1024, (g > 0 ? w / g : 0) }'
}
for job in concise json first warm-concise warm-json ingest rerun stats export findings; do
    for bin in "${bins[@]}"; do
        label=$(basename "$bin")
        kept=$tmp/kept-$label.db
        cache=$tmp/cache-$label
        case $job in
        concise) XXGK_NO_CACHE=1 row "check --format concise" "$label" "$bin" check --format concise "$corpus" ;;
        json) XXGK_NO_CACHE=1 row "check --format json" "$label" "$bin" check --format json "$corpus" ;;
        first)
            # shellcheck disable=SC2016 # expanded by the inner shell
            row "check --format concise (filling a new cache)" "$label" \
                sh -c 'rm -rf "$1"; exec "$2" check --format concise --cache-dir "$1" "$3"' \
                sh "$tmp/first-$label" "$bin" "$corpus"
            ;;
        warm-*)
            format=${job#warm-}
            XXGK_CACHE_DIR=$cache "$bin" check --format "$format" "$corpus" >/dev/null 2>&1 || true
            XXGK_CACHE_DIR=$cache row "check --format $format (from the cache)" "$label" "$bin" check --format "$format" "$corpus"
            ;;
        ingest) row "ingest (new database)" "$label" "$bin" ingest "$corpus" --db "$tmp/fresh.db" ;;
        rerun)
            rm -f "$kept"*
            "$bin" ingest "$corpus" --db "$kept" >/dev/null 2>&1 || true
            row "ingest again (nothing changed)" "$label" "$bin" ingest "$corpus" --db "$kept"
            ;;
        stats) row "stats --by year,region" "$label" "$bin" stats --by year,region --db "$kept" ;;
        export) row "export --to csv" "$label" "$bin" export --to csv -o - --db "$kept" ;;
        findings) row "export --to findings-csv" "$label" "$bin" export --to findings-csv -o - --db "$kept" ;;
        esac
    done
done
