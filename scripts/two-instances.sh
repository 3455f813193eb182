#!/usr/bin/env bash
# Two instances of the release binary on one PostgreSQL database, behind nginx on loopback, with
# the scheduler on in both: a session's whole journey through the proxy (declare, trainees,
# submit, results, close, download, purge), then checks that nothing was done twice (one
# archive, one e-mail per message, one webhook call per message, one purge) and that throttling
# sees the client's real address, not what the client wrote in X-Forwarded-For.
#
# usage: scripts/two-instances.sh [postgres://user@host:port]   (default: postgres://postgres@127.0.0.1:5432)
# Needs: PostgreSQL, nginx (installed from Debian's packages if missing), python3, curl, openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER_URL=${1:-postgres://postgres@127.0.0.1:5432}
DB="forprev_multi_$(date +%s)_$$"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    psql "$PG_SERVER_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "two instances: $*" >&2; for log in "$WORK"/instance-*.log; do echo "--- $log"; tail -n 20 "$log"; done; exit 1; }

command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
cargo build --release --locked --quiet
BIN=$PWD/target/release/forprev

psql "$PG_SERVER_URL/postgres" -qc "CREATE DATABASE $DB"
export DATABASE_URL="$PG_SERVER_URL/$DB"
# Secrets shared by the instances, as a deployment sets them.
JWT_SECRET=$(openssl rand -base64 48)
CERT_SIGNING_KEY=$(openssl genpkey -algorithm ed25519)
export JWT_SECRET CERT_SIGNING_KEY
SMTP=18825 HOOK=18826 PROXY=18800 A=18801 B=18802
python3 scripts/sinks.py "$SMTP" "$HOOK" "$WORK/received.jsonl" &
PIDS+=($!)
for port in $A $B; do
    SCHEDULER=on SCHEDULER_INTERVAL_SECONDS=1 BIND_ADDR=127.0.0.1:$port METRICS_ADDR=off \
        SMTP_URL=smtp://127.0.0.1:$SMTP WEBHOOK_ALLOW_LOOPBACK=on LOG_FORMAT=json RUST_LOG=info \
        TRUST_PROXY_HEADERS=x-forwarded-for TRUSTED_PROXIES=127.0.0.1 \
        "$BIN" serve >"$WORK/instance-$port.log" 2>&1 &
    PIDS+=($!)
done
# Both instances started together on the empty database: one migrates, the other waits for it.
for port in $A $B; do
    for _ in $(seq 150); do curl -fs "127.0.0.1:$port/ready" >/dev/null && break; sleep 0.2; done
done
"$BIN" seed-demo >/dev/null
cat >"$WORK/nginx.conf" <<EOF
daemon off;
user root;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-body;
    proxy_temp_path $WORK/nginx-proxy;
    # HTTP/1.1 to the instances, with kept-alive connections: actix-web refuses an HTTP/1.0
    # POST without Content-Length (nginx's default for a bodyless POST) with a bare 400.
    upstream forprev { server 127.0.0.1:$A; server 127.0.0.1:$B; keepalive 16; }
    server {
        listen 127.0.0.1:$PROXY;
        client_max_body_size 11m;
        location / {
            proxy_pass http://forprev;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)
BASE=http://127.0.0.1:$PROXY
for port in $A $B $PROXY; do
    for _ in $(seq 100); do curl -fs "127.0.0.1:$port/ready" >/dev/null && break; sleep 0.2; done
    curl -fs "127.0.0.1:$port/ready" >/dev/null || fail "nothing answers on $port"
done

# Every call comes from 127.0.0.2, the "real" client address that nginx (at 127.0.0.1, trusted)
# appends to X-Forwarded-For.
call() { # METHOD PATH TOKEN [BODY] [extra curl args…]: prints the body; the status goes to $WORK/status
    local method=$1 path=$2 token=$3 body=${4:-}
    shift 4 || shift $#
    curl -s --interface 127.0.0.2 -X "$method" "$BASE$path" -o "$WORK/body" -w '%{http_code}' \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        ${body:+-d "$body"} "$@" >"$WORK/status"
    cat "$WORK/body"
}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
expect() { [[ $(cat "$WORK/status") == "$1" ]] || fail "$2: expected $1, got $(cat "$WORK/status"): $(cat "$WORK/body")"; }
login() { call POST /api/v1/auth/login "" "{\"login\":\"$1\",\"password\":\"demo-forprev-2026\"}" | json '["access_token"]'; }

MANAGER=$(login MAN00001)
TRAINER=$(login TRN00001)
ENTITY=$(call GET "/api/v1/entities?limit=1" "$MANAGER" | json '["items"][0]["id"]')
CLIENT=$(call POST "/api/v1/entities/$ENTITY/api-clients" "$MANAGER" '{"name":"Sink"}' | json '["client"]["id"]')
expect 201 "API client"
call PUT "/api/v1/entities/$ENTITY/api-clients/$CLIENT/webhook" "$MANAGER" "{\"url\":\"http://127.0.0.1:$HOOK/events\"}" >/dev/null
expect 200 "webhook"
HABILITATION=$(call GET "/api/v1/habilitations?scheme_code=SST&entity_id=$ENTITY" "$MANAGER" |
    python3 -c 'import json,sys; print(next(h["id"] for h in json.load(sys.stdin)["items"] if h["level"] == 1))')
START=$(date -d '+14 days' +%F) END=$(date -d '+15 days' +%F)
SESSION=$(call POST /api/v1/sessions "$MANAGER" "{\"habilitation_id\":\"$HABILITATION\",\"kind\":\"initial\",\"start_date\":\"$START\",\"end_date\":\"$END\",\"hours\":14,\"place\":\"Lyon\",\"trainer_forprev_number\":\"TRN00001\"}" | json '["id"]')
expect 201 "declare"
S=/api/v1/sessions/$SESSION
call POST "$S/trainees" "$MANAGER" '{"trainees":[{"family_name":"Bernard","given_name":"Zoé","birth_date":"1990-01-01"},{"family_name":"Martin","given_name":"Zoé","birth_date":"1990-01-01"},{"family_name":"Petit","given_name":"Zoé","birth_date":"1990-01-01"},{"family_name":"Roux","given_name":"Zoé","birth_date":"1990-01-01"}]}' >/dev/null
expect 201 "trainees"
call POST "$S/submit" "$MANAGER" >/dev/null; expect 200 "submit"
RESULTS=$(call GET "$S/trainees" "$TRAINER" | python3 -c 'import json,sys; print(json.dumps({"results":[{"trainee_id":t["id"],"identity_checked":True,"outcome":"passed"} for t in json.load(sys.stdin)["items"]]}))')
call PUT "$S/results" "$TRAINER" "$RESULTS" >/dev/null; expect 200 "results"
call POST "$S/results/send" "$TRAINER" >/dev/null; expect 200 "send results"
# Both instances close at once: one closes, the other is told the session moved on.
curl -s --interface 127.0.0.2 -X POST "$BASE$S/close" -H "Authorization: Bearer $MANAGER" \
    -o /dev/null -w '%{http_code}\n' >"$WORK/other-close" &
OTHER=$!
call POST "$S/close" "$MANAGER" >/dev/null
wait "$OTHER"
[[ $(sort <(cat "$WORK/status"; echo) "$WORK/other-close" | tr -d '\n') == 200409 ]] ||
    fail "two closes: $(cat "$WORK/status") and $(cat "$WORK/other-close"), not one 200 and one 409"
call GET "$S/certificates.zip" "$MANAGER" >/dev/null; expect 200 "download"

sql() { psql "$DATABASE_URL" -Atc "$1"; }
[[ $(sql "SELECT count(*) FROM session_archives WHERE session_id = '$SESSION'") == 1 ]] || fail "not one archive"
# Both schedulers deliver: wait for the outbox to empty, then count what arrived.
for _ in $(seq 100); do
    [[ $(sql "SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL") == 0 ]] && break
    sleep 0.2
done
MAILS=$(sql "SELECT count(*) FROM outbox WHERE channel = 'email' AND delivered_at IS NOT NULL")
HOOKS=$(sql "SELECT count(*) FROM outbox WHERE channel = 'webhook' AND delivered_at IS NOT NULL")
GOT_MAILS=$(grep -c '"kind": "mail"' "$WORK/received.jsonl" || true)
GOT_HOOKS=$(grep -c '"kind": "webhook"' "$WORK/received.jsonl" || true)
DISTINCT_HOOKS=$(grep '"kind": "webhook"' "$WORK/received.jsonl" | python3 -c 'import json,sys; print(len({json.loads(l)["delivery"] for l in sys.stdin}))')
[[ $MAILS -gt 0 && $GOT_MAILS == "$MAILS" ]] || fail "$GOT_MAILS e-mails received for $MAILS messages"
[[ $HOOKS -gt 0 && $GOT_HOOKS == "$HOOKS" && $DISTINCT_HOOKS == "$HOOKS" ]] ||
    fail "$GOT_HOOKS webhook calls ($DISTINCT_HOOKS distinct) for $HOOKS messages"

# The purge, 15 days on: the session's end is moved back, and one of the schedulers deletes it.
sql "UPDATE sessions SET ended_at = ended_at - INTERVAL '16 days' WHERE id = '$SESSION'" >/dev/null
for _ in $(seq 100); do
    [[ $(sql "SELECT count(*) FROM sessions WHERE id = '$SESSION'") == 0 ]] && break
    sleep 0.2
done
call GET "$S" "$MANAGER" >/dev/null; expect 404 "the purged session"
PURGED=$(cat "$WORK"/instance-*.log | python3 -c '
import json, sys
total = 0
for line in sys.stdin:
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get("message") == "purged": total += entry.get("sessions", 0)
print(total)')
[[ $PURGED == 1 ]] || fail "the session was purged $PURGED times"

# Throttling sees 127.0.0.2 through the proxy, whatever the client writes in X-Forwarded-For.
for n in $(seq 20); do
    call POST /api/v1/auth/login "" "{\"login\":\"ZZZ$(printf %05d "$n")\",\"password\":\"wrong\"}" \
        -H "X-Forwarded-For: 10.9.$n.1" >/dev/null
    expect 401 "failed login $n"
done
call POST /api/v1/auth/login "" '{"login":"ZZZ99999","password":"wrong"}' -H "X-Forwarded-For: 10.9.99.1" >/dev/null
expect 429 "the 21st failure from one address"
[[ $(sql "SELECT count(*) FROM throttle_events WHERE throttle_key = 'address:127.0.0.2'") == 20 ]] ||
    fail "throttling did not count the real address"

echo "two instances: one archive, $MAILS e-mails and $HOOKS webhook calls each delivered once, one purge, throttling by the real address"
