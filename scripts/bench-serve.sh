#!/usr/bin/env bash
# Load test of `xxgk serve` on loopback over a database of N synthetic reports
# (default 10,000: bodies × 2019–2024 from xxgk-synth, in text, aligned and
# HTML layouts, as scripts/bench-corpus.sh generates them).
#
#   scripts/bench-serve.sh [--reports N] [--concurrency C] [--seconds S]
#
# XXGK_BIN=path serves with another build of xxgk (a baseline) over the same
# database; the database is built by this tree's.
#
# Ingests the corpus, adds a user, starts the server, logs in, then runs the
# load generator (crates/web/examples/load.rs; C clients on keep-alive
# connections for S seconds each, and one client alone) against: the report
# list, a filtered list, a random report's page, its JSON and findings through
# the API, the dashboard, a drill-down and a comparison. Prints throughput and p50/p90/p99/max latency per route, and the
# server's peak memory (VmHWM) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

REPORTS=10000
CONCURRENCY=50
SECONDS_EACH=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --reports) REPORTS=$2; shift 2 ;;
        --concurrency) CONCURRENCY=$2; shift 2 ;;
        --seconds) SECONDS_EACH=$2; shift 2 ;;
        *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done

cargo build --release -q -p xxgk-synth -p xxgk-cli
cargo build --release -q -p xxgk-web --example load
XXGK=$PWD/target/release/xxgk
LOAD=$PWD/target/release/examples/load

WORK=${BENCH_SERVE_DIR:-target/bench-serve}/$REPORTS
mkdir -p "$WORK"
DB=$WORK/xxgk.db
if [[ ! -f $WORK/.complete ]]; then
    rm -rf "$WORK" && mkdir -p "$WORK"
    BODIES=$(( (REPORTS * 100 + 98 * 6 - 1) / (98 * 6) ))
    target/release/xxgk-synth --out "$WORK/corpus" --bodies "$BODIES" --years 2019-2024 --seed 1 \
        --formats text,aligned,html --plant --missing-rate 0.02 >/dev/null
    mv "$WORK/corpus/agencies.csv" "$WORK/"
    rm -f "$WORK/corpus/agencies-sums.csv" "$WORK/corpus/planted.json" "$WORK/corpus/bodies.json"
    "$XXGK" ingest "$WORK/corpus" --agencies "$WORK/agencies.csv" --db "$DB" >/dev/null 2>&1 || true
    echo "bench-serve-password" | "$XXGK" user add bench --role viewer --password-stdin --db "$DB" 2>/dev/null
    touch "$WORK/.complete"
fi
ids=$(sqlite3 "$DB" 'SELECT MAX(id) FROM reports' 2>/dev/null || echo "$REPORTS")

PORT=$(( 20000 + RANDOM % 20000 ))
"${XXGK_BIN:-$XXGK}" serve --db "$DB" --addr "127.0.0.1:$PORT" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break
    sleep 0.1
done
COOKIE=$(curl -s -i -d "name=bench&password=bench-serve-password" "http://127.0.0.1:$PORT/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(xxgk_session=[^;]*\).*/\1/p')
[[ -n $COOKIE ]] || { echo "bench-serve: login failed" >&2; exit 1; }

printf '%s reports, %s clients, %ss per route, %s cores, %s\n' \
    "$ids" "$CONCURRENCY" "$SECONDS_EACH" "$(nproc)" "$(date -u +%F)"
# Each route alone (one client: the latency a user sees) and under load.
for route in '/reports' '/reports?year=2023&severity=error' '/reports/{id}' '/api/v1/reports/{id}' \
    '/api/v1/reports/{id}/findings' '/dashboard' '/dashboard/cells?figure=received&year=2023' \
    '/compare?body=x'; do
    for clients in 1 "$CONCURRENCY"; do
        "$LOAD" --addr "127.0.0.1:$PORT" --header "Cookie: $COOKIE" --path "$route" --ids "$ids" \
            --concurrency "$clients" --seconds "$SECONDS_EACH"
    done
done
echo "server peak memory: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$SERVER/status")"
