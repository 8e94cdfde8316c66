#!/usr/bin/env bash
# Public page under a stampede: wrk against `/`, `/api/v2/summary.json` and, as the baseline measured in the same
# run, a static file served by the same process. Prints median requests/s and p99 latency of several runs.
#
#   bench/public-page/run.sh                 # 3 runs x 15 s each, 256 connections
#   RUNS=5 DURATION=30s CONNECTIONS=256 bench/public-page/run.sh
#
# Needs: the .NET SDK, and wrk (installed with apt when missing). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
OUT=bench/out/public-page
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
rm -f "$OUT"/bench.db*
( cd "$OUT/app" && exec dotnet StatusBoard.Web.dll --urls "http://127.0.0.1:$PORT" \
    --ConnectionStrings:StatusBoard="Data Source=$PWD/../bench.db" --Logging:LogLevel:Default=Warning ) > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
sleep 12 # let the demo probes report once, so the page shows real data

# The baseline: a static file served by the same process (MapStaticAssets, from memory-mapped build output).
declare -A PATHS=([page]="/" [summary]="/api/v2/summary.json" [static]="/app.css")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f\n", v}'; }

echo "| target | path | bytes | req/s (median of $RUNS) | p99 ms (median) | ratio to static |"
echo "|---|---|---|---|---|---|"
declare -A RPS
for name in static page summary; do
  path=${PATHS[$name]}
  bytes=$(curl -s "http://127.0.0.1:$PORT$path" | wc -c)
  : > "$OUT/$name.rps"; : > "$OUT/$name.p99"
  for _ in $(seq 1 "$RUNS"); do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path" > "$OUT/$name.wrk"
    grep '^Requests/sec' "$OUT/$name.wrk" | awk '{print $2}' >> "$OUT/$name.rps"
    grep -E '^ +99%' "$OUT/$name.wrk" | awk '{print $2}' | to_ms >> "$OUT/$name.p99"
  done
  RPS[$name]=$(median < "$OUT/$name.rps")
  p99=$(median < "$OUT/$name.p99")
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[static]}" 'BEGIN {printf "%.2f", a/b}')
  echo "| $name | \`$path\` | $bytes | ${RPS[$name]} | $p99 | $ratio |"
done
