"""The BATNA/WATNA worksheet's answers are the party's answers: a question asked back ("what
do you mean by worst?", "does that include costs?") is answered, not written down, and the
same step is asked again. Safety comes first here too: a clear signal typed as an answer ends the
worksheet with that risk's protocol (nothing of it is written down); an unclear one is not written
down and gets a short check before the step is asked again."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.playbook import WORKSHEET_KEYS

_QUESTION = re.compile(
    r"^\W*(?:(?:what|how|why|which|when|where|who(?!\s+knows)|do|does|did|is|are|can|could|should|would|"
    r"will|sorry|pardon)\b[^?]*\?\s*$|(?:what\s+do\s+you\s+mean|what\s+does\s+that\s+mean|meaning\?|huh\b|eh\?|"
    r"i\s+don'?t\s+(?:understand|get\s+it)|not\s+sure\s+what\s+you\s+mean|can\s+you\s+explain|come\s+again|"
    r"say\s+that\s+again|what\?))", re.IGNORECASE)

# What each step wants, said when the mediator asks what it means.
HINTS = {
    "best": "the best that could realistically happen for the party if there is no deal here (a court "
            "order, another buyer, walking away), in their own words",
    "worst": "the worst that could realistically happen for the party without an agreement",
    "likely": "what the party thinks is most likely without an agreement, and how sure they are",
    "cost": "what getting there would cost the party: fees, time off work, stress, relationships",
    "time": "how long the party expects it to take to be decided without an agreement, and what "
            "happens meanwhile",
}


def is_question_back(text: str) -> bool:
    """A question asked back, not an answer to the worksheet's question."""
    return bool(_QUESTION.search(" ".join((text or "").replace("\u2019", "'").split())))


class ValidateBatnaForm(FormValidationAction):
    """Keeps the party's answers and answers a question asked back instead of storing it."""

    def name(self) -> Text:
        return "validate_batna_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if breaks_off_for_safety(tracker, text):
            from actions.actions import ActionSuggestStrategy  # actions.py imports this module
            events = ActionSuggestStrategy().run(dispatcher, tracker, domain)
            return list(events) + [SlotSet("requested_slot", None)]  # the form ends here
        return await super().run(dispatcher, tracker, domain)


def breaks_off_for_safety(tracker: Tracker, text: str) -> bool:
    """A clear safety signal, danger words in another language, a report on an open concern, or
    any answer at all while a concern is open: the worksheet is negotiation, and waits."""
    from actions.safety_turns import case_safety, needs_safety_reading
    from actions.safety.signals import read
    if case_safety(tracker).state == "open":
        return True
    return needs_safety_reading(tracker, text) and (read(text).clear or not read(text).ambiguous)


def _validator(key: str):
    def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict) -> Dict[Text, Any]:
        if isinstance(value, str) and _unclear_safety(value):
            dispatcher.utter_message(text=(
                "I haven't written that down as their answer: it may be about safety. Is anyone afraid "
                "for their safety? If so, say \"stop the worksheet\" and tell me what's happening; if "
                "not, give me their answer again."))
            return {f"batna_{key}": None}
        if isinstance(value, str) and is_question_back(value):
            dispatcher.utter_message(text=(
                "That sounds like a question, so I haven't written it down as their answer. "
                f"This step is about {HINTS[key]}."))
            return {f"batna_{key}": None}
        return {f"batna_{key}": value}
    validate.__name__ = f"validate_batna_{key}"
    return validate


def _unclear_safety(text: str) -> bool:
    from actions.safety.signals import read
    return read(text).ambiguous


for _key in WORKSHEET_KEYS:
    setattr(ValidateBatnaForm, f"validate_batna_{_key}", _validator(_key))
