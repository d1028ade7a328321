#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
#   scripts/serve.sh run    REST (and other channels in credentials.yml) on $RASA_PORT
#   scripts/serve.sh shell  the same model in a terminal chat
# In a terminal, the screen shows only the conversation (shell) or one "ready" block (run);
# the servers' logs go to logs/<mode>.log, named on the first line (see "Logs" below).
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
if [ ! -e "$MODEL" ]; then
  echo "No trained model at $MODEL (\`make train\` builds it). Nothing was started." >&2
  exit 1
fi
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

# Logs. `shell`, and `run` in a terminal, keep the screen for the conversation or the ready
# block: both servers write to logs/<mode>.log (git-ignored; the previous one is kept as .1),
# which the first line names. `run` with its output redirected (a service manager, the test
# harness) leaves the logs on that output. LOG_FILE=<path> picks the file; LOG_FILE=- the output.
log=${LOG_FILE:-}
if [ -z "$log" ]; then
  if [ "$mode" = shell ] || [ -t 1 ]; then log=logs/$mode.log; else log=-; fi
fi
if [ "$log" = - ]; then
  exec 3>&1 4>&2
  log_note="this output"
else
  mkdir -p "$(dirname "$log")"
  if [ -s "$log" ]; then mv -f "$log" "$log.1"; fi
  exec 3>"$log" 4>&3
  log_note=$log
fi

# What the Makefile exports, for serve.sh started directly: no usage data (nor crash reports)
# sent to Rasa, no SQLAlchemy 2.0 banner, no TensorFlow C++ chatter.
export RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}
export SQLALCHEMY_SILENCE_UBER_WARNING=${SQLALCHEMY_SILENCE_UBER_WARNING:-1}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

# Rasa's command line (what .venv/bin/rasa runs; `ps` still shows "... rasa run ...") with the
# dependencies' DeprecationWarnings off at their source (pyparsing, distutils, pkg_resources,
# SQLAlchemy, jax). Sanic turns them back on ("once") when sanic.app is imported and Rasa shows
# every UserWarning "once" (pyparsing's are both), so the filters go in after each. The
# project's own modules still warn; errors and other warnings are untouched.
read -r -d '' QUIET_RASA <<'PY' || true
import sys
import warnings

if sys.path and sys.path[0] == "":
    del sys.path[0]  # as in .venv/bin/rasa; Rasa adds the working directory itself


def quiet(*_):
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("default", category=DeprecationWarning,
                            module=r"(actions|channels|nlu_components|settings)(\.|$)")


import sanic.app  # noqa: E402,F401
quiet()
import rasa.__main__ as cli  # noqa: E402
rasa_filters = cli.configure_logging_and_warnings
cli.configure_logging_and_warnings = lambda *a, **k: quiet(rasa_filters(*a, **k))
sys.argv = sys.argv[1:]
sys.exit(cli.main())
PY
export QUIET_RASA
rasa=("$BIN/python" -c 'import os; exec(os.environ["QUIET_RASA"])' rasa)

# An error in either server reaches the screen as one line that says where the full log is:
# a record logged at ERROR or CRITICAL while they run, the last error when one stops.
ERROR_RECORD='(^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} |\[)(ERROR|CRITICAL)\]? +([A-Za-z0-9_.]+  - )?'
EXCEPTION_LINE='^([A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*(Error|Exception)(:|$)'
watcher_pid=
if [ "$log" != - ]; then
  tail -n 0 -F --pid=$$ "$log" 2>/dev/null | while IFS= read -r line; do
    if [[ $line =~ $ERROR_RECORD ]]; then
      message=${line#*"${BASH_REMATCH[0]}"}
      # \r\n: the chat may have the terminal in raw mode.
      printf '\r\nError: %s  Full log: %s\r\n' "${message:0:200}" "$log" >&2
    fi
  done &
  watcher_pid=$!
fi
stopped() {  # <what> <exit status>: a server exited with an error
  local detail=
  if [ -n "$watcher_pid" ]; then kill "$watcher_pid" 2>/dev/null || true; watcher_pid=; fi
  if [ "$log" = - ]; then echo "Error: $1 stopped (exit $2)." >&2; return; fi
  detail=$(grep -E "$EXCEPTION_LINE|$ERROR_RECORD" "$log" | tail -n 1 |
           sed -E "s/.*$ERROR_RECORD//" | cut -c 1-200) || true
  echo "Error: $1 stopped (exit $2)${detail:+: $detail}. Full log: $log" >&2
}

actions_pid= rasa_pid=
stop() {  # both servers: TERM, and after 10 s KILL
  trap - EXIT INT TERM
  local pid alive
  for pid in $watcher_pid $rasa_pid $actions_pid; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=
    for pid in $rasa_pid $actions_pid; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    if [ -z "$alive" ]; then break; fi
    sleep 0.5
  done
  for pid in $rasa_pid $actions_pid; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$mode" = shell ] && [ -t 0 ]; then stty sane 2>/dev/null || true; fi  # after a killed chat
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$mode" = shell ]; then
  echo "The servers' logs go to $log_note; the chat starts here in a few seconds."
else
  api_note="HTTP API off"
  if [ "${#api_args[@]}" -gt 0 ]; then api_note="HTTP API on, token required"; fi
  echo "Assistant starting on http://localhost:$RASA_PORT ($api_note). Logs: $log_note. Ctrl-C stops it."
fi

SANIC_HOST=$ACTIONS_HOST "${rasa[@]}" run actions --port "$ACTIONS_PORT" --actions actions.actions \
  >&3 2>&4 &
actions_pid=$!

# Wait for the action server so the first message never meets a closed port.
for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:$ACTIONS_PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then
    status=0; wait "$actions_pid" || status=$?; actions_pid=
    stopped "the action server" "$status"
    exit 1
  fi
  sleep 0.5
done

if [ "$mode" = shell ]; then
  # The conversation keeps the terminal (stdin, stdout); what the server logs goes to the file.
  # In the background (stdin kept) so that a TERM (a supervisor, `kill`) stops both servers
  # even while the chat shows a list of buttons, where Rasa's shell ignores it.
  "${rasa[@]}" shell --model "$MODEL" --endpoints "$ENDPOINTS" --port "$RASA_PORT" 0<&0 2>&4 &
  rasa_pid=$!
  status=0
  wait "$rasa_pid" || status=$?
  rasa_pid=
  if [ "$status" -ne 0 ]; then stopped "the assistant" "$status"; exit "$status"; fi
  exit 0
fi

"${rasa[@]}" run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" \
  --port "$RASA_PORT" ${cors_args[@]+"${cors_args[@]}"} ${api_args[@]+"${api_args[@]}"} >&3 2>&4 &
rasa_pid=$!
# Ready once REST answers: where to talk to it, and where the logs are.
base=http://localhost:$RASA_PORT
until curl -fsS "$base/webhooks/rest/" >/dev/null 2>&1; do
  if ! kill -0 "$rasa_pid" 2>/dev/null; then
    status=0; wait "$rasa_pid" || status=$?; rasa_pid=
    stopped "the Rasa server" "$status"
    exit 1
  fi
  sleep 0.5
done
echo "Ready."
if curl -fsS "$base/webchat/health" >/dev/null 2>&1; then
  echo "  Web chat  $base/webchat/"
fi
echo "  REST      curl -s $base/webhooks/rest/webhook -H 'Content-Type: application/json' \\"
echo "              -d '{\"sender\": \"mediator-1\", \"message\": \"they have been stuck on the house for an hour\"}'"
echo "  Logs      $log_note"
status=0
wait "$rasa_pid" || status=$?
rasa_pid=
if [ "$status" -ne 0 ]; then stopped "the Rasa server" "$status"; exit "$status"; fi
