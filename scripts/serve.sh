#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
#   scripts/serve.sh run    REST (and other channels in credentials.yml) on $RASA_PORT
#   scripts/serve.sh shell  the same model in a terminal chat
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
BIN=.venv/bin
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/current.tar.gz}
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
CREDENTIALS=${CREDENTIALS:-credentials.yml}  # channels/credentials.slack.yml adds Slack

$BIN/rasa run actions --port "$ACTIONS_PORT" --actions actions.actions &
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
  echo "Assistant starting on http://localhost:$RASA_PORT (REST: POST /webhooks/rest/webhook). Ctrl-C stops it."
  $BIN/rasa run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" \
    --port "$RASA_PORT" --cors "*"
fi
