"""What a message does beyond describing an impasse, read from its words. Pure, no Rasa.

The NLU names the act (correct_reading, amend_note, vent, ...); these readers get what the
act needs out of the words:

- a correction: the causes it rules out ("not anger", "neither" after "is it A or B?") and the
  cause it names instead ("it's distrust", "he feels pressured by his wife");
- a note taken back or changed: which stored note it points to ("the christmas one", "the last
  note") and, for a change, the note's new wording ("actually it's 3 weeks not 2");
- frustration: a message that is mostly the mediator letting off steam;
- a question about the assistant: which topic (who can read it, what is stored, names, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

_I = re.IGNORECASE


def _plain(text: str) -> str:
    """The message with curly apostrophes made plain and runs of spaces made one."""
    return " ".join((text or "").replace("\u2019", "'").split())

# Everyday words for each cause, as mediators say them when they correct a reading.
CAUSE_WORDS: Dict[str, str] = {
    "impasse_distrust": r"distrust\w*|trust\w*|believe\s+(?:him|her|them|anything|a\s+word|a\s+thing|what\s+(?:he|she|they))|lie[sd]?|lying|keep\s+(?:his|her|their)\s+word|suspicio\w*",
    "impasse_needs_anxiety": r"(?:scared|frightened|terrified|panick\w*|worried)\b[^.;]{0,40}\b(?:money|afford\w*|work|retire\w*|rent|bills|"
                             r"job|nothing\s+to|get\s+ill|cope|manage|pension|savings|care\s+fees)\b|money\s+worr\w*|worried\s+about\s+(?:money|the\s+money|paying|housing|the\s+rent)|scared\s+about\s+(?:money|the\s+money)|afford\w*|needs|security|how\s+(?:she|he|they)'?(?:ll|d)\s+(?:live|manage|cope)|anxi\w*",
    "impasse_options_unacceptable": r"offers?\s+(?:look|looks|are|is|seem\w*)\s+(?:bad|unfair|against|rubbish|insulting)|against\s+(?:his|her|their)\s+interest|bad\s+deal|won'?t\s+accept\s+(?:any|the)\s+offer",
    "impasse_no_options": r"no\s+options?|out\s+of\s+(?:ideas|options)|nothing\s+(?:left\s+)?(?:to\s+)?(?:offer|try)|can'?t\s+see\s+(?:any|an)\s+(?:option|way)",
    "impasse_vindictive": r"spite\w*|reveng\w*|punish\w*|hurt\s+(?:him|her|them)|get\s+back\s+at|vindictive\w*|make\s+(?:him|her)\s+pay",
    "impasse_foot_dragging": r"stall\w*|delay\w*|drag\w*\s+(?:his|her|their)\s+feet|foot[- ]?drag\w*|stringing|time[- ]?wast\w*|buying\s+time",
    "impasse_unclear_rights": r"rights|info\b|information|(?:the\s+)?numbers|figures|what\s+(?:it|the\s+\w+|his\s+\w+|her\s+\w+)\s+is\s+worth|"
                              r"(?:doesn'?t|don'?t|does\s+not)\s+(?:really\s+)?know\s+(?:if|whether|what|how|where|who\s+owns)|no\s+idea\s+(?:what|how|if)|allowed\s+to|legally|entitled|doesn'?t\s+know\s+what|don'?t\s+know\s+what|no\s+idea\s+what|valuation|legal\s+position|advice",
    "impasse_anger": r"anger|angry|furious|rage|temper|fuming|livid|heated|hot",
    "impasse_coerced": r"pressur\w*|pushed|pushing|leaned\s+on|coerc\w*|bullied\s+into|(?:wife|husband|lawyer|family|mum|mother|dad|father|brother|sister|partner|boss)\s+(?:is\s+)?(?:pushing|pressur\w*|making)",
    "impasse_positional": r"tug\s+of\s+war|haggl\w*|positional|dug\s+in|neither\s+will\s+move|who\s+blinks|split\s+the\s+difference|horse[- ]trad\w*",
    "impasse_past_focus": r"the\s+past|history|back\s+in\s+\d{4}|back\s+to\s+\d{4}|keeps\s+going\s+back|raking\s+up|old\s+(?:stuff|grievances|wounds)",
    "impasse_not_ready": r"ready|readiness|griev\w*|emotion\w*\s+(?:ready|raw)|too\s+raw|can'?t\s+let\s+go\s+yet",
}
_CAUSE_PATTERNS = {cause: re.compile(r"\b(?:" + words + r")", _I) for cause, words in CAUSE_WORDS.items()}
_NEGATED_BEFORE = re.compile(r"\b(?:not\s+that\b[^,.;!?]{0,30}|(?:don'?t|do\s+not|didn'?t)\s+think\b[^,.;!?]{0,25}|not|no|isn'?t|wasn'?t|never|"
                             r"nothing\s+to\s+do\s+with|rather\s+than|instead\s+of|than)\b"
                             r"(?:\s+(?:about|really|so\s+much|just|the|a|an|that|it'?s|its|because\s+of|so|being|them|him|her|feeling|that\s+they'?re))*\s*$", _I)
# "she trusts him fine", "he's not angry at all": a cause named only to deny it.
_FINE_AFTER = re.compile(r"^\w*\s+(?:(?:him|her|them|each\s+other)\s+)?(?:fine|ok|okay|completely|totally|just\s+fine|enough)\b", _I)
_NEITHER = re.compile(r"^\W*(?:neither|none\s+of\s+(?:those|them|the\s+above)|no+|nope|nah|wrong|not\s+(?:really|quite|that))\b", _I)


@dataclass(frozen=True)
class Correction:
    named: Optional[str]  # the cause the mediator says it is, when the words name one
    ruled_out: Tuple[str, ...]  # causes the mediator says it is not
    also: Tuple[str, ...] = ()  # further causes named ("distrust + she doesn't have the info")


def read_correction(text: str, asked: Sequence[str] = (), last_read: Optional[str] = None) -> Correction:
    """The cause a correction names and those it rules out. "neither" or "no" after "is it A or
    B?" rules out both (but for the one named); otherwise a bare "no"/"wrong" rules out what was
    read last."""
    text = (text or "").replace("\u2019", "'")
    found = []  # (position, cause) of every cause named and not negated
    ruled_out = []
    for cause, pattern in _CAUSE_PATTERNS.items():
        for match in pattern.finditer(text):
            after = text[match.end(): match.end() + 25]
            if _NEGATED_BEFORE.search(text[max(0, match.start() - 40): match.start()]) or _FINE_AFTER.match(after):
                ruled_out.append(cause)
            else:
                found.append((match.start(), cause))
    order = list(dict.fromkeys(c for _, c in sorted(found) if c not in ruled_out))
    named = order[0] if order else None
    if _NEITHER.search(text):
        if asked and re.match(r"^\W*(?:neither|none|no+|nope|nah|wrong)\b", text, _I):
            # "no, it's more that she doesn't trust him" answers "is it A or B?": both are set aside
            ruled_out += [c for c in asked]
        elif last_read:
            ruled_out.append(last_read)
    ruled = tuple(dict.fromkeys(c for c in ruled_out if c != named))
    return Correction(named, ruled, tuple(order[1:2]))


# --- notes taken back or changed ------------------------------------------------------------------
_STOP = frozenset("""
the a an one bit note notes item that this it its it's from of off to in on at and or please pls just
actually scratch remove delete take back undo forget change update edit correct correction make
gains gain agreed agreement agreements parked homework experiment experiments list last latest
previous earlier not now instead mum dad changed her his their mind they we i you is was be
""".split())


def _words(text: str) -> set:
    return {w for w in re.findall(r"[a-z0-9']+", (text or "").lower()) if w not in _STOP and len(w) > 1}


def pick_note(text: str, notes: Sequence) -> Optional[object]:
    """The stored note a message points to: the one sharing the most words with it, or, when
    it names none ("delete the last note", "undo that"), the latest one. None if no notes."""
    if not notes:
        return None
    said = _words(text)
    scored = [(len(said & _words(n.text)), i, n) for i, n in enumerate(notes)]
    best = max(scored, key=lambda s: (s[0], s[1]))
    if best[0] > 0:
        return best[2]
    if re.search(r"\b(?:last|latest|previous|that|this|it|undo)\b", text or "", _I):
        return notes[-1]
    return None


def without_part(text: str, note_text: str) -> Optional[str]:
    """"scratch the easter one" when the note is "dad gets 2 weeks in aug and 1 at easter, review
    next yr": the note without the part named ("dad gets 2 weeks in aug, review next yr"); None
    when the message names the whole note, or no single part of it."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|;|\+|&|\band\b|\bplus\b)\s*", note_text or "") if p.strip()]
    # the words that name it, not the reason given after ("scratch the post-its bit, Karen wants to think")
    reference = re.split(r"\s*[,;.:]\s+|\s+-\s+|\s+(?:because|cos|as|since)\s+", text or "", maxsplit=1)[0]
    named = _words(reference) & _words(note_text) - {"one", "bit", "part", "note", "agreement"}
    if len(parts) < 2 or not named:
        return None
    going = [p for p in parts if _words(p) & named]
    if not going or parts[0] in going:
        return None  # the note's head names it ("mum has christmas day, dad boxing day" is the christmas one)
    return ", ".join(p for p in parts if p not in going)


_X_NOT_Y = re.compile(r"(?:it'?s|its|make\s+it|should\s+be|is)?\s*(?P<new>[^,.;]{1,40}?)\s*,?\s+not\s+(?P<old>[^,.;]{1,40})$", _I)
_CHANGE_TO = re.compile(r"\b(?:change|update|edit|make|correct|switch|move)\s+(?P<ref>.{1,40}?)\s+to\s+(?P<new>.{1,80})$", _I)
_LEADING = re.compile(r"^\W*(?:actually|sorry|correction|oops|no|wait|update|amend(?:ment)?)\b[\s,:\-]*", _I)


# Amendments that change what kind of note it is, or add to the latest one.
_RETYPE_TRIAL = re.compile(r"\bis\s+(?:a|just\s+a|only\s+a)\s+(?:trial|experiment|test\s+run)\s+not\s+(?:a\s+)?(?:deal|final|agreement|permanent)\b|"
                           r"\b(?:that'?s|thats|its|it'?s|make\s+it|it\s+was|only)\s+(?:a|just\s+a|only\s+a)\s+"
                           r"(?:trial|experiment|test\s+run)\b|\bnot\s+(?:agreed\s+)?(?:forever|for\s+good|permanent\w*)\b", _I)
_UNPARKED = re.compile(r"\b(?:so\s+)?(?:it'?s\s+|its\s+)?(?:not|no\s+longer)\s+parked\b|\bun-?park\w*|"
                       r"\bnot\s+parked\s+any\s?more\b", _I)
_ADDENDUM = re.compile(r"^\W*(?:and\s+)?(?!by\s+the\s+way)(?:by|till|til|until|from|starting|before|review(?:ed)?\s+(?:in|on|at|by|after))\s+"
                       r"[\w/.-]+(?:\s+[\w/.-]+){0,3}\W*$", _I)


class Amendment(NamedTuple):
    kind: str    # "trial": the latest agreement is only a trial; "unparked": a parked issue was agreed;
                 # "addendum": words to add to the latest note ("by jan 31")
    words: str   # what to keep from the message


def amendment_of(text: str) -> Optional[Amendment]:
    """A change to the notes other than "X not Y" or "change A to B"; None if it is none."""
    said = _plain(text)
    if _UNPARKED.search(said):
        return Amendment("unparked", _LEADING.sub("", _UNPARKED.sub("", said)).strip(" .,;-"))
    if _RETYPE_TRIAL.search(said):
        duration = re.search(r"\b(?:for\s+)?(?:a|one|two|three|four|six|\d+)\s+(?:weeks?|wks?|months?|terms?|days?)\b", said, _I)
        return Amendment("trial", duration.group(0) if duration else "")
    if _ADDENDUM.search(said) and len(said.split()) <= 6:
        return Amendment("addendum", said.strip(" .,;"))
    return None


def amended(text: str, note_text: str) -> Optional[str]:
    """The note's new wording after "actually it's 3 weeks not 2" or "change the christmas one
    to boxing day"; None when the change can't be read safely."""
    said = _LEADING.sub("", (text or "").strip()).strip(" .!")
    said = _LEADING.sub("", said).strip(" .!")
    match = _X_NOT_Y.search(said)
    if match:
        new, old = match.group("new").strip(), match.group("old").strip()
        new = re.sub(r"^(?:it'?s|its|is|should\s+be|make\s+it)\s+", "", new, flags=_I)
        old_core = _core_difference(old, new)
        if old_core and re.search(re.escape(old_core[0]), note_text, _I):
            return re.sub(re.escape(old_core[0]), old_core[1], note_text, count=1, flags=_I)
        if re.search(re.escape(old), note_text, _I):
            return re.sub(re.escape(old), new, note_text, count=1, flags=_I)
    match = _CHANGE_TO.search(said)
    if match:
        ref = re.sub(r"^(?:the|that|this)\s+|\s+(?:one|bit|note|item|part)$", "", match.group("ref").strip(), flags=_I)
        new = match.group("new").strip()
        if ref and re.search(re.escape(ref), note_text, _I):
            return re.sub(re.escape(ref), new, note_text, count=1, flags=_I)
    return None


def _core_difference(old: str, new: str) -> Optional[Tuple[str, str]]:
    """'2' and '3 weeks' -> ('2', '3'): the words that differ, so "2 weeks" becomes "3 weeks"."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) == 1 and new_words:
        if re.match(r"^[\d£$€]", old_words[0]):  # "last 3 years not 2": the figure for the figure
            figures = [w for w in new_words if re.match(r"^[\d£$€]", w)]
            if figures:
                return old_words[0], figures[0]
        return old_words[0], new_words[0]
    return None


# --- the mediator's frustration ----------------------------------------------------------------------
# The mediator's own frustration: swearing at the day, "4 hrs and nothing", "i'm done". Words that
# may as well be a party's ("she says it's pointless", "he's sick of them", "a long session
# yesterday") count only when the mediator says them of themselves: in a short message, or with
# "i"/"me"/"my" just before them. Swearing reported of a party ("he told her to fuck off") is theirs.
_FRUSTRATION = re.compile(
    r"\b(?:fuck\w*|ffs|shit\w*|bloody\s+hell|hell\b|ugh+|argh+|jesus|christ|god\s+help|omg|"
    r"\d+\s*(?:hrs?|hours?)\s+(?:and|of)\s+nothing|going\s+(?:round|around)\s+in\s+circles|"
    r"i'?m\s+(?:done|exhausted|knackered|fried|shattered|losing\s+(?:it|my\s+mind))|want\s+to\s+(?:go\s+home|scream|quit)|"
    r"worst\s+session|head\s+is\s+(?:pounding|spinning)|why\s+do\s+i\s+do\s+this|at\s+my\s+wits'?\s+end|"
    r"sick\s+of\s+(?:this|them)|can'?t\s+(?:do|take)\s+(?:this|much\s+more)|hopeless|pointless|waste\s+of\s+time|"
    r"(?:heavy|tough|rough|brutal|draining|grim)\s+(?:one|day|session|morning|afternoon)|long\s+(?:day|session|one)\b|"
    r"\bi'?m\s+(?:drained|wiped|spent|wrecked)|i'?m\s+losing\s+the\s+will\s+to\s+live|^\W*this\s+is\s+killing\s+me\b|"
    r"\b(?:going\s+to|gonna)\s+(?:murder|kill)\s+me\s+when\s+i\s+tell\b|\bbloodbath\b|"
    # said of a party by the mediator, not meant: "the chair is an absolute nightmare, i could strangle him"
    r"\bi\s*(?:could|'d|would)\s+(?:happily\s+|cheerfully\s+)?(?:strangle|throttle|kill|murder|scream\s+at)\s+(?:him|her|them)\b|"
    r"\b(?:an\s+)?absolute\s+(?:nightmare|nightmare\s+of\s+a\s+day)|"
    # "four hours and we've moved 3 grand. this is killing me", "kill me", "fml", "sorry, just needed
    # to say that to someone", "about ready to send them all home", "she will murder me haha"
    r"\bthis\s+is\s+killing\s+me\b|(?:^|[.!,;]\s*)kill\s+me\s*[.!]*\s*$|\bfml\b|"
    r"\b(?:about\s+)?ready\s+to\s+send\s+(?:them|everyone)\s+(?:all\s+)?home|"
    r"\b(?:gonna|going\s+to)\s+kill\s+(?:this|the)\s+deal\s+myself|\bi'?m\s+losing\s+the\s+will\b)", _I)
# The mediator's own words whoever else the message quotes: "sorry, just needed to say that to
# someone", "if I don't get this settled she will murder me haha".
_OWN_FRUSTRATION = re.compile(
    r"\bneeded\s+to\s+(?:say|get)\s+that\s+(?:to\s+someone|off\s+my\s+chest|out)|"
    r"\b(?:will|'ll|gonna|going\s+to)\s+(?:murder|kill)\s+me\s+(?:haha|lol|\U0001F602)", _I)
_OWN = re.compile(r"\b(?:i|i'?m|i'?ve|me|my|we|we'?re|us)\b", _I)
_REPORTED = re.compile(r"\b(?:says?|said|saying|told|tells|telling|calls?|called|calling|shout\w*|yell\w*|scream\w*|"
                       r"swore|swears?|swearing|texted|wrote|emailed|he'?s|she'?s|they'?re|he|she|they|his|her|their)\b"
                       r"[^.!?]{0,25}$", _I)
_PLAIN_EXCLAMATION = re.compile(r"^\s*(?:fuck\w*|ffs|shit\w*|bloody\s+hell|ugh+|argh+|jesus|christ|god\s+help|omg)\b", _I)


def frustrated(text: str) -> bool:
    """The mediator venting about their own day, not frustration told of the parties."""
    text = (text or "").replace("\u2019", "'")
    if _PLAIN_EXCLAMATION.search(text) or _OWN_FRUSTRATION.search(text):
        return True
    short = len(text.split()) <= 12
    for match in _FRUSTRATION.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        if _REPORTED.search(before) and not re.search(r"\bi'?m\b", match.group(0), _I):
            continue  # "he told her to fuck off", "she says it's pointless": the party's words
        if short or _OWN.search(" ".join(before.split()[-5:])) or match.group(0).lower().startswith(("i", "why do i")) \
                or re.search(r"\b(?:me|i)\b", match.group(0), _I) or match.group(0).lower() == "bloodbath":
            return True
        if re.match(r"\d+\s*(?:hrs?|hours?)|going\s+(?:round|around)|worst\s+session", match.group(0), _I):
            return True
    return False


# The mediator shaken by what happened: "i feel sick honestly", "shaking a bit tbh", "i feel like
# i missed it". Said while a concern is open, it gets a word for the mediator with the safety reply.
_SHAKEN = re.compile(
    r"\bi\s*(?:feel|felt|'m|am)\s+(?:\w+\s+)?(?:sick|shaky|shaken|rattled|awful|terrible|wobbly|in\s+bits|gutted|horrible)\b|"
    r"^\W*(?:feel|feeling|felt)\s+(?:\w+\s+)?(?:sick|shaky|shaken|rattled|wobbly|in\s+bits|gutted)\b|"
    r"^\W*(?:a\s+)?bit\s+(?:shaken|rattled|shaky|wobbly)\b|\bmy\s+hands\s+are\s+(?:still\s+)?(?:shaking|trembling)\b|"
    r"\bhad\s+to\s+step\s+out\s+(?:for\s+a\s+(?:sec|second|minute|moment)|myself)|"
    r"\bdidn'?t\s+expect\s+(?:it|that|them)\s+to\s+get\s+(?:that|so)\s+(?:raw|heavy|intense|ugly)\b|"
    r"\bi\s+(?:feel\s+like\s+i\s+)?(?:missed\s+it|should\s+have\s+(?:seen|known|spotted|stopped))|\bmy\s+fault\b|"
    r"^\W*(?:i'?m\s+)?(?:shaking|shaky|shaken|rattled)\b[^.!?]{0,20}(?:tbh|honestly|ngl|lol)?\W*$|"
    r"\b(?:shaking|shaky|rattled)\s+(?:a\s+bit\s+)?(?:tbh|honestly|ngl)\b", _I)


def shaken(text: str) -> bool:
    """The mediator says they are shaken or blame themselves."""
    return bool(_SHAKEN.search((text or "").replace("\u2019", "'")))


# --- questions about the assistant -----------------------------------------------------------------
ASSISTANT_TOPICS = (
    ("names", r"real\s+names?|names?\s+in|use\s+names|put\s+names|redact|anonym"),
    ("who_reads", r"who\s+(?:can\s+)?(?:sees?|reads?|has\s+access)|can\s+(?:the\s+)?(?:parties|they|anyone|others)\s+see|confidential|private|secure|safe\s+to\s+(?:type|use)"),
    ("delete", r"delete|erase|wipe|remove\s+(?:all|everything|my\s+data)|forget\s+(?:all|everything)"),
    ("retention", r"how\s+long|keep\s+(?:my|the|this)|retain|retention"),
    ("stored", r"stor(?:e|ed|age)|kept|saved?|record(?:ed|ing)?|where\s+(?:is|does)\s+(?:this|it|my)|data|log"),
    ("limits", r"can'?t\s+you|what\s+can\s+you|limits?|are\s+you\s+(?:an?\s+)?(?:ai|bot|robot|person|human)|who\s+are\s+you|what\s+are\s+you"),
)


def assistant_topics(text: str) -> Tuple[str, ...]:
    """Every topic a question about the assistant asks, in the order it asks them."""
    found = []
    for topic, pattern in ASSISTANT_TOPICS:
        match = re.search(pattern, text or "", _I)
        if match:
            found.append((match.start(), topic))
    return tuple(t for _, t in sorted(found)) or ("limits",)


def assistant_topic(text: str) -> str:
    return assistant_topics(text)[0]


# --- what a message does, when its words say so plainly ------------------------------------------
# The NLU names the act; these markers catch the plain cases it reads as a new impasse (a note
# said in passing, feedback right after a suggestion, "why X?"), read with what the assistant
# just did. Conservative on purpose: a description taken for a note loses more than a note
# taken for a description (which still gets one question, and can be said again).
_NEW_SITUATION = re.compile(r"^\W*(?:ok\W+|right\W+|so\W+)?(?:new|different|diff|another|next|other|separate)\s+(?:situation|issue|topic|problem|"
                            r"stuck\s+point|sticking\s+point)\b(?!\s+(?:idea|option))|"
                            # "other thing. tenant wants a grain store", "different thing: the office lease"
                            r"^\W*(?:ok\W+|right\W+|so\W+)?(?:different|diff|another|next|other|separate)\s+(?:thing|matter|point)\s*[.:\-\u2013]", _I)
# "ok different case entirely", "next one in 20 min, commercial lease": another case, not another issue.
_NEW_CASE = re.compile(r"^\W*(?:ok\W+|right\W+|so\W+)?(?:(?:a\s+)?(?:different|new|another|next|separate)\s+(?:case|mediation|client)\b"
                       r"(?!\s+(?:law|study|note))|next\s+one\s+(?:in\s+\d+|is|up|at|starts)\b)|"
                       r"\b(?:that'?s|thats|this\s+one'?s)\s+(?:done|finished|settled|over)\W+(?:\w+\W+){0,2}?next\s+(?:one|case|mediation)\b", _I)
# A summary to send or read out: "summary i can send both solicitors", "write it up as heads of terms I
# can share with their GC", "can u make that something i can read out to them".
_EXPORT = re.compile(r"\b(?:summary|summari[sz]e|write\s+(?:it|this|that|them)\s+up|put\s+(?:it|that|this)\s+(?:in|into)\s+"
                     r"(?:something|an?\s+email|writing)|make\s+(?:that|it|this)\s+(?:into\s+)?something|heads\s+of\s+terms|export)\b"
                     r"[^?]{0,80}?\b(?:send|email|e-mail|share|forward|circulate|read\s+(?:it\s+)?out|give\s+(?:to\s+)?them)\b", _I)
_FAILED = re.compile(r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not)\s+(?:work|land|help)|\bwent\s+nowhere|\bbackfired|"
                     r"^\W*(?:he|she|they)\s+(?:just\s+)?(?:laughed|scoffed|smirked|rolled\s+(?:his|her|their)\s+eyes)\b|"
                     r"\bmade\s+(?:it|things)\s+worse|\bbombed|\bflopped|\bfell\s+flat|\bcame\s+back\s+(?:angrier|worse)|"
                     r"\b(?:tried|did)\s+(?:it|that|the\s+\w+|a\s+\w+)\W+(?:and\s+)?(?:she|he|they|it)\s+"
                     r"(?:came\s+back|walked|just|got|went|refused|said\s+no)", _I)
_WORKED = re.compile(r"^\W*(?:that|it|this)\s+(?:landed|worked|helped|did\s+the\s+trick)|\bworked\s+a\s+treat|"
                     r"\b(?:says?|said)\s+(?:it|that)\s+(?:landed|worked|helped)\b|"
                     r"^\W*(?:good|great|nice)\s+call\b|\b(?:that|it)\s+(?:shifted|moved)\s+(?:him|her|them|things)|"
                     r"^\W*(?:that|it|this)\s+was\s+(?:brilliant|great|perfect|spot\s+on|gold|(?:really\s+)?(?:helpful|useful))", _I)
# Reporting back on what was tried: "update 2 wks later. no contractor came", "check in call. drummer
# stuck to it for 3 days then went back", "asked him what it'd cost him ... he went quiet", "vicar
# apologised properly, they shook hands". Worked or failed by what happened.
_REPORT_BACK = re.compile(r"^\W*(?:ok\W+|so\W+)?(?:update|check[- ]?in(?:\s+call)?|follow[- ]?up|(?:\d+|two|three|four|six)\s+(?:weeks?|wks?|days?|"
                          r"months?)\s+(?:on|later)|after\s+the\s+(?:month|trial|fortnight|week))\b|"
                          r"^\W*(?:ok\W+|so\W+)?(?:went\s+in\s+with\s+(?:it|that|the\s+\w+))\b|"
                          r"^\W*(?:ok\W+|so\W+)?(?:asked|tried|did|put\s+it\s+to|suggested|floated|ran)\s+(?:him|her|them|the\s+\w+|it|that|"
                          r"the\s+\w+\s+(?:thing|idea|question)|what|summaris\w*|summariz\w*)\b", _I)
_WENT_BADLY = re.compile(r"\b(?:no\s+\w+\s+(?:came|arrived|happened|turned\s+up)|didn'?t|never|refused|walked\s+out|stormed|laughed|furious|"
                         r"worse|went\s+back\s+to|broke|fell\s+(?:apart|through)|shut\s+down|said\s+no|no\s+way|nothing|"
                         r"don'?t\s+thank|dont\s+thank|angr\w*|back\s+to\s+square\s+one)\b", _I)
_WENT_WELL = re.compile(r"\b(?:fine|happy|love[sd]?|working|worked|great|interested|softened|opened\s+up|came\s+round|shook\s+hands|"
                        r"apologi[sz]ed|thanked|cried|went\s+quiet|said\s+yes|agreed|moved|landed|stopped\s+worrying|calmer|"
                        r"rather\s+choose|on\s+board)\b", _I)
_GOOD_TURN = re.compile(r"\b(?:shook\s+hands|apologi[sz]ed\s+properly|hugged|came\s+round|said\s+sorry\s+and\s+meant\s+it|"
                        r"(?:he|she|they)\s+went\s+for\s+it|(?:is|are|'s|'re)\s+up\s+for\s+(?:it|trying)|things\s+are\s+moving|"
                        r"(?:he|she|they)\s+said\s+sorry\W+properly|it\s+landed)\b", _I)


def report_back(said: str, after_strategy: bool) -> Optional[str]:
    """feedback_worked / feedback_failed for a report on what was tried; None if it isn't one."""
    if not (_REPORT_BACK.search(said) or (after_strategy and _GOOD_TURN.search(said))):
        return None
    if not after_strategy and not re.match(r"^\W*(?:ok\W+|so\W+)?(?:update|check[- ]?in|follow[- ]?up|\d+|two|three|four|six|after)\b",
                                           said, _I):
        return None
    bad, good = _WENT_BADLY.search(said), _WENT_WELL.search(said)
    if bad and not (good and good.start() > bad.start() and re.search(r"\bbut\b", said[bad.start():good.start()], _I)):
        return "feedback_failed"
    return "feedback_worked" if good or _GOOD_TURN.search(said) else None


_WHY = re.compile(r"^\W*why\b(?!\s+(?:is|are|does|do|did|won'?t|can'?t|would)\s+(?:she|he|they|the))", _I)
_PARKED = re.compile(r"\bparked\b(?=\s*(?:$|[.,;:!\-–]|till|until|til|for\s+now|for\s+the\s+moment|pending|while|and\b|too\b))|"
                     r"\bpark(?:ed|ing)?\s+(?:the|it|that|this)\b(?!\s+(?:\w+\s+)?(?:car|van|truck|lorry|bike|caravan)\b)|"
                     r"\b(?:is|are|'s|stays?|being)\s+parked\b", _I)
_TRIAL = re.compile(r"\b(?:trial|try(?:ing)?\s+(?:it|this|that)?\s*for|for\s+(?:a|one|two|three|four|six|\d+)\s+"
                    r"(?:weeks?|months?|wks?|terms?)\b.*\breview|\breview\s+(?:in|after|at)\b|then\s+review|"
                    r"half\s+a\s+term|temporar\w*|interim\s+(?:arrangement|basis|plan|rota|schedule|measure)|phased\s+return|for\s+now\s+until|"
                    # "ops manager does the rota for the next 8 weeks, then we look at it again"
                    r"then\s+(?:we\s+|they\s+)?(?:look\s+at\s+it\s+again|revisit|reassess|see\s+how\s+it\s+goes)|"
                    r"for\s+the\s+next\s+(?:\d+|two|three|four|six|eight)\s+(?:weeks|months|wks)\b|"
                    r"\bagreed\s+to\s+try\b|\bcheck\s+in\s+in\s+(?:\d+|two|three|four|a)\b)", _I)
# A trial told by its test, without "agreed": "if it holds thru this weeks rain they talk money for the
# rest", "if fill rate hits 98% they talk settlement in sept", "Tony runs it 2 wks, then they meet again".
_TRIAL_TEST = re.compile(r"\bif\s+(?:it|that|this|[\w%]+(?:\s+[\w%]+){0,3}?)\s+(?:holds|works|hits|goes\s+well|sticks|lasts)\b[^.]{0,60}?"
                         r"\b(?:they|we|both)\s+(?:talk|meet|review|discuss|look|sit\s+down)|"
                         r"\b(?:\d+|two|three|four|six)\s*(?:wks?|weeks?|months?|days?)\b[^.]{0,60}\bthen\s+(?:they|we)\s+(?:meet|review|talk)\s+again\b", _I)
# "they'll try 2 weeks: drums only 4-7pm weekdays": a trial said without "agreed".
_TRY_FOR = re.compile(r"^\W*(?:ok\W+|so\W+)?(?:they|both|we)\s*(?:'ll|\s+will|\s+are\s+going\s+to|'re\s+going\s+to)\s+try\s+"
                      r"(?:it\s+)?(?:for\s+)?(?:\d+|two|three|four|six|a)\s+(?:weeks?|wks?|months?|days?|term)\b|"
                      r"^\W*(?:experiment|trial|test\s+run)\s*[:\-\u2013]|"
                      r"\b(?:they|both|we)\s*(?:'re|\s+are)\s+trying\s+(?:it\s+)?(?:for\s+)?(?:\d+|two|three|four|six|a)\s+"
                      r"(?:weeks?|wks?|weekends?|months?|days?|term)\b", _I)
_AGREED = re.compile(r"^\W*(?:ok\W+|so\W+)?(?:settled|deal\s+done|done\s+deal|agreement\s+reached)\b|^\W*(?:done|agreed|deal|sorted)\s*[:\-\u2013]|"
                     r"(?<=[.,;])\s*(?:done|deal|sorted|agreed|settled)\W*$|"
                     r"\b(?:they|both|we)\s+(?:both\s+|all\s+)?agree\s+(?!on\s+nothing|about\s+nothing|nothing|to\s+disagree)(?:that\s+)?\w+|"
                     r"\b(?:agreed|agree\s+to|accepted|signed\s+off|came\s+up\s+with|settled\s+on|deal\s+(?:on|is)|"
                     r"both\s+(?:ok|happy|fine)\s+with|shook\s+on)\b", _I)
_TASK = re.compile(
    r"^\W*(?:ok\W+|and\s+|also\s+|so\s+|plus\s+)*(?:(?:the|her|his|their|both|each)\s+)?[a-z][\w']*(?:\s+[a-z][\w']*)?\s+"
    r"(?:(?:has|have|needs?|agreed|is|are)\s+)?to\s+(?:send|draft|bring|collect|ask|get|provide|share|write|check|find|do|make|"
    r"notify|inform|tell|list|fund|"
    r"look|call|email|prepare|complete|fill|pay|instruct|arrange|book|obtain|produce|sort|chase|confirm|forward|"
    r"speak|talk|contact|upload|sign|read|review|work\s+out|put\s+together|come\s+back)\b", _I)
# "mortgage advisor idea good, she'll book one", "manager will pull it", "she's going to get advice".
_WILL_DO = re.compile(
    r"\b(?:he|she|they|i|we|both|each|[a-z]+)\s*(?:'ll|'s\s+going\s+to|'re\s+going\s+to|\s+will|\s+is\s+going\s+to|\s+are\s+going\s+to|"
    r"\s+gonna)\s+(?:get\s+(?:a|an|some|written|legal|independent|proper|quotes?|advice|valuations?|the\s+\w+\s+(?:valued|checked|surveyed))|book|pull|look\s+into|find\s+out|check|draft|send|ask|call|ring|speak|talk|bring|provide|obtain|arrange|"
    r"report\s+back|come\s+back|dig\s+out|request|chase|confirm|price|cost|research|read|think\s+(?:about|it\s+over)|sleep\s+on|"
    r"take\s+advice|see\s+(?:a|an|her|his|their)\s+(?!in\s+court\b)\w+|run\s+the\s+numbers|work\s+out|put\s+together|write\s+up|sort\s+out)\b", re.I)
_ANOTHER = re.compile(r"\b(?:another|a\s+different|one\s+more|any\s+other|other)\s+(?:idea|ideas|option|options|suggestion|suggestions|"
                      r"approach|tactic|strategy|angle)\b|\bsomething\s+else\s+(?:to\s+try|i\s+(?:can|could)\s+try)\b", re.I)
# Asked for outright, whatever came before: "give me something else, they're stuck on hours",
# "what's something small we can do today".
# "ok break done. mum calmer. now what": the next step, once something is in play (at the start,
# "we're stuck in the landlord mediation, what now" is a description asking for help).
_WHAT_NEXT = re.compile(r"(?:^|[.!,;:-]\s*|\b(?:ok|so|right)\s+)(?:now\s+what|what\s+now|what\s+next|where\s+(?:do\s+)?(?:we|i)\s+go\s+"
                        r"from\s+here)\s*\??\s*$", re.I)
_ANOTHER_ASKED = re.compile(r"^\W*(?:ok\W+|so\W+)?(?:give\s+me|got|any(?:thing)?)\s+(?:something|anything)\s+else\b|"
                      r"\bwhat\s+else\s+(?:can|could|should)\s+(?:i|we)\s+(?:try|do|suggest)\b|"
                      r"\bwhat'?s\s+something\s+(?:small|quick|simple|else)\b|\bsomething\s+(?:small|quick|simple)\s+(?:we|i)\s+can\s+(?:do|try)\b", re.I)
# Said at the end once a suggestion is in play: "theyve brainstormed. another", "brainstorming's done.
# need something else", "they won't go for a joint expert. what else".
_ANOTHER_END = re.compile(r"(?:^|[.!,;:-]\s*)(?:ok\s+|so\s+)?(?:need\s+|got\s+)?(?:something|anything)\s+else(?:\s+then)?\s*[.?!]*\s*$|"
                          r"(?:^|[.!,;:-]\s*)(?:ok\s+|so\s+)?another(?:\s+one)?\s*[.?!]*\s*$|\bwhat\s+else\s*[.?!]*\s*$", re.I)
_BY_WHEN = re.compile(r"\bby\s+(?:mon|tue|wed|thu|fri|sat|sun|the\s+\d|\d|next|end|tomorrow|tonight|close|friday|"
                      r"monday|tuesday|wednesday|thursday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*", _I)
_CORRECTS = re.compile(r"^\W*(?:no+|nah|nope|neither|none\s+of\s+(?:those|them|these)|not\s+(?:really|quite|exactly|that|those)|"
                       r"wrong|hmm+\s+not|(?:actually\s+)?(?:it'?s|its)\s+more\s+(?:that|about|like|of)|more\s+like)\b|"
                       r"\bnot\s+\w+\s+i\s+(?:think|reckon)\b|"
                       r"\b(?:it'?s|its|she'?s|he'?s|they'?re|shes|hes|theyre)\s+(?:not|isn'?t)\b", _I)


# The mediator takes their own account back: "actually ive read her wrong", "actually its less the
# deeds, ...", "i got that wrong", "actually she admitted in caucus ..., she just wants to ...".
_READ_WRONG = re.compile(r"\b(?:i'?ve|i\s+have|i)\s+(?:read|got|had)\s+(?:her|him|them|it|that|this)\s+wrong\b|\bi\s+was\s+(?:wrong|unfair)\b|"
                         r"\b(?:the\s+)?wrong\s+read\b|\byou\s+had\s+it\s+as\b|\b(?:it'?s|its|it\s+is)\s+not\s+really\b|"
                         r"\b(?:i\s+)?(?:don'?t|do\s+not)\s+think\s+(?:it'?s|its|it\s+is|he'?s|she'?s|they'?re|(?:\w+\s+){1,2}(?:is|are))\s+"
                         r"(?:really\s+)?(?:about\s+)?\w+|^\W*not\s+(?:a\s+|an\s+)?\w+\s+exactly\b|"
                         r"^\W*actually\W+(?:it'?s|its|it\s+is)\s+(?:less|not\s+really)\b|"
                         r"^\W*actually\b[^.]{0,60}\b(?:admitted|told\s+me|said)\b[^.]{0,40}\.\s*(?:she|he|they)\s+(?:just|really|only)\s+"
                         r"(?:wants?|needs?|is|are|'s|'re)\b", _I)
# A flat "no" to the reading, followed by what it is instead, in enough words to read.
_NO_THEN_WHY = re.compile(r"^\W*(?:(?:hmm+|um+|well|ok)\W+)?(?:(?:no+|nah|nope|wrong|neither)\s*[,.;:!-]+\s*\w|(?:no+|nah|nope)\s+(?:it'?s|its|they|they'?re|theyre|"
                          r"he|he'?s|hes|she|she'?s|shes|the|that'?s|thats|more|both|i)\b|not\s+(?:really|quite|exactly)\b)|"
                          # "not craig so much now. ...", "not haggling really. ...", "hmm more that she doesnt know ..."
                          r"^\W*not\s+(?:\w+\s+){1,2}(?:so\s+much|really)\b|^\W*(?:hmm+\W+)?more\s+that\b|"
                          # "it's not haggling, it's blame", "its not time they need"
                          r"\b(?:it'?s|its)\s+not\s+(?:about\s+)?(?:the\s+)?\w+(?:\s+\w+)?\s*[,.;]\s*(?:it'?s|its)\b|"
                          r"\b(?:it'?s|its)\s+not\s+\w+\s+(?:they|he|she)\s+(?:need|want)", _I)
CORRECTION_WORDS = 7


_NOT_AGREED = re.compile(r"\b(?:won'?t|wont|will\s+not|refus\w*(?:\s+to)?|doesn'?t|didn'?t|not|never|can'?t|cant|"
                         r"wouldn'?t|hasn'?t|haven'?t|nothing)\s+(?:\w+\s+)?$", _I)


def _agreed(said: str) -> bool:
    """An agreement reported: "they agreed ...", "ok car goes to her, both happy with that";
    not "won't agree", nor a description's "the variations were agreed verbally"."""
    for match in _AGREED.finditer(said):
        before = said[max(0, match.start() - 25): match.start()]
        if _NOT_AGREED.search(before) or re.search(r"\b(?:were|was|had\s+been|been)\s+$", before, _I):
            continue
        if len(said[: match.start()].split()) <= 6 or said[: match.start()].rstrip().endswith((".", ":", ";")):
            return True
    return False


_ASK_NOTES = re.compile(r"^\W*(?:ok\W+|so\W+)?(?:(?:the\s+)?notes(?:\s+(?:pls|please|so\s+far))?|list\s+(?:it|them|the\s+notes)|"
                        r"can\s+(?:u|you)\s+list|what'?s\s+(?:left|parked|agreed|in\s+the\s+notes)|whats\s+(?:left|parked|agreed)|"
                        r"recap|where\s+are\s+we\s+(?:at|up\s+to))\W*$", _I)
_PRACTICE = re.compile(
    r"^\W*(?:and\s+|so\s+|ok\W+|also\s+|quick\s+q\W+)*(?:(?:should|shld|shud|can|could|cld|do|must|shall|may)\s+(?:i|we)\b|"
    # who may be in the room, and what a party may do there: "can she bring her partner in?"
    r"(?:can|could|may|should|is)\s+(?:she|he|they|the\s+\w+|her\s+\w+|his\s+\w+)\s+(?:allowed\s+to\s+)?(?:bring|have|sit\s+in|"
    r"attend|come\s+in|join|record|use\s+(?:her|his|their)\s+phone|leave\s+early|stay)\b|"
    r"(?:is|was)\s+(?:this|that|it)\s+(?:something|ok|okay|the\s+right|wise|normal|legal|allowed|worth)|"
    r"how\s+(?:do|should|can|would)\s+i\b|what'?s?\s+(?:a|an|the)\s+\w+\s+(?:going\s+to\s+|gonna\s+)?cost|"
    r"would\s+it\s+(?:help|be\s+ok|be\s+wise|make\s+sense)|am\s+i\s+(?:allowed|able|right|ok)|"
    r"do\s+(?:i|we)\s+(?:need|have)\s+to|what\s+(?:do|should)\s+i\s+(?:say|tell|do)|"
    r"any\s+(?:tips|advice|guidance)|do\s+you\s+think\s+(?:i|we)\s+should|what\s+would\s+you\s+(?:do|say)|"
    r"what'?s\s+the\s+best\s+way|how\s+would\s+you|is\s+it\s+worth|should\s+we|what'?s\s+the\s+(?:rule|law|position)\s+on|what'?s\s+the\s+(?:\w+\s+){0,2}(?:threshold|deadline|time\s+limit|limitation\s+period|fee|rate|form|procedure|process\s+for))\b", _I)
# A yes/no question of practice, asked any way: "should the LA be at the review?", "would asking for
# a prognosis report just look like we're stalling", "is it even their call?", "... sensible?".
_MODAL_QUESTION = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+|ok\W+)*(?:should|can|could|would|must|may|does|do|is|are|will)\s+(?:it|the|a|an|this|that|"
    r"his|her|their|she|he|they|[a-z]+ing)\b(?!\s+(?:you|u)\b)|\b(?:sensible|wise|a\s+good\s+idea|reasonable|normal|fair|"
    r"the\s+right\s+call|too\s+much|too\s+early|too\s+soon)\s*\?+\s*$", _I)
# The ways mediators open a question to a colleague, with or without a question mark: "what if he
# won't sign", "any point getting a valuer", "thoughts on a deadline", "do you think I should ...",
# "is it ok to ...", "how long should a caucus be".
_ASKS_A_COLLEAGUE = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+|ok\W+|quick\s+(?:q|question)\W+)*(?:what\s+(?:if|happens\s+if|about\s+(?:if|when|a|an|the|getting|asking|"
    r"suggesting|offering|bringing))|(?:is\s+there\s+)?any\s+point\s+(?:in\s+)?\w+ing|(?:is\s+it\s+)?worth\s+(?:getting|asking|trying|"
    r"bringing|suggesting|offering|a|an)|thoughts\s+on|wdyt|what\s+do\s+you\s+(?:think|reckon|suggest|recommend)|do\s+you\s+(?:think|reckon)|"
    r"would\s+you|your\s+(?:view|take|advice)|any\s+(?:tips|advice|thoughts)|tips\s+(?:for|on)|advice\s+on|"
    r"is\s+it\s+(?:ok|okay|normal|wise|possible|fine|appropriate|allowed|common|usual|best|better)\s+(?:to|for|if)|"
    r"how\s+(?:long|often|soon|far|hard|much\s+time)\s+(?:should|can|do|does|is|would)|how\s+do\s+(?:you|mediators|people)\b|"
    r"(?:should|can|could|do|must)\s+(?:they|the\s+parties|both|each|the\s+\w+)\s+(?:share|use|get|have|bring|sign|see|instruct|agree|need))", _I)
# "is it anger or is she just scared?": the mediator weighing the reading, not a practice question.
_WHICH_CAUSE = re.compile(r"^\W*(?:so\s+)?(?:is|are)\s+(?:it|she|he|they)\b[^?]{0,60}?\bor\b", _I)
# "ask what he needs - ok trying that": the mediator is off to try it; a short word back, nothing more.
_TRYING_IT = re.compile(r"\b(?:ok\W+|right\W+)?(?:trying|doing|will\s+try|gonna\s+try|going\s+to\s+try|giving)\s+(?:that|it|this)"
                        r"(?:\s+(?:now|a\s+go|a\s+shot))?\W*$", _I)
_SMALL_TALK = re.compile(r"^\W*(?:good\s+)?(?:morning|afternoon|evening|hi|hello|hey|hiya)\b(?![^.]*\b(?:she|he|they)\b)|"
                         r"^\W*do\s+you\s+ever\s+(?:get|feel)\b", _I)
_CLOSING = re.compile(r"\b(?:closed|finished|done|wrapped\s+(?:it\s+)?up|stopped|ended|called\s+it)\s+for\s+(?:today|the\s+day|now|tonight)\b|"
                      r"\bthat'?s\s+(?:it|us)\s+for\s+(?:today|the\s+day)\b", _I)
# A question about the case's money: "whats the gap now", "how far has each side moved", "is 45 the
# middle", "whats a third of the house", "what does she walk away with", "whats 120k less 30%".
_MONEY_ASK = re.compile(
    r"^\W*(?:ok\W+|so\W+|and\W+|right\W+|quick\W+|sorry\W+)*(?:what'?s|whats|wats|what\s+(?:is|are|does|would|do|will)|"
    r"how\s+(?:much|far|big)|where'?s|wheres|where\s+(?:is|are|do|does)|is\s+(?:that|it|this|\S+)\s+(?:the\s+|just\s+|a\s+)?"
    r"(?:middle|midpoint|half|third|fair\s+split)|(?:so\s+)?(?:the\s+)?gap\b|mid-?point\b|work\s+out|calc\w*|"
    r"(?:can|could)\s+(?:you|u)\s+(?:work\s+out|calc\w*|tell\s+me|do\s+the\s+(?:maths|math|numbers|sums))|"
    r"(?:what|how)\b[^?]{0,40}\bin\s+money|if\s+they\s+(?:split|meet))", _I)
_MONEY_WORDS = re.compile(
    r"\b(?:gap|apart|difference|mid-?point|middle|halfway|split\s+the\s+diff\w*|meet|moved?|movement|third|half|"
    r"quarter|percent|net|after\s+(?:the\s+)?costs|walk\s+away|pocket|in\s+money|buy\w*\s*-?\s*out|buy\s+(?:him|her|them)|"
    r"how\s+much|worth|total|figures?|numbers?|each\s+get|far\s+off|maths|math|sums|pay\s+(?:him|her|them)|"
    r"\d+\s*/\s*\d+)\b|%", _I)
_NOT_MONEY_ASK = re.compile(r"\b(?:best\s+way|how\s+(?:do|should|can)\s+i|what\s+(?:should|do)\s+i|advice|tips?|"
                            r"approach|tactic|strategy|technique|ethical|allowed|should\s+i)\b", _I)


def asks_about_money(text: str) -> bool:
    """A question that asks for a figure of this case, not for practice advice."""
    said = _plain(text)
    return bool(_MONEY_ASK.search(said) and _MONEY_WORDS.search(said) and not _NOT_MONEY_ASK.search(said)
                and len(said.split()) <= 30)


_NOTE_THING = r"(?:that|this|it|the\s+last(?:\s+(?:one|note))?|the\s+[\w']+(?:\s+[\w']+)?\s+(?:one|thing|bit|note|item|agreement))"
_REMOVE = re.compile(r"\b(?:scratch|delete|undo|strike)\b(?:\s+" + _NOTE_THING + r")?|"
                     r"\bremove\s+(?:" + _NOTE_THING + r"|.{1,30}?\s+from\s+the\s+(?:notes|gains|agreements|list|record))|"
                     r"\btake\s+(?:that|it|" + _NOTE_THING + r")\s+(?:off|back|out)\b", _I)
_NUMBER = r"(?:\d[\d,./%]*|one|two|three|four|five|six|seven|eight|nine|ten)"
_AMEND = re.compile(r"^\W*(?:wait\W+|no\W+)?(?:actually|correction|sorry|oops|scratch\s+that)\b[^.]{0,60}?\b" + _NUMBER
                    + r"\b[^.]{0,25}\bnot\s+" + _NUMBER + r"|^\W*(?:actually\W+|sorry\W+|wait\W+)*make\s+(?:that|it)\b|\bmake\s+(?:that|it)\s+" + _NUMBER +
                    r"|^\W*(?:actually\W+)?(?:change|update|edit|amend|correct)\s+(?:the|that|this|it)\b"
                    # "actually make the valuer 60/40", "correction on the surveyor, not binding", "not read only
                    # access, the bank won't do it, monthly statements posted to her instead"
                    r"|^\W*(?:actually|sorry|wait)\W+make\s+the\s+\w+|^\W*correction\s+(?:on|to|re|about)\b"
                    r"|^\W*not\s+[^,.;]{1,40},[^.]{0,80}\binstead\b", _I)
_CAUCUS = re.compile(r"\bcaucus\s*(?:now|then|time|next)?\W*$|"
                     # an advocate going into caucus: "mediator agreed to caucus. what should my client say"
                     r"\bcaucus\b[^?]{0,40}\bwhat\s+(?:should|do|can)\s+(?:my\s+client|she|he|they|i|we)\s+(?:say|ask|raise)\b|^\W*(?:ok\W+|so\W+)?(?:going\s+(?:in)?to\s+)?caucus\b|"
                     r"what\s+(?:do|should|can|could)\s+i\s+ask\s+(?:him|her|them|each|the\s+\w+)\s+(?:in\s+private|alone|"
                     r"privately|in\s+caucus|on\s+(?:his|her|their)\s+own)|"
                     # "what do i ask him in private without it looking like...", "what would you ask her"
                     r"^\W*(?:what|how)\b[^.?!]*\b(?:in\s+private|privately|in\s+caucus|on\s+(?:his|her|their)\s+own)\b|"
                     r"\bwhat\s+would\s+you\s+ask\s+(?:him|her|them|the\s+\w+)\b|"
                     r"^\W*what\s+(?:do|should|can)\s+i\s+ask\s+(?:him|her|them|the\s+\w+)\b", _I)
_NOTE_REQUEST = re.compile(r"^\W*(?:and\s+|also\s+|ok\W+)*(?:(?:can|could)\s+(?:u|you)\s+)?(?:note|log|record|add|put\s+down|write\s+down|"
                           r"(?:put|write|jot)\s+(?:that|this|it)\s+down)"
                           r"\b(?:\s+(?:that|this|down|it))?", _I)
_BEFORE_NEXT = re.compile(r"\b(?:before|by)\s+(?:the\s+)?next\s+(?:session|meeting|time|week)|\breport\s+back\b|\blook\s+into\b", _I)
_ACK = re.compile(r"^\W*(?:ok+|okay|right|cool|thx|thanks|ty|cheers|great|perfect|fine|sure|got\s+it)\b", _I)


# An agreement said any natural way; without one of these, a message read as an agreement that
# carries an offer or a side's feelings and positions is a description ("mum offered every other
# weekend + all of summer", "both r super angry yes", "phil wants a date today, HR is on his back").
_SETTLED = re.compile(r"\b(?:agreed|agree\s+to|accept(?:ed|s)?|signed|settled|deal\b|shook\s+on|said\s+yes|yes\s+to|"
                      r"on\s+board|sorted|(?:happy|ok|okay|fine)\s+with|liked\s+the\s+idea|went\s+for\s+it|"
                      r"(?:record|note|log)\s+(?:it|that|this))\b", _I)
_STILL_APART = re.compile(r"\b(?:offer(?:ed|ing|s)?|propos\w*|suggest\w*|(?:would|'d)\s+(?:do|accept|take|go|settle)|"
                          r"fight\w*|argu\w*|rows?|rowing|disput\w*|disagree\w*|stuck|clash\w*|feud\w*|battl\w*|"
                          r"(?:over|about)\s+(?:which|who|whether)|neither|nobody|no\s+one|"
                          r"willing|wants?|demand\w*|asking|insists?|won'?t|wont|refus\w*|needs?|can'?t|cant|"
                          r"angry|furious|upset|scared|worried|afraid|stressed|on\s+(?:his|her|their)\s+back|pressur\w*)\b", _I)


# "park the 12 hrs, both check timesheets", "seniors draft guidelines by next fri. apology parked":
# one message, two notes of different kinds.
_TASK_CLAUSE = re.compile(
    r"^\W*(?:and\s+)?(?:(?:both|each|he|she|they|we|i|[a-z]+)\s+(?:(?:will|'ll|to|is\s+to|are\s+to)\s+)?)?(?:check|send|draft|bring|get|"
    r"find|look\s+(?:at|into)|call|ring|email|pull|book|ask|confirm|write|read|think\s+about|dig\s+out|gather|collect|"
    r"prepare|provide|chase|sort|work\s+out|price|cost)\b", re.I)


# A side's working life or home, not a task: "mr k works nights so needs to get out at 9pm".
_LIFE = re.compile(r"\b(?:works?|working)\s+(?:nights|days|shifts|lates|earlies|weekends|from\s+home)|\b(?:does|do|on)\s+(?:nights|shifts)\b|"
                   r"\blives?\s+(?:in|with|at|near)\b", re.I)
# A task said in the present tense with a date: "mum marks up sections F and I by next thursday".
_TASK_NOW = re.compile(r"\b(?:sends?|emails?|brings?|drafts?|marks?\s+up|answers?|provides?|shares?|books?|calls?|rings?|checks?|"
                       r"confirms?|returns?|writes?|gets?\s+(?:three|two|\d+|a|the)\s+\w+|circulates?|updates?)\b", re.I)
# A task said with a date: "to send", "will bring"; not "they need something to show by end of quarter".
_TASK_VERB = re.compile(r"\b(?:to|will|'ll|shall|must)\s+(?:send|draft|bring|get(?!\s+(?:out|home|away|back\b|there|on\b))|provide|share|write|check|find|call|ring|email|prepare|"
                        r"complete|fill|pay|instruct|arrange|book|obtain|produce|sort|chase|confirm|forward|come\s+back|sign|review|"
                        r"look\s+into|report|collect|gather|put\s+together|work\s+out|upload|dig\s+out)\b", re.I)


_BACK_TO_IT = re.compile(r"^\W*(?:and\s+|then\s+)?(?:come\s+back\s+to|coming\s+back\s+to|return\s+to|revisit|pick\s+(?:it|that|this)\s+up|"
                        r"back\s+to\s+it|till|until|pending|once|after)\b", re.I)


def split_notes(text: str) -> List[Tuple[str, str]]:
    """A parked issue and another note said in one message, as [(intent, words), ...]; [] when
    the message holds one note (or nothing parked)."""
    said = _plain(text)
    clauses = [c.strip(" ,.;:") for c in re.split(r"(?<=[.;])\s+|,\s+", said) if c.strip(" ,.;:")]
    if len(clauses) < 2:
        return []
    parked = [c for c in clauses if _PARKED.search(c) or re.match(r"^\W*park\b", c, re.I)]
    # when it comes back belongs to the parked note: "parking the wedding money, come back to it after valuation"
    parked += [c for c in clauses if c not in parked and _BACK_TO_IT.match(c)]
    rest = [c for c in clauses if c not in parked]
    if not parked or not rest or sum(len(c.split()) for c in rest) < 2:
        return []
    others = ", ".join(rest)
    kind = act_of(others, False, False)
    if kind not in ("note_gain", "note_homework", "note_experiment"):
        kind = "note_homework" if (_BY_WHEN.search(others) or any(_TASK_CLAUSE.search(c) for c in rest)) else "note_gain"
    return [("note_parked", ", ".join(parked)), (kind, others)]


def wants_a_note(text: str) -> bool:
    """"note review to be reconsidered by HR", "record that ...", "they agreed ...": a note asked for."""
    said = _plain(text)
    sentences = re.split(r"(?<=[.!;])\s+", said)
    return any(_NOTE_REQUEST.search(sentence) for sentence in sentences) or _agreed(said)


def _will_do(said: str) -> bool:
    """"she'll book one", not "he'll never agree" nor "she says she'll think about it"."""
    return bool(_WILL_DO.search(said) and not _STILL_APART.search(said) and not _CIRCUMSTANCE.search(said))


def is_task(text: str) -> bool:
    """Does a message read as homework say someone is to do something? False for a side's
    circumstances or words ("mr k works nights so needs to get out at 9pm", "grandad muttered
    'we'll see her in court'", "they need something to show by end of quarter")."""
    said = _plain(text)
    if _LIFE.search(said) and not _TASK_VERB.search(said):
        return False
    return bool((_TASK.search(said) and not _LIFE.search(said)) or _TASK_VERB.search(said) or _NOTE_REQUEST.search(said)
                or _agreed(said) or _BEFORE_NEXT.search(said)
                or _will_do(said)
                or not (_STILL_APART.search(said) or _CIRCUMSTANCE.search(said) or re.search(r"['\"]", said)))


def is_agreement(text: str) -> bool:
    """Does a message read as an agreement say one was reached? False when it only tells of an
    offer, of where a side stands or of a fight ("two coaches fighting over which team gets the
    pitch"), with no word that it was settled ("dad gets 2 weeks in aug" is settled)."""
    said = _plain(text)
    if _SETTLED.search(said) or _agreed(said):
        return True
    return not _STILL_APART.search(said) and not _CIRCUMSTANCE.search(said)


# A side's circumstances or views told, not a settlement: "dad does nights at the depot wed-fri",
# "dean says kerry always gets saturdays off", "she works from home tuesdays".
_CIRCUMSTANCE = re.compile(
    r"\b(?:says?|said|saying|claims?|claimed|thinks?|thought|reckons?|feels?|felt|believes?|complains?|"
    r"does|do\s+(?:nights|days|shifts)|works?|working|lives|living|is\s+(?:a|an|on|in|at|off|away|working)|"
    r"has\s+been|always|never|usually|normally)\b", re.I)


def _last_question(said: str) -> str:
    """The last sentence or clause, when the message has more than one: "he says the business
    makes nothing, shld i get a forensic acct in?" -> "shld i get a forensic acct in?"."""
    parts = [p for p in re.split(r"(?<=[.!?;,])\s+|\s+-\s+", said) if p.strip()]
    return parts[-1] if len(parts) > 1 else ""


def act_of(text: str, after_strategy: bool, after_question: bool) -> Optional[str]:
    """The act a message plainly does, read with what the assistant just did (offered a
    strategy, or asked a question); None when the words alone don't say (the NLU decides)."""
    said = _plain(text)
    if not said or said.startswith("/"):
        return None
    asks = said.rstrip().endswith("?")
    if _NEW_CASE.search(said):
        return "new_case"
    if _NEW_SITUATION.search(said):
        return "new_situation"
    if _EXPORT.search(said):
        return "export"
    if after_strategy and _FAILED.search(said):
        return "feedback_failed"
    if after_strategy and _WORKED.search(said):
        return "feedback_worked"
    if after_strategy and _WHY.search(said):
        return "why_this"
    reported = report_back(said, after_strategy)
    if reported and not _AMEND.search(said) and not re.search(r"\b(?:has|have|had|they|both|she|he)\s+(?:now\s+)?(?:agreed|signed|settled)\b", said, _I):
        return reported  # ("update: she has agreed to sell the car" is a gain)
    if (after_strategy or after_question) and _CORRECTS.search(said):
        correction = read_correction(said)
        if correction.named or correction.ruled_out:
            return "correct"
        if _NO_THEN_WHY.match(said) and len(said.split()) >= CORRECTION_WORDS:
            return "correct"  # "nah they're not even reading the offers, vendor thinks it's a trap"
    if (after_strategy or after_question) and _NO_THEN_WHY.search(said) and len(said.split()) >= CORRECTION_WORDS:
        return "correct"  # "not craig so much now. ... she doesnt believe anything agreed in here will happen"
    if (after_strategy or after_question) and _READ_WRONG.search(said) and len(said.split()) >= CORRECTION_WORDS:
        return "correct"  # "actually ive read her wrong. she doesn't think he's stealing, she's frightened ..."
    if _ANOTHER_ASKED.search(said) or (_ANOTHER.search(said) and (after_strategy or asks)) or (
            (_WHAT_NEXT.search(said) or _ANOTHER_END.search(said)) and after_strategy):
        return "another_idea"  # "fair. another idea for the maintenance thing for next time?"
    if _ASK_NOTES.search(said):
        return "ask_notes"
    if _AMEND.search(said) or amendment_of(said):
        return "amend_note"
    if _REMOVE.search(said) and not re.search(r"\b(?:kids?|children|him|her|them)\s+from\s+(?:school|the\s+house)", said, _I):
        return "remove_note"
    if _CAUCUS.search(said):
        return "caucus_questions"
    if asks_about_money(said):
        return "money_question"
    asked = [q for q in re.split(r"(?<=\?)\s*", said) if q.rstrip().endswith("?")]
    if _PRACTICE.search(said) or (asks and _PRACTICE.search(_last_question(said))) or any(
            _PRACTICE.search(q.strip()) or (_MODAL_QUESTION.search(q.strip()) and not _WHICH_CAUSE.search(q)) for q in asked) or (
            asks and _MODAL_QUESTION.search(_last_question(said) or said) and not _WHICH_CAUSE.search(said)) or (
            _MODAL_QUESTION.match(said) and len(said.split()) >= 6 and not _WHICH_CAUSE.search(said)) or (
            any(_ASKS_A_COLLEAGUE.search(q.strip()) for q in asked) or (
                _ASKS_A_COLLEAGUE.search(said) and (asks or len(said.split()) >= 5))):
        return "practice_question"  # also with the situation first: "she won't sign. do i get a valuer in?"
    if asks:
        return None
    if _SMALL_TALK.search(said) and len(said.split()) <= 12 and not _agreed(said):
        return "chitchat"  # "morning. third one today, fuelled by bad coffee", "do you ever get sick of neighbour disputes"
    if (_CLOSING.search(said) or (_TRYING_IT.search(said) and len(said.split()) <= 10)) and not _agreed(said) \
            and not _PARKED.search(said):
        return "chitchat"  # "ok closed for today, told them we need more paperwork before next time. thanks"
    if _ACK.search(said) and len(said.split()) <= 8 and not any(p.search(said) for p in _CAUSE_PATTERNS.values()) \
            and not _agreed(said) and not _PARKED.search(said) and not _TASK.search(said):
        return "chitchat"
    if _PARKED.search(said) and not _BY_WHEN.search(said):
        return "note_parked"
    if _agreed(said) and _BEFORE_NEXT.search(said):
        return "note_homework"
    if (_agreed(said) and _TRIAL.search(said)) or _TRY_FOR.search(said) or _TRIAL_TEST.search(said):
        return "note_experiment"
    if (_TASK.search(said) and not _LIFE.search(said)) or (_BY_WHEN.search(said) and _TASK_VERB.search(said)) or (
            _BY_WHEN.search(said) and _TASK_NOW.search(said) and not _agreed(said) and not _STILL_APART.search(said)) or _will_do(said):
        return "note_homework"
    if _agreed(said):
        return "note_gain"
    if _NOTE_REQUEST.search(said):
        return "note_homework" if _BEFORE_NEXT.search(said) or _BY_WHEN.search(said) else "note_gain"
    if _PARKED.search(said):
        return "note_parked"
    return None
