#!/usr/bin/env bash
# Soak: StatusBoard (Release, its defaults: SQLite) at 1,000 probe runs a second against a fast loopback target for
# 30 minutes, with /ops open in Chromium and the public page polled every second; the server's RSS and managed heap
# sampled every minute, and their slopes. Prints a table for bench/README.md, or no figures when the work was not done
# (fewer runs than planned, runs not up, a public page answer that was not 200, a dashboard that stopped updating).
#
#   bench/soak/run.sh                          # 10,000 pairs at 10 s for 30 minutes
#   PAIRS=5000 MINUTES=10 bench/soak/run.sh
#
# Needs: the .NET SDK; nginx and chromium from Debian (installed with apt when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/soak
mkdir -p "$OUT"
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

source bench/nginx-target.sh
port=$(free_port)
start_target "$PWD/$OUT/nginx" "$port"
trap 'stop_target "$PWD/$OUT/nginx"' EXIT

# dotnet-gcdump counts the live heap every fifth minute.
[ -x ~/.dotnet/tools/dotnet-gcdump ] || dotnet tool install -g dotnet-gcdump >/dev/null
dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
dotnet build bench/engine -c Release --nologo -v quiet >/dev/null
dotnet build bench/soak -c Release --nologo -v quiet >/dev/null
rm -rf "$OUT/config"
regions=$(dotnet bench/engine/bin/Release/net10.0/EngineBench.dll config "$OUT/config" "http://127.0.0.1:$port/" "${PAIRS:-10000}" "${INTERVAL:-10}")
# shellcheck disable=SC2086
dotnet bench/soak/bin/Release/net10.0/SoakBench.dll "$OUT/app/StatusBoard.Web.dll" "$PWD/$OUT/config" "${PAIRS:-10000}" "${INTERVAL:-10}" "${MINUTES:-30}" $regions
