"""What the message does wins over the intent the NLU gave it.

The NLU names one act per message, and on a mediator's short, mixed messages it is often the
wrong one: "give me something else, they're stuck on hours" read as a correction, "should the
LA be at the review?" read as a change to a note, "settled 27.5k inclusive of costs" read as
feedback. `hears_the_act_first` wraps an action that answers one act: when the message's words,
read with what the assistant just did (`actions.reading.acts.act_of`), plainly do another act,
the message goes to that act's action instead (`actions.actions._plain_act`, which also keeps
safety first). The acts an action answers itself are never handed on, so nothing loops.
"""
from __future__ import annotations

from typing import Callable, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.reading.acts import act_of
from actions.situation import Situation


def plain_act(tracker: Tracker, text: str):
    """The act the words plainly do, read with what the assistant just did; None if they don't say."""
    situation = Situation.from_slot(tracker.get_slot("situation"))
    return act_of(text, after_strategy=bool(tracker.get_slot("current_strategy")) and situation.answered,
                  after_question=bool(situation.pending))


def hears_the_act_first(*own: str) -> Callable[[type], type]:
    """Class decorator: hand the message on when its words plainly do an act other than `own`."""
    def wrap(cls: type) -> type:
        own_run = cls.run

        def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
            text = (tracker.latest_message or {}).get("text") or ""
            if not getattr(self, "intent", None):  # not already handed over by another action
                act = plain_act(tracker, text)
                if act is not None and act not in own:
                    from actions.actions import _plain_act  # actions.py imports the modules using this
                    handed = _plain_act(dispatcher, tracker, domain, text, act)
                    if handed is not None:
                        return handed
            return own_run(self, dispatcher, tracker, domain)

        run.__doc__ = own_run.__doc__
        cls.run = run
        return cls
    return wrap
