#!/usr/bin/env bash
# Makes the SQLite database of a past release with that release's own code, for UpgradeTests: builds the release
# from git, runs it with its embedded defaults (sandbox, demo probes in three regions) for about two minutes, and
# writes through its API what an installation holds: a probe with a secret header, incidents worked by hand and one
# opened by the engine, a maintenance window, a notification channel, an agent key, a user report. Its first admin
# and bootstrap API key come from the settings below. Result: statusboard.db and its key ring (keys/) in <out>.
#
#   StatusBoard.Tests/Upgrades/make-release-database.sh 6016ba8 StatusBoard.Tests/Upgrades/0.6.0
set -euo pipefail
commit=${1:?usage: make-release-database.sh <commit> <out-directory>}
out=$(realpath -m "${2:?usage: make-release-database.sh <commit> <out-directory>}")
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
key=release-admin-key-0123456789
work=$(mktemp -d)
git -C "$repo" worktree add -q --detach "$work/src" "$commit"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  git -C "$repo" worktree remove --force "$work/src"
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$work/src/StatusBoard.Web" -c Release -v q -o "$work/bin" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
(cd "$work/bin" && exec dotnet "$work/bin/StatusBoard.Web.dll" --urls "http://127.0.0.1:$port" \
  "--ConnectionStrings:StatusBoard=Data Source=$work/data/statusboard.db" \
  "--StatusBoard:Bootstrap:AdminApiKey=$key" \
  "--StatusBoard:Bootstrap:AdminEmail=release-admin@example.com" \
  "--StatusBoard:Bootstrap:AdminPassword=release admin password" \
  "--StatusBoard:Incidents:ConfirmationPeriod=00:00:20" "--StatusBoard:Incidents:RecoveryPeriod=00:00:20" >"$work/server.log" 2>&1) &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.5; done

api() {
  local answer status
  answer=$(curl -sS -X "$1" "$base$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' ${3:+-d "$3"} -w $'\n%{http_code}')
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  echo "$1 $2: $status $answer" >&2
  [ "$status" -lt 400 ] && printf '%s\n' "$answer"
}
now() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
api POST /api/v1/probes '{"key":"release-secret","name":"Secret header","component":"balance","kind":"http","regions":["sg"],"interval":"10s","timeout":"5s","request":{"url":"{sandbox}/{region}/v2/balance","headers":{"Authorization":"Bearer release-secret-4711"}},"conditions":["[STATUS] == 200"]}'
incident=$(api POST /api/v1/incidents '{"title":"Top-ups slow at one bank","message":"Looking into it.","impact":"minor","components":["topup"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api POST "/api/v1/incidents/$incident/updates" '{"status":"resolved","message":"The bank fixed it."}'
api POST /api/v1/maintenance "{\"title\":\"Balance database move\",\"components\":[\"balance\"],\"startsAt\":\"$(now '+1 day')\",\"endsAt\":\"$(now '+1 day 2 hours')\"}"
api PUT /api/v1/notification-channels/release-mail '{"type":"email","to":["oncall@example.com"]}'
api POST /api/v1/agent-keys '{"region":"sg","name":"sg-release"}'
api POST /api/v1/reports '{"component":"payments","symptom":"payment-failed","region":"sg"}'
# An outage everywhere the engine opens an incident for, then clears.
api POST /sandbox/faults '{"region":"*","endpoint":"payments","fault":"outage"}'
sleep 75
api POST /sandbox/faults '{"region":"*","endpoint":"payments","fault":"none"}'
sleep 45
kill -TERM "$server"
wait "$server" || true
server=

mkdir -p "$out"
python3 - "$work/data/statusboard.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA journal_mode = DELETE")
db.execute("VACUUM")
db.close()
PY
cp "$work/data/statusboard.db" "$out/statusboard.db"
rm -rf "$out/keys" && cp -r "$work/data/keys" "$out/keys"
echo "Made by $(basename "$0") from $(git -C "$repo" rev-parse --short "$commit") on $(date -u +%Y-%m-%d)" >"$out/MADE"
python3 - "$out/statusboard.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for table in ["probes", "results", "rollups", "incidents", "maintenance", "notification_channels", "users", "api_keys", "agent_keys", "user_reports", "schema_migrations"]:
    print(table, db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
PY
