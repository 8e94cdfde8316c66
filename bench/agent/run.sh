#!/usr/bin/env bash
# The remote agent as people run it (the native executable of `dotnet publish StatusBoard.Probes`) with 1,000 pairs at
# 10 s, beside Prometheus blackbox_exporter probing the same target at the same rate, in the same run. Prints the
# tables for bench/README.md.
#
#   bench/agent/run.sh                                   # 1,000 pairs at 10 s, 3 windows of 30 s
#   PAIRS=2000 INTERVAL=10 WINDOW=30 WINDOWS=3 bench/agent/run.sh
#
# Needs: the .NET SDK and a C toolchain for Native AOT (clang, zlib1g-dev); nginx and prometheus-blackbox-exporter
# from Debian (all installed with apt when missing). Figures are printed only when ≥ 99.9 % of each side's probes
# succeeded against the target and the agent ran ≥ 99 % of the runs planned.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/agent
mkdir -p "$OUT"
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v prometheus-blackbox-exporter >/dev/null || missing+=(prometheus-blackbox-exporter)
command -v clang >/dev/null || command -v gcc >/dev/null || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

source bench/nginx-target.sh
TARGET_PORT=$(free_port)
start_target "$PWD/$OUT/nginx" "$TARGET_PORT"
trap 'stop_target "$PWD/$OUT/nginx"' EXIT

dotnet publish StatusBoard.Web -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
dotnet publish StatusBoard.Probes -c Release -o "$OUT/agent" --nologo -v quiet >/dev/null
dotnet build bench/agent -c Release --nologo -v quiet >/dev/null
dotnet bench/agent/bin/Release/net10.0/AgentBench.dll "$OUT/app/StatusBoard.Web.dll" "$OUT/agent/StatusBoard.Probes" \
  "$(command -v prometheus-blackbox-exporter)" "http://127.0.0.1:$TARGET_PORT/" "${PAIRS:-1000}" "${INTERVAL:-10}" "${WINDOW:-30}" "${WINDOWS:-3}"
