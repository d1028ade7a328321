"""Test harness shared by the test suites and the scripts: start the real servers, fake Slack.

`harness.servers` starts the action server and the Rasa server (directly, or through
scripts/serve.sh) on their own ports and databases and talks to them over REST;
`harness.slack` is a fake Slack Web API plus Slack's request signing. It lives at the top
level, not under tests/, so that scripts (e.g. scripts/fuzz) never import from tests/.
"""
