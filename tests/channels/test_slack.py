"""The Slack channel end to end: real Rasa + action servers, a fake Slack Web API.

Requests are signed exactly as Slack signs them; replies are read from what the fake
Slack received on chat.postMessage.
"""
from __future__ import annotations

import itertools
import json
import time
import urllib.parse
import uuid

from harness.slack import BOT_USER, envelope

IMPASSE = "the landlord won't give back the deposit, he says she'll wreck the next flat too"
OTHER_IMPASSE = ("Husband won't agree to any schedule, he says she'll just move the kids out of "
                 "state the minute it's signed")
BUTTONS = [("Another idea", "/another_strategy"), ("Why this?", "/explain_strategy"),
           ("Questions for caucus", "/caucus_questions")]
QUIET_SECONDS = 6  # long enough for a warm server to have answered (replies take ~1 s)
_counter = itertools.count(1)


def new_ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


def dm(user: str, text: str, channel: str, ts: str, thread_ts: str = "") -> dict:
    event = {"type": "message", "channel": channel, "channel_type": "im", "user": user,
             "text": text, "ts": ts, "event_ts": ts, "client_msg_id": str(uuid.uuid4())}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def mention(user: str, text: str, channel: str, ts: str, thread_ts: str = "") -> dict:
    event = {"type": "app_mention", "channel": channel, "user": user,
             "text": f"<@{BOT_USER}> {text}", "ts": ts, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def channel_message(user: str, text: str, channel: str, ts: str, thread_ts: str = "") -> dict:
    event = {"type": "message", "channel": channel, "channel_type": "channel", "user": user,
             "text": text, "ts": ts, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def click(user: str, channel: str, bot_post: dict, value: str) -> bytes:
    """A block_actions payload as Slack posts it: form-encoded `payload=<json>`."""
    blocks = bot_post["body"]["blocks"]
    button = next(e for e in blocks[1]["elements"] if e["value"] == value)
    payload = {
        "type": "block_actions", "team": {"id": "T1", "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1", "token": "deprecated-verification-token",
        "container": {"type": "message", "message_ts": bot_post["ts"], "channel_id": channel,
                      "is_ephemeral": False, "thread_ts": bot_post["body"].get("thread_ts")},
        "trigger_id": f"{next(_counter)}.{uuid.uuid4().int % 10**12}",
        "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "bot_id": "B1", "text": bot_post["body"]["text"],
                    "user": BOT_USER, "ts": bot_post["ts"],
                    "thread_ts": bot_post["body"].get("thread_ts"), "blocks": blocks},
        "response_url": "https://hooks.slack.com/actions/T1/1/xyz",
        "actions": [{"action_id": button.get("action_id", "a1"), "block_id": "b1",
                     "text": button["text"], "value": value, "type": "button",
                     "action_ts": str(time.time())}],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


def text_of(post: dict) -> str:
    body = post["body"]
    if body.get("blocks"):
        return body["blocks"][0]["text"]["text"]
    return body.get("text", "")


def title_of(post: dict) -> str:
    return text_of(post).split("Try this:")[1].split("(")[0].strip()


def strategy_posts(posts):
    return [p for p in posts if "Try this:" in text_of(p)]


def send_event(server, event: dict, **kwargs):
    status, headers, body = server.slack(envelope(event, kwargs.pop("event_id", "")),
                                         "application/json", **kwargs)
    return status, headers, body


def first_strategy(server, fake, event: dict):
    status, _, body = send_event(server, event)
    assert status == 200, body
    thread = event.get("thread_ts") or event["ts"]
    posts = fake.wait_for(lambda ps: strategy_posts(ps), channel=event["channel"], thread_ts=thread)
    return strategy_posts(posts)[0]


def test_direct_message_gets_a_strategy_with_block_kit_buttons_in_its_thread(slack_assistant, fake_slack):
    channel, ts = "D1", new_ts()
    post = first_strategy(slack_assistant, fake_slack, dm("U1", IMPASSE, channel, ts))

    body = post["body"]
    assert post["error"] is None, post["error"]  # e.g. as_user would be invalid_arguments
    assert body["channel"] == channel and body["thread_ts"] == ts
    assert "as_user" not in body
    assert "Try this:" in body["text"] and "How to run it:" in body["text"]
    section, actions = body["blocks"]
    assert section["type"] == "section" and "Why it helps here:" in section["text"]["text"]
    assert actions["type"] == "actions"
    assert [(e["type"], e["text"]["text"], e["value"]) for e in actions["elements"]] == \
        [("button", title, value) for title, value in BUTTONS]
    # Every reply of this turn went to the same thread, and only one strategy was posted.
    assert len(strategy_posts(fake_slack.posts(thread_ts=ts))) == 1


def test_button_click_continues_the_conversation(slack_assistant, fake_slack):
    channel, ts = "D1", new_ts()
    first = first_strategy(slack_assistant, fake_slack, dm("U1", IMPASSE, channel, ts))

    status, _, body = slack_assistant.slack(click("U1", channel, first, "/another_strategy"),
                                            "application/x-www-form-urlencoded")
    assert status == 200, body
    posts = fake_slack.wait_for(lambda ps: len(strategy_posts(ps)) >= 2, channel=channel, thread_ts=ts)
    second = strategy_posts(posts)[1]
    assert title_of(second) != title_of(first), "another idea must not repeat the first"
    assert second["body"]["thread_ts"] == ts

    slack_assistant.slack(click("U1", channel, second, "/explain_strategy"),
                          "application/x-www-form-urlencoded")
    why = fake_slack.wait_for(lambda ps: any(text_of(p).startswith("I read it as") for p in ps),
                              channel=channel, thread_ts=ts)
    assert title_of(second).lower() in next(text_of(p) for p in why
                                            if text_of(p).startswith("I read it as")).lower()


def test_two_mediators_in_one_channel_have_separate_conversations(slack_assistant, fake_slack):
    channel, ts1, ts2 = "C1", new_ts(), new_ts()
    first_strategy(slack_assistant, fake_slack, mention("U1", IMPASSE, channel, ts1))
    first_strategy(slack_assistant, fake_slack, mention("U2", OTHER_IMPASSE, channel, ts2))

    u1 = slack_assistant.tracker(f"U1_{channel}_{ts1}")
    u2 = slack_assistant.tracker(f"U2_{channel}_{ts2}")
    said = lambda t: [e["text"] for e in t["events"] if e["event"] == "user"]  # noqa: E731
    assert said(u1) == [IMPASSE] and said(u2) == [OTHER_IMPASSE]

    # U2 speaks in U1's thread (no mention needed once the bot is in the thread):
    # that is U2's own conversation, which has no strategy to follow up on yet.
    reply_ts = new_ts()
    status, _, _ = send_event(slack_assistant, channel_message("U2", "another idea", channel,
                                                               reply_ts, thread_ts=ts1))
    assert status == 200
    fake_slack.wait_for(lambda ps: len(ps) >= 2, channel=channel, thread_ts=ts1)
    time.sleep(2)
    assert len(strategy_posts(fake_slack.posts(channel=channel, thread_ts=ts1))) == 1
    assert said(slack_assistant.tracker(f"U2_{channel}_{ts1}")) == ["another idea"]
    assert said(slack_assistant.tracker(f"U1_{channel}_{ts1}")) == [IMPASSE]

    # U1's own follow-up in the thread, without a mention, continues U1's conversation.
    status, _, _ = send_event(slack_assistant, channel_message("U1", "another idea", channel,
                                                               new_ts(), thread_ts=ts1))
    assert status == 200
    fake_slack.wait_for(lambda ps: len(strategy_posts(ps)) == 2, channel=channel, thread_ts=ts1)


def test_each_thread_is_its_own_conversation(slack_assistant, fake_slack):
    channel, ts1, ts2 = "D1", new_ts(), new_ts()
    first_strategy(slack_assistant, fake_slack, dm("U1", IMPASSE, channel, ts1))
    first_strategy(slack_assistant, fake_slack, dm("U1", OTHER_IMPASSE, channel, ts2))
    said = lambda t: [e["text"] for e in t["events"] if e["event"] == "user"]  # noqa: E731
    assert said(slack_assistant.tracker(f"U1_{channel}_{ts1}")) == [IMPASSE]
    assert said(slack_assistant.tracker(f"U1_{channel}_{ts2}")) == [OTHER_IMPASSE]


def test_forged_and_stale_requests_are_refused_and_get_no_reply(slack_assistant, fake_slack):
    channel = "D1"
    forged_ts, stale_ts, unsigned_ts = new_ts(), new_ts(), new_ts()
    status, _, _ = send_event(slack_assistant, dm("U1", IMPASSE, channel, forged_ts),
                              secret="not-the-signing-secret")
    assert status in (401, 403)
    status, _, _ = send_event(slack_assistant, dm("U1", IMPASSE, channel, stale_ts),
                              timestamp=int(time.time()) - 6 * 60)  # correctly signed, too old
    assert status in (401, 403)
    status, _, _ = send_event(slack_assistant, dm("U1", IMPASSE, channel, unsigned_ts),
                              headers={"X-Slack-Signature": ""})
    assert status in (401, 403)
    # A forged button click too.
    control = first_strategy(slack_assistant, fake_slack, dm("U1", IMPASSE, channel, new_ts()))
    status, _, _ = slack_assistant.slack(click("U1", channel, control, "/another_strategy"),
                                         "application/x-www-form-urlencoded", secret="wrong")
    assert status in (401, 403)

    time.sleep(QUIET_SECONDS)
    for ts in (forged_ts, stale_ts, unsigned_ts):
        assert fake_slack.posts(thread_ts=ts) == []
    assert len(strategy_posts(fake_slack.posts(thread_ts=control["body"]["thread_ts"]))) == 1


def test_retries_of_an_event_never_produce_a_second_reply(slack_assistant, fake_slack):
    channel, ts, event_id = "D1", new_ts(), f"Ev{uuid.uuid4().hex[:10].upper()}"
    body = envelope(dm("U1", IMPASSE, channel, ts), event_id)
    status, _, _ = slack_assistant.slack(body, "application/json")
    assert status == 200
    fake_slack.wait_for(lambda ps: strategy_posts(ps), thread_ts=ts)
    replies_before = len(fake_slack.posts(thread_ts=ts))

    # Slack retries the same body (same event_id); Rasa's own connector processes a retry
    # again unless its reason is http_timeout.
    for number, reason in ((1, "http_timeout"), (2, "http_error"), (3, "unknown_error")):
        status, headers, _ = slack_assistant.slack(
            body, "application/json",
            headers={"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason})
        assert status == 200
        assert {k.lower(): v for k, v in headers.items()}.get("x-slack-no-retry") == "1"
    time.sleep(QUIET_SECONDS)
    assert len(fake_slack.posts(thread_ts=ts)) == replies_before
    assert len(strategy_posts(fake_slack.posts(thread_ts=ts))) == 1


def test_retry_of_an_event_that_never_arrived_is_answered_once(slack_assistant, fake_slack):
    channel, ts = "D1", new_ts()
    body = envelope(dm("U1", IMPASSE, channel, ts))
    status, _, _ = slack_assistant.slack(
        body, "application/json",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "connection_failed"})
    assert status == 200
    fake_slack.wait_for(lambda ps: strategy_posts(ps), thread_ts=ts)
    slack_assistant.slack(body, "application/json",
                          headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "connection_failed"})
    time.sleep(QUIET_SECONDS)
    assert len(strategy_posts(fake_slack.posts(thread_ts=ts))) == 1


def test_one_message_delivered_as_mention_and_as_channel_message_is_answered_once(
        slack_assistant, fake_slack):
    channel, ts = "C2", new_ts()
    first_strategy(slack_assistant, fake_slack, mention("U1", IMPASSE, channel, ts))
    # A follow-up in the thread mentioning the bot: Slack sends app_mention and message.channels.
    follow_ts = new_ts()
    text = f"<@{BOT_USER}> another idea"
    send_event(slack_assistant, mention("U1", "another idea", channel, follow_ts, thread_ts=ts))
    send_event(slack_assistant, channel_message("U1", text, channel, follow_ts, thread_ts=ts))
    fake_slack.wait_for(lambda ps: len(strategy_posts(ps)) >= 2, channel=channel, thread_ts=ts)
    time.sleep(QUIET_SECONDS)
    assert len(strategy_posts(fake_slack.posts(channel=channel, thread_ts=ts))) == 2


def test_channel_chatter_and_edits_are_ignored(slack_assistant, fake_slack):
    channel, ts = "C3", new_ts()
    send_event(slack_assistant, channel_message("U1", IMPASSE, channel, ts))  # no mention, no thread
    edited = dm("U1", IMPASSE, "D1", new_ts())
    edited["subtype"] = "message_changed"
    send_event(slack_assistant, edited)
    time.sleep(QUIET_SECONDS)
    assert fake_slack.posts(channel=channel) == []
    assert fake_slack.posts(thread_ts=edited["ts"]) == []


def test_url_verification_and_rest_still_work(slack_assistant):
    status, _, body = slack_assistant.slack(
        json.dumps({"token": "t", "challenge": "abc123", "type": "url_verification"}).encode(),
        "application/json")
    assert status == 200 and json.loads(body) == {"challenge": "abc123"}

    status, _, body = slack_assistant.post(
        "/webhooks/rest/webhook", json.dumps({"sender": "rest-user", "message": IMPASSE}).encode(),
        {"Content-Type": "application/json"})
    assert status == 200 and "Try this:" in " ".join(m.get("text", "") for m in json.loads(body))


def test_typed_slash_commands_are_read_as_words_not_obeyed(slack_assistant, fake_slack):
    channel, ts = "D7", new_ts()
    first_strategy(slack_assistant, fake_slack, dm("U7", IMPASSE, channel, ts))
    before = len(fake_slack.posts(thread_ts=ts))
    for text in ("/restart", '/impasse_anger{"party": "Zebulon"}'):
        status, _, _ = send_event(slack_assistant, dm("U7", text, channel, new_ts(), thread_ts=ts))
        assert status == 200
        before += 1
        fake_slack.wait_for(lambda ps, n=before: len(ps) >= n, channel=channel, thread_ts=ts)

    events = slack_assistant.tracker(f"U7_{channel}_{ts}")["events"]
    assert not [e for e in events if e["event"] == "restart"]  # the case was not wiped
    typed = [e for e in events if e["event"] == "user"][-2:]
    assert [e["text"] for e in typed] == ["restart", 'impasse_anger{"party": "Zebulon"}']
    assert all(e["parse_data"]["intent"]["name"] != "restart" for e in typed)
