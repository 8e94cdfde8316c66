#!/usr/bin/env bash
# Probe engine capacity (pairs at an interval against a fast loopback target) and, in the same run, Prometheus
# blackbox_exporter probing the same target as fast as it goes. Prints tables for bench/README.md.
#
#   bench/engine/run.sh                                  # 10,000 pairs at 10 s, 3 windows of 30 s; blackbox at 8,16,32
#   PAIRS=5000 INTERVAL=10 WINDOW=30 WINDOWS=3 bench/engine/run.sh
#   ONLY=capacity bench/engine/run.sh                    # or ONLY=blackbox
#
# Needs: the .NET SDK; nginx and prometheus-blackbox-exporter from Debian (installed with apt when missing).
# The target is nginx on a free loopback port answering 200 with a 2-byte body: fast, so the probers are what is
# measured. Figures are printed only when ≥ 99.9 % of the timed runs were up with HTTP 200 from it (each window's
# outcome mix is printed either way); BENCH_NO_ALLOWLIST=1 leaves loopback off the destination allow-list, to see
# the bench refuse.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/engine
mkdir -p "$OUT"
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v prometheus-blackbox-exporter >/dev/null || missing+=(prometheus-blackbox-exporter)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

source bench/nginx-target.sh
TARGET_PORT=$(free_port)
start_target "$PWD/$OUT/nginx" "$TARGET_PORT"
trap 'stop_target "$PWD/$OUT/nginx"' EXIT
TARGET=http://127.0.0.1:$TARGET_PORT/

dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
dotnet build bench/engine -c Release --nologo -v quiet >/dev/null
BENCH="dotnet bench/engine/bin/Release/net10.0/EngineBench.dll"
if [ "${ONLY:-capacity}" = capacity ] || [ -z "${ONLY:-}" ]; then
  $BENCH capacity "$OUT/app/StatusBoard.Web.dll" "$TARGET" "${PAIRS:-10000}" "${INTERVAL:-10}" "${WINDOW:-30}" "${WINDOWS:-3}"
fi
if [ "${ONLY:-blackbox}" = blackbox ] || [ -z "${ONLY:-}" ]; then
  $BENCH blackbox "$(command -v prometheus-blackbox-exporter)" "$TARGET" "${CONCURRENCY:-8,16,32}" "${BB_WINDOW:-20}"
fi
