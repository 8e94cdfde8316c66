#!/usr/bin/env bash
# The dashboard with 200 probes x 3 regions at 5 s: server CPU with and without /ops open (same run), board renders
# per second, click-to-answer time. Needs the .NET SDK and Debian's chromium (installed with apt when missing).
#
#   bench/dashboard/run.sh                  # 200 probes, 3 windows of 20 s each
#   PROBES=500 WINDOW=30 WINDOWS=5 bench/dashboard/run.sh
#   MODE=freshness FLIPS=20 bench/dashboard/run.sh   # fault to /ops cell and to the public page
#   MODE=circuits SESSIONS=50 bench/dashboard/run.sh # 50 /ops sessions on 1,000 pairs: memory per circuit, CPU
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/dashboard
mkdir -p "$OUT"
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
# circuits: dotnet-gcdump counts the server's live heap.
[ "${MODE:-cpu}" != circuits ] || [ -x ~/.dotnet/tools/dotnet-gcdump ] || dotnet tool install -g dotnet-gcdump >/dev/null
dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
case "${MODE:-cpu}" in
  cpu) dotnet run --project bench/dashboard -c Release -- cpu "$OUT/app/StatusBoard.Web.dll" "${PROBES:-200}" "${WINDOW:-20}" "${WINDOWS:-3}" ;;
  freshness) dotnet run --project bench/dashboard -c Release -- freshness "$OUT/app/StatusBoard.Web.dll" "${FLIPS:-20}" ;;
  circuits) dotnet run --project bench/dashboard -c Release -- circuits "$OUT/app/StatusBoard.Web.dll" "${SESSIONS:-50}" "${WINDOW:-20}" ;;
esac
