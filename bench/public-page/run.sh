#!/usr/bin/env bash
# Public page under a stampede: wrk against `/`, `/api/v2/summary.json` and, as the baseline measured in the same
# run, a static file of the same size as the page served by the same process; the page also as browsers ask for it
# (Brotli, gzip), with the bytes each sends — while the server runs 10,000 probe
# pairs at 10 s (1,000 probe runs a second) against an nginx target in the background. Prints median requests/s and
# p99 latency of several runs, and how the background probing kept up during them — or no figures, when the
# background runs were not ≥ 99.9 % up with HTTP 200 from the target (their outcome mix is printed either way).
#
#   bench/public-page/run.sh                 # 3 runs x 30 s each, 256 connections
#   RUNS=5 DURATION=30s CONNECTIONS=256 PAIRS=10000 bench/public-page/run.sh
#
# Needs: the .NET SDK; wrk and nginx from Debian (installed with apt when missing). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
PAIRS=${PAIRS:-10000}
OUT=bench/out/public-page
mkdir -p "$OUT"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

# The background probes' target, and the server, on ports nobody uses.
source bench/nginx-target.sh
TARGET_PORT=$(free_port)
PORT=${PORT:-$(free_port)}
BASE=http://127.0.0.1:$PORT
start_target "$PWD/$OUT/nginx" "$TARGET_PORT"
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; stop_target "$PWD/$OUT/nginx"; }
trap cleanup EXIT

dotnet build bench/engine -c Release --nologo -v quiet >/dev/null
rm -rf "$OUT/config" "$OUT/extra"
REGIONS=$(dotnet bench/engine/bin/Release/net10.0/EngineBench.dll config "$OUT/config" "http://127.0.0.1:$TARGET_PORT/" "$PAIRS" 10)

start() {
  rm -f "$OUT"/bench.db*
  # shellcheck disable=SC2086
  ( cd "$OUT/app" && exec dotnet StatusBoard.Web.dll --urls "$BASE" --ConnectionStrings:StatusBoard="Data Source=$PWD/../bench.db" \
      --Logging:LogLevel:Default=Warning --StatusBoard:Config:Directory="$PWD/../config" \
      --StatusBoard:Probes:AllowedPrivateNetworks:0=127.0.0.1/32 --StatusBoard:Probes:MaxRunsPerSecond=$((PAIRS / 10 * 2 + 100)) --StatusBoard:Probes:MaxProbes=$((PAIRS / 5 + 100)) $REGIONS ) > "$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    pairs=$(curl -sf "$BASE/api/v1/engine" | grep -o '"pairs":[0-9]*' | cut -d: -f2 || true)
    [ "${pairs:-0}" -ge "$PAIRS" ] && break
    sleep 1
  done
  sleep 15 # every pair reports, so the page shows real data
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# First pass: the page as it is with this load, copied to a file of the same bytes for the baseline.
dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
start
mkdir -p "$OUT/extra"
curl -s "$BASE/" > "$OUT/extra/page-copy.html"
stop
# Second pass: the same app with the copy among its static files (MapStaticAssets, the same path as app.css).
dotnet publish StatusBoard.Web -c Release -o "$OUT/app" -p:ExtraWwwroot="$PWD/$OUT/extra" --nologo -v quiet >/dev/null
start

declare -A PATHS=([static]="/extra/page-copy.html" [page]="/" [page-br]="/" [page-gzip]="/" [summary]="/api/v2/summary.json" [small-static]="/app.css")
# What each asks with: the page as a browser asks for it (compressed), and as is.
declare -A ENCODING=([static]="identity" [page]="identity" [page-br]="br" [page-gzip]="gzip" [summary]="identity" [small-static]="identity")
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f\n", v}'; }
started() { curl -s "$BASE/api/v1/engine" | grep -o '"started":[0-9]*' | cut -d: -f2; }

TABLE="| target | path | Accept-Encoding | bytes on the wire | req/s (median of $RUNS) | p99 ms (median) | ratio to same-size static | errors | probe runs/s meanwhile |
|---|---|---|---|---|---|---|---|---|"
FROM=$(date +%s%3N)
declare -A RPS
for name in static page page-br page-gzip summary small-static; do
  path=${PATHS[$name]}
  header="Accept-Encoding: ${ENCODING[$name]}"
  bytes=$(curl -s -H "$header" "$BASE$path" | wc -c)
  # The work claimed: a compressed answer is one, in the coding asked for.
  if [ "${ENCODING[$name]}" != identity ] && ! curl -s -o /dev/null -D - -H "$header" "$BASE$path" | grep -qi "^content-encoding: ${ENCODING[$name]}"; then
    echo "NO FIGURES: $path did not come back with Content-Encoding ${ENCODING[$name]}"
    exit 1
  fi
  : > "$OUT/$name.rps"; : > "$OUT/$name.p99"; : > "$OUT/$name.runs"; errors=0
  for _ in $(seq 1 "$RUNS"); do
    before=$(started); t0=$(date +%s.%N)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$BASE$path" > "$OUT/$name.wrk"
    after=$(started); t1=$(date +%s.%N)
    awk -v a="$after" -v b="$before" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.0f\n", (a-b)/(t1-t0)}' >> "$OUT/$name.runs"
    grep '^Requests/sec' "$OUT/$name.wrk" | awk '{print $2}' >> "$OUT/$name.rps"
    grep -E '^ +99%' "$OUT/$name.wrk" | awk '{print $2}' | to_ms >> "$OUT/$name.p99"
    errors=$((errors + $(awk '/^  Non-2xx/ {n += $NF} /^  Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$OUT/$name.wrk")))
  done
  RPS[$name]=$(median < "$OUT/$name.rps")
  ratio=$(awk -v a="${RPS[$name]}" -v b="${RPS[static]}" 'BEGIN {printf "%.2f", a/b}')
  TABLE+=$'\n'"| $name | \`$path\` | ${ENCODING[$name]} | $bytes | ${RPS[$name]} | $(median < "$OUT/$name.p99") | $ratio | $errors | $(median < "$OUT/$name.runs") |"
  echo "$name measured"
done
TO=$(date +%s%3N)
stop
if ! dotnet bench/engine/bin/Release/net10.0/EngineBench.dll mix "$OUT/bench.db" "$FROM" "$TO"; then
  echo "NO FIGURES: the background probes were not doing their work (fewer than 99.9 % up with HTTP 200) while wrk ran"
  exit 1
fi
echo "$PAIRS probe pairs at 10 s in the background; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs each"
echo "$TABLE"
