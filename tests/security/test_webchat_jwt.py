"""The web chat's socket.io channel with `jwt_key` set: no valid token, no connection; a valid
token's `sub` is the conversation, whatever session id the client asks for.

The servers come from scripts/serve.sh (conftest `api_on`); the HTTP API token is used only to
read trackers back.
"""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import List, Optional

import jwt
import pytest

from channels.webchat import WebChatInput, sender_from_token
from served_assistant import API_TOKEN, IMPASSE, WEBCHAT_JWT_KEY, ChatClient, http


def token(sub: Optional[str] = "mediator-a", key: str = WEBCHAT_JWT_KEY,
          expires_in: Optional[int] = 600, algorithm: str = "HS256") -> str:
    claims = {}
    if sub is not None:
        claims["sub"] = sub
    if expires_in is not None:
        claims["exp"] = int(time.time()) + expires_in
    return jwt.encode(claims, key, algorithm=algorithm)


def user_texts(api_on, sender: str) -> List[str]:
    status, body = http(f"{api_on.base}/conversations/{sender}/tracker?token={API_TOKEN}")
    assert status == 200, status
    return [e.get("text") for e in json.loads(body)["events"] if e["event"] == "user"]


# ------------------------------------------------------------- without a server


def test_credentials_pass_the_key_and_method_through():
    channel = WebChatInput.from_credentials({"session_persistence": True, "jwt_key": "k" * 20,
                                             "jwt_method": "HS512"})
    assert (channel.jwt_key, channel.jwt_algorithm) == ("k" * 20, "HS512")
    assert WebChatInput.from_credentials({}).jwt_key is None  # off unless configured


@pytest.mark.parametrize("key", ["", "   ", None])
def test_an_empty_key_is_an_error_not_an_open_channel(key):
    with pytest.raises(ValueError, match="jwt_key is empty"):
        WebChatInput.from_credentials({"jwt_key": key})


def test_unsigned_tokens_cannot_be_configured():
    with pytest.raises(ValueError, match="unsigned"):
        WebChatInput.from_credentials({"jwt_key": "k" * 20, "jwt_method": "none"})


def test_sender_from_token():
    assert sender_from_token(token("m-1"), WEBCHAT_JWT_KEY, "HS256") == "m-1"
    assert sender_from_token("Bearer " + token("m-1"), WEBCHAT_JWT_KEY, "HS256") == "m-1"
    assert sender_from_token(token("m-1", key="another-key-of-the-same-length-or-more!!!!"), WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(token("m-1", expires_in=-30), WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(token("m-1", expires_in=None), WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(token(None), WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(token(" "), WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(token("m-1", key=WEBCHAT_JWT_KEY * 2, algorithm="HS512"),
                             WEBCHAT_JWT_KEY * 2, "HS256") is None
    unsigned = jwt.encode({"sub": "m-1", "exp": int(time.time()) + 60}, None, algorithm="none")
    assert sender_from_token(unsigned, WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token(None, WEBCHAT_JWT_KEY, "HS256") is None
    assert sender_from_token("not.a.jwt", WEBCHAT_JWT_KEY, "HS256") is None


# ------------------------------------------------------------- real servers


@pytest.mark.parametrize("auth", [
    None,
    {},
    {"token": ""},
    {"token": token(key="not-the-web-chat-key-but-long-enough-anyway")},
    {"token": token(expires_in=-60)},
    {"token": token(expires_in=None)},
    {"token": token(sub=None)},
], ids=["no-auth", "empty-auth", "empty-token", "wrong-key", "expired", "no-exp", "no-sub"])
async def test_connection_without_a_valid_token_is_refused(api_on, auth):
    client = ChatClient()
    try:
        # Our check's own reason: Rasa's (signature only) would say "Connection rejected".
        assert await client.refusal(api_on.base, auth) == {"message": "a valid token is required"}
        # The client library will not emit on a refused namespace; push raw packets anyway.
        await client.raw_event("session_request", {"session_id": "anyone"})
        await client.raw_event("user_uttered", {"message": IMPASSE, "session_id": "anyone"})
        await asyncio.sleep(2)
        assert client.confirmed.empty() and client.texts == []
    finally:
        await client.close()
    assert user_texts(api_on, "anyone") == []


async def test_valid_token_talks_as_its_own_sub_only(api_on):
    alice, bob = f"alice-{uuid.uuid4().hex[:8]}", f"bob-{uuid.uuid4().hex[:8]}"
    first, second = ChatClient(), ChatClient()
    try:
        await first.connect(api_on.base, {"token": token(alice)})
        await second.connect(api_on.base, {"token": token(bob)})
        # Each asks for the other's conversation and is given its own.
        assert await first.session(bob) == alice
        assert await second.session(alice) == bob

        await first.say(IMPASSE, session_id=bob)  # the session id it sends does not matter
        await first.wait_for_strategy()
        await asyncio.sleep(2)  # anything misrouted would have arrived by now
        assert second.texts == []
    finally:
        await first.close()
        await second.close()

    assert user_texts(api_on, alice) == [IMPASSE]
    assert user_texts(api_on, bob) == []


async def test_a_new_connection_with_the_same_sub_continues_the_conversation(api_on):
    carol = f"carol-{uuid.uuid4().hex[:8]}"
    for _ in range(2):  # a reload, or a second device
        client = ChatClient()
        try:
            await client.connect(api_on.base, {"token": token(carol)})
            assert await client.session(None) == carol
            await client.say(IMPASSE, session_id=carol)
            await client.wait_for_strategy()
        finally:
            await client.close()
    assert user_texts(api_on, carol) == [IMPASSE, IMPASSE]
