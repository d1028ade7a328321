"""Send one case to the server and judge its answer."""
from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from harness.servers import connection
from harness.slack import sign
from scripts.fuzz.cases import REST, Case, load_json

# Replies that mean something broke behind a 200 (channels/rest.py ERROR_TEXT, and
# channels/resilience.py UNREACHABLE_TEXT while the action server should be up).
BROKEN_REPLIES = ("Something went wrong on my side", "I can't reach my suggestions")


@dataclass
class Result:
    case: Case
    status: int  # 0: no HTTP answer at all
    body: bytes
    seconds: float
    problem: Optional[str] = None


def _signed(case: Case) -> Tuple[bytes, Dict[str, str]]:
    """Body and headers as sent: Slack requests get their signature now."""
    if case.sign_secret is None:
        return case.body, dict(case.headers)
    stamp = int(time.time()) - case.sign_age
    headers = dict(case.headers, **{"X-Slack-Request-Timestamp": str(stamp),
                                    "X-Slack-Signature": sign(case.body, stamp, case.sign_secret)})
    return (case.body + b" " if case.tamper else case.body), headers


def send(base: str, case: Case, timeout: float = 120.0) -> Result:
    conn = connection(base, timeout)
    started = time.perf_counter()
    try:
        body, headers = _signed(case)
        if case.chunked:
            chunks = [body[i:i + 8192] for i in range(0, len(body), 8192)]
            conn.request(case.method, case.path, body=iter(chunks), headers=headers,
                         encode_chunked=True)
        else:
            conn.request(case.method, case.path, body=body or None, headers=headers)
        answer = conn.getresponse()
        body = answer.read()
        return Result(case, answer.status, body, time.perf_counter() - started)
    except (OSError, http.client.HTTPException) as error:
        return Result(case, 0, b"", time.perf_counter() - started,
                      f"no HTTP answer: {type(error).__name__}: {error}")
    finally:
        conn.close()


def judge(result: Result) -> Optional[str]:
    """Why this result is wrong, or None."""
    case, status = result.case, result.status
    if result.problem:
        return result.problem
    if status >= 500:
        return f"server error {status}"
    if case.status is not None and status != case.status:
        return f"expected {case.status}, got {status}"
    if case.expect == "health":
        return None if status == 200 and load_json(result.body) == {"status": "ok"} else "health check failed"
    if case.expect == "slack_ok":
        return None if status == 200 else f"Slack webhook answered {status}"
    if 400 <= status < 500:
        if case.expect == "reply":
            return f"refused ({status}) a request that should be answered: {result.body[:200]!r}"
        if case.path == REST and case.method == "POST":
            error = load_json(result.body)
            if not (isinstance(error, dict) and error.get("error") and error.get("message")):
                return f"{status} without a JSON error body: {result.body[:200]!r}"
        return None
    if status != 200:
        return f"unexpected status {status}"
    if case.expect == "reject":
        return f"accepted (200) a request that should be refused: {result.body[:200]!r}"
    if case.path != REST:
        return None
    messages = load_json(result.body)
    if not isinstance(messages, list) or not messages:
        return f"200 without a non-empty JSON list of messages: {result.body[:200]!r}"
    for message in messages:
        if not isinstance(message, dict) or message.get("recipient_id") != case.sender:
            return f"message not addressed to the sender: {str(message)[:200]}"
        if not any(message.get(k) for k in ("text", "buttons", "image", "custom", "attachment")):
            return f"empty message: {str(message)[:200]}"
        text = str(message.get("text", ""))
        if "Traceback" in text:
            return "a traceback in the reply"
        if text.startswith(BROKEN_REPLIES):
            return f"handled with an error reply (see the server log): {text[:80]}"
    return None
