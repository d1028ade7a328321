#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
#   scripts/serve.sh run    REST (and other channels in credentials.yml) on $RASA_PORT
#   scripts/serve.sh shell  the same model in a terminal chat
#
# Rasa's HTTP API (/conversations/..., /model/..., /status) stays off unless a secret is set
# (SECURITY.md). Each secret turns it on, guarded:
#   RASA_API_TOKEN   requests must carry ?token=<it>
#   RASA_JWT_SECRET  requests may carry "Authorization: Bearer <JWT>" signed with it (HS256)
# Channel webhooks (/webhooks/...) answer either way. The action server listens on
# $ACTIONS_HOST (127.0.0.1 by default): only the Rasa server next to it may call it.
# Scripts on other sites' pages may read the server's answers only from the origins in
# RASA_CORS (space-separated, "*" for any); unset, none may. The bundled page needs none.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
BIN=.venv/bin
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
ACTIONS_HOST=${ACTIONS_HOST:-127.0.0.1}
MODEL=${MODEL:-models/current.tar.gz}
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
CREDENTIALS=${CREDENTIALS:-credentials.yml}  # channels/credentials.slack.yml adds Slack
MIN_SECRET_CHARS=32

api_args=()
for name in RASA_API_TOKEN RASA_JWT_SECRET; do
  value=${!name:-}
  if [ -n "$value" ] && [ "${#value}" -lt "$MIN_SECRET_CHARS" ]; then
    echo "$name is shorter than $MIN_SECRET_CHARS characters; use a long random value" \
         "(e.g. \`openssl rand -hex 32\`). Nothing was started." >&2
    exit 2
  fi
done
if [ -n "${RASA_API_TOKEN:-}" ]; then
  api_args+=(--auth-token "$RASA_API_TOKEN")
fi
if [ -n "${RASA_JWT_SECRET:-}" ]; then
  api_args+=(--jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256)
fi
if [ "${#api_args[@]}" -gt 0 ]; then
  api_args=(--enable-api "${api_args[@]}")
fi
cors_args=()
if [ -n "${RASA_CORS:-}" ]; then
  read -r -a origins <<< "$RASA_CORS"
  cors_args=(--cors "${origins[@]}")
fi

SANIC_HOST=$ACTIONS_HOST $BIN/rasa run actions --port "$ACTIONS_PORT" --actions actions.actions &
actions_pid=$!
stop() { kill "$actions_pid" 2>/dev/null || true; wait "$actions_pid" 2>/dev/null || true; }
trap stop EXIT INT TERM

# Wait for the action server so the first message never meets a closed port.
for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:$ACTIONS_PORT/health" >/dev/null 2>&1; then break; fi
  kill -0 "$actions_pid" 2>/dev/null || { echo "action server failed to start" >&2; exit 1; }
  sleep 0.5
done

if [ "$mode" = shell ]; then
  $BIN/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS"
else
  if [ "${#api_args[@]}" -gt 0 ]; then
    api_note="HTTP API on, token required"
  else
    api_note="HTTP API off"
  fi
  echo "Assistant starting on http://localhost:$RASA_PORT (REST: POST /webhooks/rest/webhook; $api_note). Ctrl-C stops it."
  $BIN/rasa run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" \
    --port "$RASA_PORT" ${cors_args[@]+"${cors_args[@]}"} ${api_args[@]+"${api_args[@]}"}
fi
