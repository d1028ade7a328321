"""Every sentence the assistant says is worded here, for text and for voice.

Wording that depends on the case (the parties, the issue, the figures, the cause and the
strategy) is built from the playbook; fixed replies that a custom action chooses between are
constants below (domain.yml keeps only the responses rules and stories use). Pure: no Rasa,
no I/O; imports the playbook and the shared vocabulary of words.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from actions.playbook import SAFETY_CAUSE, UNSPECIFIED_CAUSE, Cause, Playbook, SafeOption, Strategy
from actions.safety.signals import read as read_safety
from actions.words import ROLE_NOUNS, money

DEFAULT_PARTY = "one side"
DEFAULT_ISSUE = "this issue"
MAX_SLOT_CHARS = 60

_DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "their ", "our ", "your ", "its ",
                "both ", "each ", "this ", "that ")

SETTING_WORDS = {"joint": "in joint session", "caucus": "in caucus", "either": "jointly or in caucus"}

# Also what a mediator clicks when the protocol came for a description with no danger in it.
SAFETY_RESOLVED_BUTTON = (("Everyone is safe now", "/safety_resolved"),)
BUTTONS_AFTER_STRATEGY = (
    ("Another idea", "/another_strategy"),
    ("Why this?", "/explain_strategy"),
    ("Questions for caucus", "/caucus_questions"),
)
WORKSHEET_BUTTON = (("Walk me through it", "/batna_worksheet"),)
VOICE_FOLLOW_UP = "Want another idea, or the questions for caucus?"


@dataclass(frozen=True)
class Reply:
    """What one bot turn says: text plus optional quick-reply buttons."""

    text: str
    buttons: Sequence[Dict[str, str]] = field(default_factory=tuple)

    def as_kwargs(self) -> Dict:
        kwargs: Dict = {"text": self.text}
        if self.buttons:
            kwargs["buttons"] = list(self.buttons)
        return kwargs


def _buttons(pairs) -> List[Dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def _clean(value: Optional[str]) -> str:
    if not value or not isinstance(value, str):
        return ""
    value = re.sub(r"<[^>]*>", "", value)  # never echo markup back into a chat or a page
    value = re.sub(r"[<>{}\[\]`*_~|\\]", "", value)
    value = re.sub(r"\s+", " ", value).strip(" .,;:!?\"'")
    if len(value) > MAX_SLOT_CHARS or not re.search(r"[A-Za-z]", value):
        return ""
    return value


def _second_person(value: str) -> str:
    """An advocate's "my client" is "your client" when the assistant speaks."""
    return re.sub(r"\b(?:my|My)\b", "your", value)


def party_phrase(raw: Optional[str]) -> str:
    """Turn a party as the mediator wrote it into a noun phrase that fits mid-sentence."""
    value = _clean(raw)
    if not value:
        return DEFAULT_PARTY
    value = _second_person(value)
    first, _, rest = value.partition(" ")
    if (value.lower() + " ").startswith(_DETERMINERS):
        return " ".join(filter(None, [first.lower(), rest]))
    if first.lower() in ROLE_NOUNS:
        return "the " + value.lower()
    return value  # a name: keep its capitals


def issue_phrase(raw: Optional[str]) -> str:
    value = _clean(raw)
    if not value:
        return DEFAULT_ISSUE
    value = _second_person(value)
    first, _, rest = value.partition(" ")
    if (value.lower() + " ").startswith(_DETERMINERS):
        return " ".join(filter(None, [first.lower(), rest]))
    return value


def fill(template: str, party: Optional[str] = None, issue: Optional[str] = None) -> str:
    """Fill {party}/{issue}; empty slots read naturally ("one side", "this issue")."""
    text = template.format(party=party_phrase(party), issue=issue_phrase(issue))
    return text[0].upper() + text[1:] if text else text


def recognised(cause: Cause, party: Optional[str], issue: Optional[str]) -> str:
    return fill(cause.recognised, party, issue)


def strategy_reply(playbook: Playbook, strategy: Strategy, cause: str, *, party: Optional[str] = None,
                   issue: Optional[str] = None, opening: Optional[str] = None,
                   also: Sequence[str] = (), repeated: bool = False, voice: bool = False,
                   turn: int = 0, money_line: str = "", other: Optional[str] = None,
                   safe: Optional[SafeOption] = None, before: str = "", preface: str = "",
                   apart: bool = False, kind_step: str = "") -> Reply:
    """One strategy, with why it fits, how to run it and a reframing question.

    `turn` rotates through the strategy's questions (the n-th strategy offered in a
    conversation asks its n-th question); `money_line` says the figures back when the
    mediator gave them; a strategy that serves every cause heard says so in one line; when
    the other party was named too (`other`), the question names them instead of "the other side".
    Under a safety concern, `safe` replaces the strategy's why, question and (if it has them)
    steps, and the question is for the person at risk. `before` is a paragraph that must come
    before any tactic (the private screening for pressure). `preface` comes first of all (an
    acknowledgement, or the reminder that the case is shuttle only); `apart` says a strategy
    that could run jointly or in caucus is to run in separate rooms; `kind_step` is the step this
    kind of case adds (actions/case_kinds.yml).
    """
    asked_of_cause = playbook.causes[cause].caucus_questions if (
        strategy.asks_cause_questions and cause in playbook.causes) else ()
    questions = asked_of_cause or strategy.questions
    question = fill(safe.question if safe else questions[turn % len(questions)], party, issue)
    how = (safe.how if safe else ()) or strategy.how
    if other and _clean(other):
        question = question.replace("the other side", party_phrase(other))
    lead = []
    if opening:
        lead.append(opening)
    if money_line:
        lead.append(money_line)
    if also:
        served = [c for c in also if c in strategy.why]
        if len(served) == len(also) and cause not in also:
            labels = [playbook.causes[c].label for c in [cause, *also]]
            lead.append("I'm also hearing " + _join([playbook.causes[c].label for c in also]) +
                        "; this one serves both: " + _join(labels) + ".")
        else:
            labels = [playbook.causes[c].label for c in also]
            lead.append("I'm also hearing " + _join(labels) + ", so I've weighed that too.")
    if repeated:
        lead.append("That's every idea I have for this one, so here is the first again.")

    if safe:
        asked = "A question for the person at risk, in private"
    else:
        asked = f"A question for {party_phrase(party)}" if party and _is_name(party) else "A question to reframe it"
    if voice:
        said = (f"{strategy.title}. {fill(how[0], party, issue)}" if safe and safe.how
                else fill(strategy.spoken, party, issue))
        check = [SCREENING_SPOKEN] if before else []
        spoken = " ".join(([preface] if preface else []) + lead + check
                          + [said, f"You could ask: {question}", VOICE_FOLLOW_UP])
        return Reply(text=spoken)

    how = tuple(how) + ((kind_step,) if kind_step and not safe else ())  # the setting's own step, last
    steps = "\n".join(f"{i}. {fill(step, party, issue)}" for i, step in enumerate(how, 1))
    body = (
        f"Try this: {strategy.title} ({'in separate rooms' if apart else SETTING_WORDS[strategy.setting]}).\n"
        f"Why it helps here: {fill(safe.why if safe else strategy.why[cause], party, issue)}\n"
        f"How to run it:\n{steps}\n"
        f"{asked}: \"{question}\""
    )
    text = "\n\n".join(filter(None, [preface, " ".join(lead), before, body]))
    buttons = BUTTONS_AFTER_STRATEGY + (WORKSHEET_BUTTON if strategy.id == "batna_worksheet" else ())
    if safe:
        buttons += SAFETY_RESOLVED_BUTTON
    return Reply(text=text, buttons=_buttons(buttons))


def _is_name(raw: str) -> bool:
    """A person's name ("Sarah"), not a role ("the husband", "my client")."""
    value = _clean(raw)
    return bool(value) and value[0].isupper() and not (value.lower() + " ").startswith(_DETERMINERS) \
        and value.split()[0].lower() not in ROLE_NOUNS and value.lower() not in ("my client", "i", "we")


# The words mediators use for each strategy when they ask "why X?" ("why future tho", "why package?",
# "why would asking what each would offer help?").
STRATEGY_WORDS = (
    ("cost_of_not_settling", r"cost\s+of\s+not\s+settling|not\s+settling|costs?\s+of\s+(?:going\s+on|fighting|court)"),
    ("batna_worksheet", r"\bbatna\b|\bwatna\b|alternatives?\s+to\s+(?:a\s+)?(?:deal|agreement)"),
    ("what_would_you_offer", r"what\s+(?:would\s+)?(?:each|they|he|she)\s+(?:of\s+you\s+)?(?:would\s+)?offer|asking\s+(?:each|them)\s+what"),
    ("short_term_experiment", r"\btrial\b|experiment|test\s+run|try\s+it\s+for"),
    ("focus_future", r"\bfuture\b|a\s+year\s+from\s+now|looking\s+ahead"),
    ("park_issue", r"\bpark(?:ing)?\b"),
    ("brainstorm_options", r"brainstorm"),
    ("trade_across_issues", r"\bpackage\b|\btrade\b|split\s+the\s+issue"),
    ("bracketing", r"\bbracket"),
    ("hypothetical_offer", r"hypothetical|what\s+if\s+offer"),
    ("mediators_proposal", r"mediator'?s\s+proposal|\bmy\s+proposal\b"),
    ("single_negotiating_text", r"single\s+(?:negotiating\s+)?text|one\s+draft"),
    ("bring_in_decision_maker", r"decision[- ]maker|someone\s+with\s+authority|person\s+who\s+can\s+decide"),
    ("reactive_devaluation", r"who\s+proposed|reactive\s+devaluation"),
    ("partial_agreement_close", r"partial\s+agreement"),
    ("underlying_interests", r"beneath|underlying|interests|behind\s+(?:the|their|his|her)\s+position"),
    ("ask_what_they_need", r"what\s+(?:they|he|she)\s+need"),
    ("keep_control", r"keep\s+control|in\s+control"),
    ("expert_perspective", r"\bexpert\b|valuer|surveyor"),
    ("gather_information", r"more\s+information|more\s+info|disclosure"),
    ("adjourn_with_homework", r"homework|adjourn"),
    ("summarise_gains", r"summar|\bgains\b"),
    ("take_break", r"\bbreak\b|\bpause\b"),
    ("caucus", r"\bcaucus\b|separately|private\s+(?:session|meeting)"),
)


def strategy_named(text: str, playbook: Playbook) -> Optional[str]:
    """The strategy a "why X?" names in the mediator's words, if it names one."""
    for strategy_id, words in STRATEGY_WORDS:
        if strategy_id in playbook.strategies and re.search(words, text or "", re.I):
            return strategy_id
    return None


def why_named_reply(playbook: Playbook, strategy_id: str, cause_id: Optional[str],
                    party: Optional[str], issue: Optional[str], voice: bool = False) -> Reply:
    """"Why X?" for a strategy the mediator named, not the one last suggested: why it helps with
    the cause read here (or in general), and its first step."""
    strategy = playbook.strategies[strategy_id]
    why = strategy.why.get(cause_id or "") or strategy.why.get("impasse_unspecified") or next(iter(strategy.why.values()))
    step = _lower_first(fill(strategy.how[0], party, issue), [party or ""])
    cause = playbook.causes.get(cause_id or "")
    lead = (f"I read it as {cause.label}, and \u201c{strategy.title}\u201d fits that:" if cause and cause_id in strategy.why
            else f"\u201c{strategy.title}\u201d can help here:")
    text = f"{lead} {fill(why, party, issue)} It starts like this: {step}"
    if voice:
        return Reply(text=f"{text} {VOICE_FOLLOW_UP}")
    return Reply(text=text, buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1] + BUTTONS_AFTER_STRATEGY[2:]))


def explain_reply(playbook: Playbook, strategy_id: str, cause_id: str,
                  party: Optional[str], issue: Optional[str], quotes: Sequence[str] = (),
                  voice: bool = False) -> Reply:
    """Why this strategy: the mediator's own words that pointed to the cause, what that cause
    needs, and how this strategy gives it (never the "why" line already shown)."""
    strategy = playbook.strategies[strategy_id]
    cause = playbook.causes[cause_id]
    step = fill(strategy.how[0], party, issue)
    does = f"\"{strategy.title}\" starts there: {_lower_first(step, [party or ''])}"
    if cause_id == SAFETY_CAUSE:
        text = ("A safety concern stands in this case, so I only suggest separate rooms, going on by "
                "shuttle, or ending safely, and the person at risk decides. " + does)
        if voice:
            return Reply(text=f"{text} {VOICE_FOLLOW_UP}")
        return Reply(text=text, buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1] + BUTTONS_AFTER_STRATEGY[2:]))
    if quotes:
        heard = "I read it as " + cause.label + " because of your words " + \
            _join([f"\u201c{q}\u201d" for q in quotes]) + "."
    else:
        heard = f"I read it as {cause.label} from your description as a whole."
    need = cause.needs or ""
    text = " ".join(filter(None, [heard, need, does]))
    if voice:
        return Reply(text=f"{text} {VOICE_FOLLOW_UP}")
    return Reply(text=text, buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1] + BUTTONS_AFTER_STRATEGY[2:]))


def caucus_reply(playbook: Playbook, cause_id: str, party: Optional[str], issue: Optional[str],
                 voice: bool = False) -> Reply:
    cause = playbook.causes[cause_id]
    questions = [fill(q, party, issue) for q in cause.caucus_questions]
    if voice:
        return Reply(text="In private, you could ask: " + " ".join(questions[:2]) +
                     " Want another idea?")
    listed = "\n".join(f"- {q}" for q in questions)
    return Reply(text=f"Questions to ask in caucus, for {cause.label}:\n{listed}",
                 buttons=_buttons(BUTTONS_AFTER_STRATEGY[:2]))


def worksheet_question(playbook: Playbook, index: int, party: Optional[str],
                       issue: Optional[str]) -> Reply:
    """One step of the BATNA/WATNA worksheet: the question to put to the party in caucus."""
    key, ask = playbook.worksheet_steps[index]
    lead = ("Let's write down the alternatives to an agreement, one at a time. Ask in caucus, then "
            "tell me the answer in their words.\n\n" if index == 0 else "")
    return Reply(text=f"{lead}{index + 1} of {len(playbook.worksheet_steps)}: \"{fill(ask, party, issue)}\"")


def worksheet_summary(playbook: Playbook, answers: Dict[str, str], party: Optional[str],
                      issue: Optional[str]) -> Reply:
    """The worksheet read back: best, worst and likely outcome, cost and time, beside the offer."""
    said = {k: (_clean_answer(answers.get(k)) or "not said") for k, _ in playbook.worksheet_steps}
    text = playbook.worksheet_summary.format(party=party_phrase(party), issue=issue_phrase(issue), **said)
    return Reply(text="Here is a summary you could read to them:\n\n" + text[0].upper() + text[1:],
                 buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1]))


WORKSHEET_LABELS = {"best": "best outcome", "worst": "worst outcome", "likely": "most likely outcome",
                    "cost": "cost", "time": "time"}


def worksheet_stopped(playbook: Playbook, answers: Dict[str, str]) -> Reply:
    """The worksheet stopped part-way: what the party said so far, so nothing is lost."""
    said = [(WORKSHEET_LABELS.get(k, k), _clean_answer(answers.get(k))) for k, _ in playbook.worksheet_steps]
    said = [(label, answer) for label, answer in said if answer]
    if not said:
        return Reply(text="All right, I've stopped the worksheet. Ask for it again whenever you want to "
                          "go through the alternatives to an agreement.")
    lines = "\n".join(f"- {label}: {answer}" for label, answer in said)
    return Reply(text="All right, the worksheet stops here. What they said so far, in case you want it:\n"
                      f"{lines}\n\nAsk for the worksheet again to go through it from the start.",
                 buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1]))


def _clean_answer(value: Optional[str]) -> str:
    value = re.sub(r"<[^>]*>|[{}\[\]`*_~|\\]", "", value or "")
    value = re.sub(r"\s+", " ", value).strip(" .")
    return value[:200]


SCREENING_SPOKEN = ("Before any tactic, ask each of them privately whether they feel free to say no, "
                    "and whether anyone has threatened or frightened them.")


def screening_text(playbook: Playbook) -> str:
    """A short private screening, offered before any tactic when pressure or control shows."""
    questions = "\n".join(f"- {q}" for q in playbook.safety.screening)
    return ("Before any tactic, check it isn't control or intimidation. Ask each party privately:\n"
            + questions + "\nIf anything points to fear or control, switch to the safety protocol.")


def clarify_reply(playbook: Playbook, likely: Sequence[str] = (), voice: bool = False,
                  ruled_out: Sequence[str] = ()) -> Reply:
    """One short question, with the likeliest causes as quick replies (never one the mediator
    has just ruled out)."""
    choices: List[str] = [c for c in likely if c in playbook.causes
                          and c not in (UNSPECIFIED_CAUSE, SAFETY_CAUSE) and c not in ruled_out]
    for cause in playbook.clarify_causes:
        if len(choices) >= 4:
            break
        if cause not in choices and cause not in ruled_out:
            choices.append(cause)
    choices = choices[:4]
    labels = [playbook.causes[c].label for c in choices]
    if voice:
        return Reply(text="What seems to be holding them back? For example " + _join(labels, "or") + "?")
    buttons = [{"title": label[0].upper() + label[1:], "payload": f"/{cid}"}
               for cid, label in zip(choices, labels)]
    return Reply(text="What seems to be holding them back? Pick the closest, or tell me in your own words.",
                 buttons=buttons)


def thin_reply(party: Optional[str], voice: bool = False) -> Reply:
    """One short question when a message is too thin to tell why they are stuck."""
    if party:
        ask = (f"what reason does {party_phrase(party)} give for saying no, and what seems to "
               "be the worry underneath?")
    else:
        ask = "who is holding out, what reason do they give, and what seems to be the worry underneath?"
    return Reply(text=f"Tell me a little more before I suggest anything: {ask}")


def tell_apart_reply(playbook: Playbook, causes: Sequence[str], party: Optional[str],
                     voice: bool = False) -> Reply:
    """The one question that separates two close causes, each cause a button."""
    a, b = (playbook.causes[c] for c in causes[:2])
    question = f"Is it more that {_lower_first(fill(a.tell_apart, party))}, or that {_lower_first(fill(b.tell_apart, party))}?"
    if voice:
        return Reply(text=f"I'm hearing two things. {question}")
    buttons = [{"title": _upper_first(c.label), "payload": f"/{c.id}"} for c in (a, b)]
    return Reply(text=f"I'm hearing two things and want to get this right. {question} "
                      "Pick one, or tell me in your own words.", buttons=buttons)


def _lower_first(text: str, names: Sequence[str] = ()) -> str:
    """Lower-case a sentence's first letter unless it starts a name ("Tom ...") or "I"."""
    first = text.split(" ", 1)[0].strip(",.;:")
    if not first or first == "I" or first in names or (len(first) > 1 and first[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# --- Case memory -------------------------------------------------------------------

NOTE_LABELS = {"gain": "a gain", "parked": "a parked issue", "homework": "homework",
               "experiment": "a short-term experiment"}


def experiment_text(what: str, who: Optional[str], review: Optional[str]) -> str:
    """A short-term experiment written down clearly as temporary, ready to paste into notes."""
    return ("Short-term experiment (temporary: not the final agreement)\n"
            f"- What is being tried: {what}\n"
            f"- By whom: {who or 'both parties'}\n"
            f"- Review: {review or 'date to be agreed before the parties leave'}\n"
            "- At the review: what worked, what needs fine-tuning, and whether to make it permanent.")


def note_saved_reply(kind: str, text: str, who: Optional[str] = None,
                     review: Optional[str] = None) -> Reply:
    if kind == "experiment":
        return Reply(text="Written down as a short-term experiment:\n\n" + experiment_text(text, who, review))
    extra = ""
    if kind == "parked":
        extra = " I'll remind you to come back to it once easier issues are settled."
    return Reply(text=f"Noted as {NOTE_LABELS[kind]}: \"{text}\".{extra}")


def note_rejected_reply(reason: str) -> Reply:
    if reason == "empty":
        return Reply(text="That note was empty, so I didn't save anything. What would you like me to note?")
    return Reply(text="That note is too long for me to store as one item, so I didn't save it. "
                      "Could you give it to me in a sentence or two?")


STORE_DOWN = ("I couldn't save that just now: my case notes are unavailable, so nothing was stored. "
              "Please keep it on paper for the moment; suggestions still work.")


def store_down_reply(what: Optional[str] = None) -> Reply:
    """The one reply when the case notes can't be reached: what didn't happen (a note not
    saved, unless `what` says otherwise), and that suggestions still work."""
    if what is None:
        return Reply(text=STORE_DOWN)
    return Reply(text=f"I can't reach my case notes right now, so I can't {what}. Please try "
                      "again in a moment; suggestions still work.")


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _homework(n) -> str:
    return f"{n.text} ({n.who})" if n.who else n.text


def _experiment(n) -> str:
    return f"{n.text} (review: {n.review_date or 'date still to agree'})"


def summary_reply(snapshot) -> Reply:
    """Gains, a next step, then what is still open: parked issues, homework, experiments."""
    if not any((snapshot.gains, snapshot.parked, snapshot.homework, snapshot.experiments)):
        return Reply(text="Nothing is noted for this case yet. When the parties agree on something, "
                          "however small, tell me (\"they agreed on the holiday schedule\") and I'll keep track.")
    parts = []
    if snapshot.gains:
        parts.append("Here is what the parties have agreed so far. You could read it to them:\n"
                     + _bullets(n.text for n in snapshot.gains))
        parts.append("Suggested next step: ask them what they'd like to tackle next, and point out "
                     "that they have already shown they can solve problems together.")
    else:
        parts.append("No agreements are noted yet.")
    open_items = open_items_text(snapshot)
    if open_items:
        parts.append(open_items)
    return Reply(text="\n\n".join(parts))


def open_items_text(snapshot) -> str:
    """What was promised for later: parked issues to come back to, homework, experiments to review."""
    parts = []
    if snapshot.parked:
        parts.append("Parked, to come back to:\n" + _bullets(n.text for n in snapshot.parked))
    if snapshot.homework:
        parts.append("Homework given:\n" + _bullets(_homework(n) for n in snapshot.homework))
    if snapshot.experiments:
        parts.append("Experiments to review:\n" + _bullets(_experiment(n) for n in snapshot.experiments))
    return "\n\n".join(parts)


_NOTHING = {"parked": "Nothing is parked in this case.",
            "homework": "No homework has been given in this case.",
            "gain": "No agreements are noted for this case yet.",
            "experiment": "No short-term experiments are running in this case.",
            "left": "Nothing is left open in my notes: no parked issues, homework or experiments."}


def case_answer(snapshot, part: str) -> Reply:
    """Answer a question about the case from the notes; nothing is stored."""
    if part == "parked" and snapshot.parked:
        return Reply(text="Parked so far:\n" + _bullets(n.text for n in snapshot.parked))
    if part == "homework" and snapshot.homework:
        return Reply(text="Homework given:\n" + _bullets(_homework(n) for n in snapshot.homework))
    if part == "gain" and snapshot.gains:
        return Reply(text="Agreed so far:\n" + _bullets(n.text for n in snapshot.gains))
    if part == "experiment" and snapshot.experiments:
        return Reply(text="Experiments running:\n" + _bullets(_experiment(n) for n in snapshot.experiments))
    if part == "left":
        return Reply(text=open_items_text(snapshot) or _NOTHING["left"])
    if part in _NOTHING:
        return Reply(text=_NOTHING[part])
    return summary_reply(snapshot)


def outcome_reply(playbook: Playbook, strategy_id: str, cause_id: str, outcome: str) -> Reply:
    title = playbook.strategies[strategy_id].title.lower()
    label = playbook.causes[cause_id].label
    if outcome == "worked":
        return Reply(text=f"Good to hear. I've noted that {title} worked for {label}; "
                          "I'll suggest it earlier next time.")
    return Reply(text=f"Thanks, I've noted that {title} didn't work for {label}; "
                      "I'll rank it lower for you. Want another idea?",
                 buttons=_buttons(BUTTONS_AFTER_STRATEGY[:1]))


SAFETY_STATE_WORDS = {"open": "concern open: separate rooms only",
                      "shuttle_only": "safe for now: shuttle only, no joint sessions",
                      "screened_clear": "screened, no concern"}


def export_markdown(snapshot, playbook: Playbook, shared: bool = False) -> str:
    """The case as Markdown in two parts: what may be shared with the parties (agreements,
    parked issues, homework, experiments) and what is for the mediator only (strategies
    tried, safety and screening, and any note that mentions safety, held back from the
    shared part). `shared` gives the first part alone: nothing in it says a concern was
    ever raised."""
    def section(title, notes, fmt=lambda n: n.text):
        body = _bullets(fmt(n) for n in notes) if notes else "- (none)"
        return f"### {title}\n{body}\n"

    def experiment(n):
        return f"{n.text} (by {n.who or 'both parties'}; review: {n.review_date or 'to be agreed'}; temporary)"

    def offer(o):
        strategy = playbook.strategies.get(o.strategy)
        cause = playbook.causes.get(o.cause)
        outcome = {"worked": "worked", "failed": "did not work"}.get(o.outcome, "no feedback")
        return (f"{strategy.title if strategy else o.strategy} "
                f"(for {cause.label if cause else o.cause}): {outcome}")

    def shareable(notes):
        return [n for n in notes if not mentions_safety(n.text)]

    held = [n for n in (*snapshot.gains, *snapshot.parked, *snapshot.homework, *snapshot.experiments)
            if mentions_safety(n.text)]
    shared_part = [
        f"## To share with the parties\n",
        section("Agreed so far", shareable(snapshot.gains)),
        section("Parked issues", shareable(snapshot.parked)),
        section("Homework", shareable(snapshot.homework), lambda n: f"{n.text}" + (f" ({n.who})" if n.who else "")),
        section("Short-term experiments", shareable(snapshot.experiments), experiment),
    ]
    if shared:
        return "\n".join([f"# Case notes to share (case {snapshot.case_id}, started {snapshot.created_at:%Y-%m-%d})\n"]
                         + shared_part)
    safety = []
    if snapshot.safety_state:
        safety.append(SAFETY_STATE_WORDS.get(snapshot.safety_state, snapshot.safety_state)
                      + (f" ({snapshot.safety_risk.replace('_', ' ')})" if snapshot.safety_risk else "")
                      + (f"; person at risk: {snapshot.safety_who}" if snapshot.safety_who else ""))
    return "\n".join([f"# Case notes (case {snapshot.case_id}, started {snapshot.created_at:%Y-%m-%d})\n"]
                      + shared_part + [
        "---\n",
        "## For the mediator only (do not share)\n",
        section("Strategies tried", snapshot.offers, offer),
        section("Safety and screening", safety, lambda line: line),
        section("Safety notes", snapshot.incidents),
        section("Notes held back from the shared part (they mention safety)", held),
    ])


# Words of the safety arrangements themselves: a note with them says a concern was raised.
_ARRANGEMENT_WORDS = re.compile(r"\b(?:shuttle|separate\s+(?:rooms?|arrivals?|waiting)|screen(?:ed|ing)?|safety|safe|"
                                r"risk|refuge|non[- ]?mol\w*|protective|protection\s+order|restraining|police|"
                                r"leave\s+first|staggered|security)\b", re.I)


def mentions_safety(text: str) -> bool:
    """A note whose words carry any safety signal, or speak of the safety arrangements
    ("next session by shuttle"), stays out of what is shared."""
    signal = read_safety(text or "")
    return signal.level != "none" or signal.cleared or signal.foreign or bool(_ARRANGEMENT_WORDS.search(text or ""))


def advocate_line(strategy: Strategy, represented: Optional[str]) -> str:
    who = party_phrase(represented) if represented else "your client"
    return f"As {who}'s advocate: {strategy.advocate}"


def advocate_prep_reply(playbook: Playbook, reply: Reply, issue: Optional[str]) -> Reply:
    prep = "\n".join(f"- {fill(step, None, issue)}" for step in playbook.advocate_caucus_prep)
    return Reply(text=f"{reply.text}\n\nPreparing your client for caucus:\n{prep}", buttons=reply.buttons)


# Fixed replies that a custom action chooses between. They live here rather than in
# domain.yml because `rasa data validate --fail-on-warnings` flags any response that only
# a custom action uses.
DENY = "All right. Tell me more about what's going on, or say \"another idea\" whenever you want one."
NOTHING_OFFERED = "I haven't suggested anything in this case yet, so there's nothing to mark. Tell me what's happening and I'll suggest something."
ROLE_MEDIATOR = "Got it: back to the mediator's view. I'll suggest what you can do with both parties."
NO_SAFETY_FLAG = "Noted. There was no safety concern standing in this case, so nothing changes."
NEW_SITUATION = ("All right, a new situation; the case notes stay. Tell me what's happening with this one: "
                 "who won't move, on what, and what they're saying.")
SAFETY_STILL_STANDS = ("The safety concern raised earlier in this case still stands, so I'll keep to "
                       "separate-room options until you tell me it's resolved.")


def new_situation_text(snapshot) -> str:
    """A fresh description in the same case: what still stands from earlier in it."""
    parts = [NEW_SITUATION]
    if snapshot is not None and snapshot.safety_concern:
        parts.append(SAFETY_STILL_STANDS)
    open_items = open_items_text(snapshot) if snapshot is not None else ""
    if open_items:
        parts.append("Still open from earlier in this case:\n\n" + open_items)
    return "\n\n".join(parts)


NEW_CASE = "New case started. Earlier notes are kept with the previous case; I'll treat every strategy as fresh here."
NO_CASE = "There's no saved case for you at the moment, so there's nothing to export or forget."
FORGET_CANCELLED = "Okay, I've kept everything."
CASE_FORGOTTEN = "Done: this case and all its notes, gains, parked issues, homework, experiments and strategy history are deleted."


def confirm_forget_reply() -> Reply:
    return Reply(text="This deletes the current case and everything in it: gains, parked issues, homework, "
                      "experiments and the strategies tried. It can't be undone. Delete it?",
                 buttons=_buttons((("Yes, delete it", "/affirm"), ("No, keep it", "/deny"))))


def fixed(text: str) -> Reply:
    return Reply(text=text)


def role_advocate_text(who: str) -> str:
    return (f"Got it: you're representing {who}. Until you tell me otherwise, I'll add what you can "
            "do with your own client and how to prepare them for caucus.")
