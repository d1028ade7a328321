"""The fuzz tool (`python -m scripts.fuzz`, docs/fuzz.md), one module per job.

cases: the seeded odd and hostile requests; send: sending one and judging its answer;
checks: the conversation, servers, Slack replies and SQLite files before and after;
report: the summary printed at the end; run: a whole run against a target; __main__: the CLI.
"""
