#!/usr/bin/env bash
# API fuzz: schemathesis (from PyPI) against /api/v1/openapi.json of a server on a copy of the
# demo data, anonymously and then signed in as an administrator (session cookie and CSRF
# header), so the write routes are exercised too. Checks: no 5xx, every response matches
# its documented status code, content type and schema. Bounded by --max-time per pass.
#   bash .ci/api_fuzz.sh BINARY [SECONDS]
set -euo pipefail
BINARY="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SECONDS_PER_PASS="${2:-45}"
command -v schemathesis >/dev/null 2>&1 || python3 -m pip install -q "schemathesis>=4,<5"
WORK="$(mktemp -d)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
( cd "$WORK" && exec "$BINARY" demo --bind "127.0.0.1:$PORT" ) > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT"
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
run() {
  schemathesis run "$BASE/api/v1/openapi.json" --checks "$CHECKS" --workers 2 \
    --max-time "$SECONDS_PER_PASS" --suppress-health-check all --warnings off --seed 1 "$@"
}
echo "api fuzz: anonymous"
run
echo "api fuzz: signed in as an administrator"
OVERSIGHT_PASSWORD="api fuzz password" "$BINARY" --database "$WORK/oversight-demo.db" \
  user add --username fuzzadmin --role admin >/dev/null
COOKIE=$(curl -sS -o /dev/null -D - -X POST "$BASE/login" \
  --data-urlencode username=fuzzadmin --data-urlencode "password=api fuzz password" --data-urlencode next=/ \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(oversight_session=[^;]*\).*/\1/p')
test -n "$COOKIE" || { echo "api fuzz: could not sign in"; exit 1; }
CSRF=$(curl -fsS -H "Cookie: $COOKIE" "$BASE/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
run -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF"
FIVES=$(grep -c 'status=5' "$WORK/server.log" || true)
test "$FIVES" -eq 0 || { echo "api fuzz: the server logged $FIVES 5xx answers"; exit 1; }
echo "api fuzz: passed"
