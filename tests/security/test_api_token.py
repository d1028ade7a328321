"""scripts/serve.sh with RASA_API_TOKEN and RASA_JWT_SECRET: the HTTP API is on and guarded,
the channel webhooks answer without any token, and the token never reaches the log.
"""
from __future__ import annotations

import json
import time
import uuid

import jwt

from served_assistant import API_TOKEN, IMPASSE, JWT_SECRET, PAGE_ORIGIN, cors_origin, http


def _tracker(api_on, sender, query="", headers=None):
    return http(f"{api_on.base}/conversations/{sender}/tracker{query}", headers=headers)


def _api_jwt(username, role, secret=JWT_SECRET):
    claims = {"user": {"username": username, "role": role}, "exp": int(time.time()) + 600}
    return {"Authorization": "Bearer " + jwt.encode(claims, secret, algorithm="HS256")}


def test_webhook_answers_without_any_token(api_on):
    replies = api_on.say(f"rest-{uuid.uuid4().hex[:8]}", IMPASSE)
    assert any("Try this:" in (r.get("text") or "") for r in replies), replies
    assert "HTTP API on" in api_on.log()


def test_tracker_needs_the_token(api_on):
    sender = f"tok-{uuid.uuid4().hex[:8]}"
    api_on.say(sender, IMPASSE)
    assert _tracker(api_on, sender)[0] == 401
    assert _tracker(api_on, sender, "?token=")[0] == 401
    assert _tracker(api_on, sender, "?token=" + API_TOKEN[:-1])[0] == 401
    assert _tracker(api_on, sender, "?token=" + API_TOKEN + "x")[0] == 401
    # The token belongs in the query string; Rasa ignores it as a bearer header.
    assert _tracker(api_on, sender, headers={"Authorization": "Bearer " + API_TOKEN})[0] == 401

    status, body = _tracker(api_on, sender, "?token=" + API_TOKEN)
    assert status == 200
    texts = [e.get("text") for e in json.loads(body)["events"] if e["event"] == "user"]
    assert texts == [IMPASSE]


def test_other_api_routes_need_the_token_too(api_on):
    sender = f"tok-{uuid.uuid4().hex[:8]}"
    writes = [("POST", f"/conversations/{sender}/messages", {"text": "hi", "sender": "user"}),
              ("POST", f"/conversations/{sender}/tracker/events",
               {"event": "slot", "name": "party", "value": "x"}),
              ("PUT", f"/conversations/{sender}/tracker/events", []),
              ("POST", "/model/parse", {"text": "hello"}),
              ("PUT", "/model", {"model_file": "/tmp/none.tar.gz"}),
              ("DELETE", "/model", None)]
    for method, path, body in writes:
        assert http(api_on.base + path, method=method, body=body)[0] == 401, (method, path)
    # The model is still loaded and the conversation untouched: nothing refused reached them.
    assert api_on.say(sender, IMPASSE)
    for path in ["/status", "/domain", f"/conversations/{sender}/story"]:
        assert http(api_on.base + path)[0] == 401, path
        assert http(api_on.base + path + "?token=" + API_TOKEN)[0] == 200, path
    status, body = _tracker(api_on, sender, "?token=" + API_TOKEN)
    events = json.loads(body)["events"]
    assert [e.get("text") for e in events if e["event"] == "user"] == [IMPASSE]
    assert not [e for e in events if e["event"] == "slot" and e.get("name") == "party"
                and e.get("value") == "x"]


def test_jwt_user_reads_only_its_own_conversation_admin_reads_any(api_on):
    mine, theirs = f"jwt-{uuid.uuid4().hex[:8]}", f"jwt-{uuid.uuid4().hex[:8]}"
    api_on.say(mine, IMPASSE)
    api_on.say(theirs, IMPASSE)
    assert _tracker(api_on, mine, headers=_api_jwt(mine, "user"))[0] == 200
    assert _tracker(api_on, theirs, headers=_api_jwt(mine, "user"))[0] == 403
    assert _tracker(api_on, theirs, headers=_api_jwt("ops", "admin"))[0] == 200
    forged = _api_jwt("ops", "admin", secret="not-the-jwt-secret-at-all-but-as-long")
    assert _tracker(api_on, theirs, headers=forged)[0] == 401
    # sanic-jwt allows 3 minutes of clock skew (its `leeway`); this one is well past that.
    expired = {"user": {"username": "ops", "role": "admin"}, "exp": int(time.time()) - 600}
    headers = {"Authorization": "Bearer " + jwt.encode(expired, JWT_SECRET, algorithm="HS256")}
    assert _tracker(api_on, theirs, headers=headers)[0] == 401


def test_only_the_origins_in_rasa_cors_may_read_the_answers(api_on):
    webhook = api_on.base + "/webhooks/rest/webhook"
    assert cors_origin(webhook, PAGE_ORIGIN) == PAGE_ORIGIN
    assert cors_origin(webhook, "https://evil.example") is None
    tracker = f"{api_on.base}/conversations/x/tracker?token={API_TOKEN}"
    assert cors_origin(tracker, PAGE_ORIGIN, method="GET") == PAGE_ORIGIN
    assert cors_origin(tracker, "https://evil.example", method="GET") is None


def test_secrets_never_reach_the_log(api_on):
    _tracker(api_on, "log-check", "?token=" + API_TOKEN)
    log = api_on.log()
    assert API_TOKEN not in log and JWT_SECRET not in log
