"""Turn a mediator's progress note into what gets stored, and tell questions about the case
apart from notes: pure functions, no I/O.

"homework: she brings the bank statements" -> kind homework, text "she brings the bank
statements". The stored text is the ITEM in the mediator's own words without the framing
around it: "let's park the question of the lake house for now" -> "the lake house",
"they agreed on the holiday schedule" -> "the holiday schedule". A short-term experiment also
gets who tries it and when it is reviewed.

case_question("what's parked?") -> "parked": which part of the case a question asks about, so
that questions are answered and never stored as notes.

redact_names(text, spans) replaces the people spaCy found with "[name]" before a note is
stored, when REDACT_NAMES is on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

NOTE_INTENTS = {
    "note_gain": "gain",
    "note_parked": "parked",
    "note_homework": "homework",
    "note_experiment": "experiment",
}
_I = re.IGNORECASE
# A leading label the mediator may type before the note itself.
_LABEL = re.compile(
    r"^\s*(?:note|gain|agreed|agreement|homework|hw|task|park(?:ed|ing)?|shelve|parked issue|"
    r"trial|experiment|test)\s*[:\-]+\s*", _I)
# "homework for Dave: ..." -> who is Dave.
_HOMEWORK_FOR = re.compile(
    r"^\s*(?:(?:so|um+|ok|okay|and|note|log|add|set)[\s,]+)*"
    r"(?:homework|hw|task|action(?:\s+item)?|to[\s-]?do|assignment)\s+for\s+"
    r"(?P<who>[^:–]+?)\s*(?::|\s[-–])\s*", _I)
# How long a trial runs, when said in words rather than as a date.
_DURATION = re.compile(
    r"\b(?:for|over)\s+(?:the\s+next\s+)?(?:a|an|one|two|three|four|five|six|\d+|a\s+couple\s+of|a\s+few)\s+"
    r"(?:day|week|weekend|month|session|fortnight|quarter)s?\b"
    r"|\b(?:until|till|through\s+the\s+end\s+of)\s+"
    r"(?:(?!\s+(?:and|then)\s+(?:then\s+)?(?:we|they|see|review|reassess|revisit|check)\b)[^,.;])+", _I)

# --- The framing around the item ---------------------------------------------------------
# A longer label before ":" or " - " that names the kind of note: "log a win:", "action item -",
# "Temporary arrangement:", "it's a trial, not final -". Not one that holds a deadline.
_LABEL_WORDS = (r"note|notes|log|record|gain|win|agreed|agreement|agreements|settled|park|parked|"
                r"parking|hold|homework|hw|task|action|assign|assignment|to\s*do|trial|experiment|"
                r"test|pilot|run|temporary|provisional|interim|progress|basis")
_LONG_LABEL = re.compile(
    r"^(?=[^:–]{0,40}?\b(?:" + _LABEL_WORDS + r")\b)"
    r"(?:(?!\b(?:before|by|until|till|next)\b)[^:–]){1,40}?\s*(?::\s|:$|\s[-–]\s)\s*", _I)
_COMMA_LABEL = (r"(?:(?:note|log|record)\s+(?:a|an)\s+(?:win|gain|trial(?:\s+run)?|experiment)"
                r"|(?:(?:small|big|another|quick)\s+)?(?:win|gain)|progress\s+to\s+record|good\s+news)\b[\s,:\-–]*")
_FILLER = (r"(?:so|ok|okay|um+|uh+|erm|er|hmm+|yeah|alright|oh|also|and|then)\b[\s,.\-]*"
           r"|(?:right|well|yes|now)\s*[,.\-]\s*|for\s+(?:now|the\s+moment)(?:\s+only)?\s*[,:\-–]\s*")
_REQUEST = (r"(?:let'?s|let\s+us|(?:can|could|shall)\s+we|(?:can|could|would)\s+you|please|pls|just|"
            r"we(?:'ll|\s+will|'re|\s+are|'ve|\s+have)(?:\s+(?:going\s+to|gonna|got\s+to|to))?|"
            r"we\s+(?:need|want|should)\s+to|i\s+(?:want|need|'d\s+like)\s+to)\b\s*")
_WRITE_THAT = (r"(?:note|record|log|write|put|jot|mark)(?:\s+down)?(?:\s+that\b|\s+(?=(?:they|we|both)\b))\s*"
               r"|(?:write|put|jot)\s+down\b\s*|put\s+in\s+the\s+notes\s+that\b\s*")
_WHO = r"(?:they|we|both(?:\s+(?:of\s+them|parties|sides))?|the\s+parties|everyone)"
_AGREED = (_WHO + r"(?:'ve|\s+have|\s+had)?(?:\s+(?:both|all|finally|now|just|already))*\s+"
           r"(?:agreed|agree|settled|signed\s+off|decided|shook\s+hands|nailed\s+down)"
           r"(?:\s+(?:on|to|that|about|upon))?\b\s*"
           r"|(?:we|they)\s+(?:got|have|reached)\s+(?:an\s+|a\s+)?(?:agreement|deal)(?:\s+in\s+principle)?\s+on\b\s*")
_PARK = (r"(?:hold(?:ing)?\s+off\s+on|put(?:ting)?\s+a\s+pin\s+in|come\s+back\s+to|"
         r"park(?:ed|ing)?|shelv(?:e|ed|ing)|tabl(?:e|ed|ing)|defer(?:red|ring)?|paus(?:e|ed|ing)|"
         r"bracket(?:ed|ing)?|put(?:ting)?|set(?:ting)?|leav(?:e|ing)|kick(?:ing)?|mark|flag|note|add)"
         r"\b(?:\s+aside\b)?\s*")
_TRY = (r"(?:" + _WHO + r"(?:'ll|'d|'re|\s+will|\s+would|\s+are|\s+want\s+to|\s+said\s+they'd)?"
        r"(?:\s+(?:going\s+to|gonna))?\s+)?"
        r"(?:(?:doing\s+)?(?:a\s+)?(?:trial|test|dry)\s+(?:period|run|arrangement)\s+(?:for|of|on)"
        r"|(?:try(?:ing)?|trial(?:l?ing)?|test(?:ing)?|pilot(?:ing)?)(?:\s+out)?(?!\s+(?:period|run)\b)"
        r"|experiment(?:ing)?\s+with|give(?=.*\ba\s+(?:go|try|whirl)\b))\b\s*")
_TOPIC = (r"(?:the\s+)?(?:whole\s+)?(?:question|issue|matter|topic|subject|thing|stuff|business)"
          r"\s+(?:of|about|around|over)\b\s*")
_LEAD = {
    "gain": [_FILLER, _COMMA_LABEL, _AGREED, _REQUEST, _WRITE_THAT, _TOPIC],
    "parked": [_FILLER, _REQUEST, _WRITE_THAT, _PARK, _TOPIC],
    "homework": [_FILLER, _REQUEST, _WRITE_THAT],
    "experiment": [_FILLER, _COMMA_LABEL, _REQUEST, _WRITE_THAT, _TRY],
}

_END = r"\s*$"
_FOR_NOW = r"[\s,]*\b(?:for\s+now|for\s+later|for\s+the\s+moment|for\s+the\s+time\s+being|for\s+today)" + _END
_PLEASE = r"[\s,]*\b(?:please|pls|thanks)" + _END
_WRITE_IT = (r"[\s,;.]*\b(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:put|note|write|log|jot|record|save|mark)"
             r"\s+(?:that|it|this)(?:\s+(?:down|up))?(?:\s+as\s+(?:a\s+)?\w+)?" + _END)
_AS_PARKED = r"\s+as\s+(?:parked|deferred|shelved|on\s+hold|a\s+parked\s+issue)" + _END
_ASIDE = (r"[\s,]*\b(?:on\s+hold|on\s+the\s+back\s+burner|on\s+ice|to\s+one\s+side|aside|later|"
          r"(?:until|till)\s+later|(?:in|to)\s+the\s+(?:parking\s+lot|parked\s+list)|"
          r"(?:park|put|leave|shelve)\s+it|down\s+the\s+road(?:\s+a\s+bit)?|"
          r"and\s+(?:move\s+on|keep\s+going)\b.*|(?:and\s+)?(?:we(?:'ll|\s+will|\s+can)\s+)?"
          r"(?:come\s+back\s+to|revisit|return\s+to|get\s+to|pick\s+(?:it\s+|this\s+|that\s+)?up)\b.*)" + _END)
_REVIEW_TAIL = (r"(?:\s*[,;.]\s*|\s+and\s+|\s+then\s+)(?:and\s+)?(?:then\s+)?(?:we(?:'ll|\s+will)?\s+|"
                r"they(?:'ll|\s+will)?\s+)?(?:review(?:ing)?|reassess|revisit|re-?evaluate|check\s+(?:back|in)|"
                r"look\s+at\s+(?:it|how\s+it\s+went)(?:\s+again)?|"
                r"see(?:\s+(?:how|if|whether)\b.*)?)"
                r"(?:\s+(?:after|afterwards|then|how\s+it\s+went|it\s+again))?" + _END)
_TRAIL = {
    "gain": [_FOR_NOW, _PLEASE, _WRITE_IT],
    "parked": [_FOR_NOW, _PLEASE, _WRITE_IT, _AS_PARKED, _ASIDE],
    "homework": [_FOR_NOW, _PLEASE, _WRITE_IT, r"[\s,]*\b(?:as\s+)?homework" + _END],
    "experiment": [_FOR_NOW, _PLEASE, _WRITE_IT, _REVIEW_TAIL,
                   r"\s+(?:as\s+a\s+(?:test|trial)|a\s+(?:go|try|whirl)|just)" + _END],
}
_LEAD = {k: [_LONG_LABEL] + [re.compile("^(?:" + p + ")", _I) for p in v] for k, v in _LEAD.items()}
_TRAIL = {k: [re.compile(p, _I) for p in v] for k, v in _TRAIL.items()}
# Nothing left but a pronoun ("park that one"): then the whole note is kept.
_NO_ITEM = re.compile(r"^(?:it|that|this|them|those|these|that\s+one|this\s+one)?\s*(?:[:,;.!\-]|$)", _I)


@dataclass(frozen=True)
class NoteDraft:
    kind: str
    text: str
    who: Optional[str] = None
    review: Optional[str] = None


def _strip_repeatedly(text: str, patterns: List[re.Pattern]) -> str:
    """Remove each pattern where it matches, until none does (framing comes stacked)."""
    for _ in range(12):
        before = text
        for pattern in patterns:
            text = pattern.sub("", text, count=1).strip(" \t,;")
        if text == before:
            break
    return text


def _item(kind: str, text: str, whole: str) -> str:
    """The item itself in the mediator's words; the `whole` note if nothing would be left."""
    text = re.sub(r"\s+([,;.])", r"\1", re.sub(r"\s{2,}", " ", text.strip()))
    item = _strip_repeatedly(text, _LEAD[kind])
    item = _strip_repeatedly(item.rstrip(" .!?"), _TRAIL[kind]).rstrip(" .!?,;:")
    return whole if _NO_ITEM.match(item) else item


def draft_note(intent: str, text: str, party: Optional[str] = None,
               issue: Optional[str] = None, date: Optional[str] = None) -> NoteDraft:
    """The note to store for a note_* intent: the item in the mediator's own words.

    A parked note with an `issue` entity stores the issue. Homework "for X:" takes X as who
    unless a party was recognised. An experiment's review is the recognised date, else a
    duration said in words ("for a month", "until half term"), which then leaves the item.
    """
    kind = NOTE_INTENTS[intent]
    text = "" if (text or "").startswith("/") else (text or "")  # a bare "/note_gain" payload has no note
    who = party
    homework_for = _HOMEWORK_FOR.match(text) if kind == "homework" else None
    if homework_for:
        who = who or homework_for.group("who").strip()
        text = text[homework_for.end():]
    body = _LABEL.sub("", text, count=1).strip()
    if kind == "parked" and issue:
        return NoteDraft(kind=kind, text=issue.strip(), who=who)
    if kind != "experiment":
        return NoteDraft(kind=kind, text=_item(kind, body, body), who=who)
    review, what = date, body
    match = _DURATION.search(body)
    if match and (not review or review.lower() in match.group(0).lower()):
        review = review or match.group(0).strip()
        what = body[:match.start()] + " " + body[match.end():]
    return NoteDraft(kind=kind, text=_item(kind, what, body), who=who, review=review)


def redact_names(text: str, spans: Iterable[Tuple[int, int]]) -> str:
    """Replace every (start, end) span of a person's name in `text` with "[name]".

    Overlapping or touching spans merge into one "[name]"; spans out of range are clipped.
    """
    ordered = sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans)
    merged: List[List[int]] = []
    for start, end in ordered:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, cursor = [], 0
    for start, end in merged:
        parts.append(text[cursor:start])
        parts.append("[name]")
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


# --- Questions about the case --------------------------------------------------------------
def _either(*alternatives: str) -> re.Pattern:
    """One case-insensitive pattern matching any of the alternatives (each a small regex)."""
    return re.compile("|".join(alternatives), _I)


_FILLERS = r"(?:(?:so|ok|okay|um+|uh+|erm|and|but|right|well|yeah|hey|oh|just|also|sorry|now|quick\s+question)[\s,]+)*"
_AUX = r"(?:is|are|was|were|has|have|had|did|does|do|will|got|still|needs?)(?:n't)?"
# A question: a question word opening the sentence ("what's"/"where" also after a comma: "before
# I go back in, what's parked?"), "remind me"/"tell me" anywhere, or a "?" at the end.
_ASKS = _either(
    r"^" + _FILLERS + r"(?:which|how|how's|any|anything|who(?:'s|\s+" + _AUX + r")|when(?:'s|\s+" + _AUX + r"))\b",
    r"^" + _FILLERS + r"(?:is|are|was|were)\s+(?:there|anything|any|the|it|that|this)\b",
    r"^" + _FILLERS + r"(?:did|do|does|have|has|had)\s+(?:we|they|you|i|he|she|both|the|anyone|either)\b",
    r"^" + _FILLERS + r"(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|remind|show|read|give|go\s+over|"
    r"go\s+through|run|walk|fill|recap|summari[sz]e|list|check)\b",
    r"^" + _FILLERS + r"(?:what(?:'s|s)?\s+(?:\w+\s+){0,2}?" + _AUX + r"|what's|whats)\b",
    r"[,;:]\s*" + _FILLERS + r"(?:what(?:'s|s)?\s+(?:\w+\s+)?" + _AUX + r"|what's|whats)\b",
    r"(?:^|[,;:]\s*|\s[-–]\s)" + _FILLERS + r"where(?:'s|\s+(?:are|is|do|did|have))\b",
    r"\b(?:remind|tell|show|read)\s+me\b", r"\bfill\s+me\s+in\b", r"\b(?:run|walk)\s+me\s+through\b",
    r"\bread\s+(?:back|out)\b",
    r"\b(?:forgot|forgotten|(?:can'?t|don'?t|do\s+not)\s+remember|(?:need|want|like)\s+to\s+know|wondering)\b",
    r"\?[\s\"'”)]*$")
# Not a question about the case: asking to store something, asking for advice, asking what a word means.
_NOT_ASKING = _either(
    r"^" + _FILLERS + r"(?:(?:can|could|would|will)\s+(?:you|we)\s+|let'?s\s+|please\s+|pls\s+)*"
    r"(?:note|record|log|write|jot|put|add|mark|save|park|shelve|table|set|defer|pause|bracket|leave|assign|"
    r"flag|keep|try|trial|test|pilot)\b",
    r"\bwhat\s+if\b", r"\bhow\s+about\b", r"\bwhy\s+(?:don'?t|not)\b", r"^(?:should|shall)\s+(?:we|i|they)\b",
    r"\bhow\s+(?:do|does|can|should|would|could|might)\b(?!\s+things\s+stand)", r"\bhow\s+to\b",
    r"\bwhat\s+(?:to\s+do|now\s*\?)", r"\b(?:what|when|where|which|who)\s+(?:should|shall|could|would|might)\s+(?:i|we|they)\b",
    r"\bwhat\s+(?:does|do)\b.*\bmean\b")
_SETTLE = r"(?:agree|settle|sort|decide|discuss|cover|do|resolve)"
# What is still open: "what's left (to agree)?", "still outstanding", "what haven't they agreed".
_LEFT = _either(
    r"\b(?:what's|whats|what\s+is|anything|much|still|is\s+there\s+\w+)\s+left\b(?:\s+to\s+\w+(?:\s+(?:on|out))?)?"
    r"(?=\s*(?:[?.!,]|$|(?:on|now|then|today|over|open|in|for\s+(?:us|today|this|the\s+session))\b))",
    r"\bleft\s+(?:to\s+" + _SETTLE + r"|over|open)\b(?:\s+(?:on|out))?",
    r"\bstill\s+(?:open|outstanding|unresolved|undecided|on\s+the\s+table)\b",
    r"\bstill\s+(?:(?:needs?|has|have)\s+)?to\s+(?:be\s+)?" + _SETTLE + r"\w*",
    r"\b(?:open|outstanding|unresolved|remaining)\s+(?:issues?|items?|points?|questions?|matters?)\b",
    r"\b(?:anything|what's|whats|what\s+is|what)\s+(?:still\s+)?(?:outstanding|unresolved)\b", r"\bwhat\s+remains\b",
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:agreed|settled|resolved|sorted|decided|covered)\b",
    r"\b(?:haven'?t|hasn'?t|have\s+not|has\s+not|didn'?t|did\s+not)(?:\s+(?:they|we|both|he|she))?\s+(?:yet\s+)?"
    r"(?:been\s+)?(?:agree|settle|sort|decide|discuss|cover|resolve|get\s+to|got\s+to|deal\s+with|dealt\s+with)\w*")
_ABOUT = {
    "parked": _either(
        r"\bparked\b", r"\bparking\s+lot\b", r"\b(?:did|do|we|they|to)\s+park\b", r"\bshelv(?:e|ed|ing)\b",
        r"\bon\s+hold\b", r"\bback\s+burner\b", r"\b(?:set|put)\s+aside\b", r"\bdeferred\b", r"\bon\s+ice\b"),
    "homework": _either(
        r"\bhomework\b", r"\bhw\b", r"\baction\s+(?:items?|points?)\b", r"\btasks?\b", r"\bassignments?\b",
        r"\bto-?dos?\b", r"\b(?:do|doing|bring|prepare|send|get|find)\b.*"
        r"\b(?:next\s+(?:time|session|meeting|week)|between\s+sessions|before\s+we\s+(?:meet|reconvene))"),
    "experiment": _either(
        r"\bexperiments?\b", r"\btest(?:ing|\s+runs?)\b", r"\bpilot(?:s|ing)?\b", r"\btrying\s+out\b",
        r"\btemporary\b", r"\bprovisional\b", r"\breview\s+dates?\b", r"\bdue\s+for\s+(?:a\s+)?review\b",
        r"\bwhen\b.*\breview(?:ed|ing)?\b",
        # a trial they run, not a court trial ("goes to trial", "trial date")
        r"(?<!\bto )(?<!\bat )(?<!\bfor )(?<!pre-)\btrial(?:s|led|ling|ing)?\b(?!\s+(?:date|court|lawyer|judge|bundle|costs?))"),
    "gain": _either(
        r"\bagreed\b", r"\bagreements?\b", r"\b(?:did|have|has|had)\s+(?:\w+\s+){0,3}(?:agree|decide|settle)\b",
        r"\bsettled\b", r"\bdecided\b", r"\bsigned\s+off\b", r"\bgains?\b", r"\bprogress\b", r"\bbreakthroughs?\b",
        r"\b(?:what|which|any|the|our|their|small|quick|many)\s+wins\b", r"\bresolved\b", r"\bsorted\b",
        r"\bnailed\s+down\b", r"\bcommon\s+ground\b"),
}
# The case as a whole: "where are we", "read me the case so far", "status of the case".
_WHOLE_CASE = _either(
    r"\bwhere\s+(?:are|do|did|have)\s+(?:we|things|they)(?:\s+(?:got\s+to|stand|at|now|up\s+to|so\s+far|overall))*"
    r"\s*(?:[?.!,]|$|(?:with|on)\b)",
    r"\bwhere\s+(?:we|things)\s+(?:are|stand)\b", r"\bwhere\s+we(?:'ve|\s+have)?\s+got\s+to\b",
    r"\bwhere\s+(?:did\s+)?we\s+(?:leave|left)\s+(?:off|it|things)\b", r"\bhow\s+far\s+(?:have|did|are)\s+we\b",
    r"\b(?:on|about|with)\s+(?:the|this)\s+case\b", r"\b(?:the|this)\s+case\s+(?:so\s+far|notes|file|summary|status)\b",
    r"\b(?:status|summary|state|overview)\s+(?:of|on)\s+(?:the|this)\s+(?:case|matter|mediation)\b",
    r"\bcase\s+status\b", r"\bso\s+far\b", r"\b(?:summary|summari[sz]e|recap|overview|rundown|state\s+of\s+play)\b",
    r"\bwhat\s+(?:have\s+)?we\s+(?:got|noted|logged|recorded|covered|written\s+down)\b", r"\b(?:case|session)\s+notes\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _asks_about(sentence: str) -> List[str]:
    """The parts of the case one sentence asks about; [] if it is no question, ["all"] for the whole case."""
    if _NOT_ASKING.search(sentence) or not _ASKS.search(sentence):
        return []
    asked = ["left"] if _LEFT.search(sentence) else []
    rest = _LEFT.sub(" ", sentence)  # "what haven't they agreed" asks what is left, not about gains
    asked += [part for part, pattern in _ABOUT.items() if pattern.search(rest)]
    return asked or (["all"] if _WHOLE_CASE.search(sentence) else [])


def case_question(text: str) -> Optional[str]:
    """Which part of the case a QUESTION asks about: "parked", "homework", "gain", "experiment",
    "left" (what is still open), "all" (the case as a whole), or None if it is no such question.

    "what's parked?" -> "parked"; "remind me what homework we gave" -> "homework"; "what have they
    agreed so far" -> "gain"; "where are we with the trial arrangement" -> "experiment";
    "where are we?" -> "all". A note ("park the pension", "they agreed on the holiday schedule",
    "could you note that we've parked the second car?") and advice ("should we park it?") -> None.
    Each sentence is judged on its own; asking about two parts ("what's parked and what's agreed")
    -> "all".
    """
    text = re.sub(r"[ \t]+", " ", (text or "").replace("’", "'").replace("‘", "'")).strip()
    if not text or text.startswith("/"):
        return None
    asked: List[str] = []
    for sentence in _SENTENCE.split(text):
        asked += [part for part in _asks_about(sentence.strip()) if part not in asked]
    if not asked:
        return None
    return asked[0] if len(asked) == 1 else "all"
