#!/usr/bin/env bash
# History at scale: a year of rollups and incidents for 200 components x 5 regions, then the server time of the public
# page (90-day bars), a badge, /reports for a year and the monthly CSV. Needs the .NET SDK and curl.
#
#   bench/history/run.sh                    # 200 components, 7 renders of each
#   COMPONENTS=100 SAMPLES=11 bench/history/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/history
mkdir -p "$OUT"
dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
dotnet run --project bench/history -c Release -- "$OUT/app/StatusBoard.Web.dll" "${COMPONENTS:-200}" "${SAMPLES:-7}"
