"""Safety signals in a mediator's message: what kind of risk, how clear, and who is at risk.

Pure: no Rasa, no I/O. The old check reacted to words ("beating", "threatened", "dying") and
missed behaviour told without them ("he's standing over her shouting"). This reader looks at
situations instead:

- a CLEAR signal (someone hit, a threat to harm, standing over someone, a threat of suicide,
  a child who may be taken abroad) gets its risk type's protocol at once;
- an AMBIGUOUS one ("beating her", "threatened", a bare "she's scared", "harassment") gets one
  short screening question first, put to the mediator;
- legal threats, grief, winning and losing, money fears and questions about who may be in the
  room are not danger, and words under a negation ("no violence", "not afraid of him") don't
  count;
- a message may report screening with no concern ("I screened him, no fear"): `cleared`.

Danger words in other languages are read too (`foreign`): the assistant then gives the
immediate-danger lines in English, and nothing else changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Pattern, Sequence, Tuple

# The risk types, each with its own protocol (actions/safety_protocols.yml).
DANGER_NOW = "danger_now"
DOMESTIC_ABUSE = "domestic_abuse"
SUICIDE = "suicide_self_harm"
CHILD = "child_at_risk"
THREATS = "threats_harassment"
RISKS = (DANGER_NOW, DOMESTIC_ABUSE, SUICIDE, CHILD, THREATS)

# The screening questions an ambiguous signal asks (keys of `screening` in the protocols file).
PHYSICAL_OR_WINNING = "physical_or_winning"
THREAT_KIND = "threat_kind"
FEAR_KIND = "fear_kind"
SELF_HARM = "self_harm"
INTIMIDATION = "intimidation"
GENERAL = "general"

CLEAR, AMBIGUOUS, NONE = "clear", "ambiguous", "none"


@dataclass(frozen=True)
class Signal:
    level: str = NONE  # "clear", "ambiguous" or "none"
    risk: Optional[str] = None  # the likeliest risk type (also for an ambiguous signal)
    screen: Optional[str] = None  # the screening question an ambiguous signal asks
    evidence: str = ""  # the words that raised it
    cleared: bool = False  # the message reports screening or says nobody is at risk
    foreign: bool = False  # danger words in another language
    typed: bool = False  # the words themselves say whose risk it is ("scared he'll take the kids"): keep the type

    @property
    def clear(self) -> bool:
        return self.level == CLEAR

    @property
    def ambiguous(self) -> bool:
        return self.level == AMBIGUOUS


def _c(pattern: str) -> Pattern[str]:
    return re.compile(pattern, re.I)


# People a violent verb may land on.
_PERSON = (r"(?:him|her|them|me|us|you|(?:the|his|her|their|my|our|your)\s+(?:\w+\s+)?"
           r"(?:wife|husband|ex|ex-wife|ex-husband|partner|kids?|children|child|son|daughter|baby|"
           r"boy|girl|mum|mom|mother|dad|father|brother|sister|girlfriend|boyfriend|client|"
           r"neighbou?r|colleague|coworker|co-worker|boss|manager|tenant|landlord|employee|"
           r"supervisor|family|claimant|respondent|plaintiff|defendant|applicant|complainant|resident|mediator|"
           r"other\s+(?:party|side|parent)))")
_KIDS = (r"(?:the\s+(?:kids?|children|child|baby|boys?|girls?|twins|little\s+one)|"
         r"(?:our|their|his|her|my)\s+(?:\w+\s+)?(?:kids?|children|child|son|daughter|baby|boy|girl)|"
         r"the\s+\d+\s?(?:yo|year[- ]old)|the\s+(?:toddler|teenager|teen|infant))")
_SELF = r"(?:himself|herself|themselves|themself|myself|yourself)"

# --- not danger ----------------------------------------------------------------------------
# Threats whose object is a legal or other step, not harm.
_LEGAL_THREAT = _c(
    r"\bthreat\w*\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:(?:take|drag|bring|haul)\s+(?:\w+\s+){0,3}?"
    r"(?:to\s+)?(?:court|tribunal|trial|arbitration)|sue|suing|legal|litigat\w*|go\s+to\s+"
    r"(?:court|trial|tribunal|arbitration|the\s+(?:press|papers|media|regulator|ombudsman|council|police|union|board|tribunal|local\s+paper))|"
    r"report|walk|leave|quit|resign|withdraw|pull\s+out|cut\s+(?:off|him|her|them)|stop\s+paying|"
    r"sell|evict|fire|sack|dismiss|terminate|call\s+(?:his|her|their|the)\s+(?:lawyer|solicitor|"
    r"attorney|insurer|bank)|contest|challenge|appeal|complain|post|publish|go\s+public|"
    r"end\s+the\s+(?:mediation|session|contract|lease|deal)|file|lodge|raise|escalate|involve|"
    r"take\s+(?:it|this|the\s+matter)\s+(?:further|higher|to)|call\s+the\s+police\s+on\s+the\s+noise|"
    r"stop\s+(?:the|contact|visits|paying)|change\s+the\s+locks|withhold|refuse|apply|get\s+(?:the\s+)?"
    r"(?:council|police|lawyers?|solicitors?|authorities|inspectors?|planning|environmental|regulator|courts?|hr|union|press)|"
    r"(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:order|claim|injunction|application|complaint|grievance|tribunal|lawsuit|suit|petition|"
    r"proceedings|action|statutory\s+demand|counterclaim)|"
    r"performance\s+manag\w*|disciplin\w*|(?:the\s+)?(?:police|council|hr)\b)")
# Fear of an outcome, not of a person: "afraid the business will go under".
_OUTCOME_FEAR = _c(
    r"\b(?:scared|afraid|frightened|terrified|worried|fearful|petrified)\s+(?:that\s+|of\s+)?"
    r"(?:losing|lose|the\s+(?:business|house|money|costs?|court|judge|trial|outcome|result|deal|"
    r"numbers|future|bank|market|valuation|tax|estate|pension|job|contract|company)|what\s+"
    r"(?:a\s+)?(?:judge|court|happens|will|might|could|people)|going\s+to\s+(?:court|trial)|"
    r"court|trial|costs|missing|being\s+(?:left|ripped|cheated|blamed|sued|short|out)|"
    r"not\s+(?:getting|having|being)|ending\s+up|it\s+(?:will|'ll|might|would)|"
    r"(?:he|she|they|we|it)\s*(?:'ll|will|would|might|could)\s+(?:lose|go\s+under|sell|"
    r"not|never|end\s+up|get\s+(?:less|nothing)|have\s+to|run\s+out|be\s+(?:left|worse)|"
    r"fold|close|back\s+out|walk\s+away|win|use|take\s+(?:it|everything|the\s+house|the\s+money))|"
    # "scared Ruby won't cope", "worried the kids won't settle"
    r"(?:the\s+)?[\w']+\s+(?:won'?t|will\s+not|can'?t|wouldn'?t|might\s+not)\s+(?:cope|manage|settle|sleep|adjust|be\s+(?:ok|okay|alright|happy)))")
# Competing, not fighting: "beat him at this", "destroy them in court".
_WINNING = _c(r"\bbeat(?:s|ing|en)?\s+(?:him|her|them|me|us)\s+(?:every|each|most|all)\s+(?:quarter|month|year|week|time|round|game|season)|"
              r"\bbeat(?:s|ing|en)?\s+(?:him|her|them|me|us)\s+(?:at|in|on)\s+(?:(?:every|each|all|most)\s+)?(?:sales|targets?|figures|numbers|"
              r"votes?|elections?|ballots?|polls?|motions?|quiz\w*|contests?|the\s+(?:numbers|figures|vote|election|ballot|"
              r"rankings|league|tender|bid)|golf|chess|tennis|squash|cards|(?:his|her|their)\s+own\s+game)\b|"
              r"\b(?:going\s+to|gonna|will|'ll)\s+(?:murder|kill)\s+me\s+when\s+i\s+tell\b|"
              r"\b(?:going\s+to|gonna|will|'ll)\s+(?:murder|kill)\s+me\s+(?:haha|lol|\U0001F602)|"
              # "its about beating him now not the drive": winning set against the thing fought over
              r"\babout\s+beating\s+(?:him|her|them)\b(?=[^.!?]{0,25}\bnot\s+(?:about\s+)?(?:the|his|her|their)\b)|"
              r"\bi\s*(?:could|'d|would)\s+(?:happily\s+|cheerfully\s+|just\s+)?(?:kill|strangle|murder|throttle|wring)\b"
              r"|\b(?:beat\w*|destroy\w*|crush\w*|kill\w*|hammer\w*|thrash\w*)\s+(?:\w+\s+){0,2}?"
              r"(?:at|in)\s+(?:court|trial|this|the\s+(?:argument|negotiation|tribunal|hearing|numbers|game)|"
              r"mediation|chess|cards|tennis|golf)"
              r"|\bbeat\w*\s+(?:him|her|them)\s+on\s+(?:every|each|all|the)\s+(?:point|issue|count|item)"
              # "beating him hands down on the numbers", "crushed them on the first offer"
              r"|\b(?:beat\w*|destroy\w*|crush\w*|thrash\w*|hammer\w*)\s+(?:him|her|them|us|me)\s+(?:\w+\s+){0,2}?(?:hands\s+down|"
              r"on\s+(?:the|every|each|all|that|this)\s+(?:\w+\s+)?(?:numbers?|points?|offers?|issues?|price|valuation|figures|deal|terms))")
# A car that hit someone, a death by suicide in the past: harm already litigated or grieved.
# An injury from a fall ("fell off his bike, bruise on his knee") is no blow either.
_NOT_NOW = _c(r"\b(?:fell|falls?|falling|tripped|slipped|crashed|came\s+off)\b[^.;!?]{0,60}\b(?:bruis\w*|black\s+eye|cuts?|marks)\b|"
              r"\b(?:car|driver|truck|lorry|bus|van|vehicle|cyclist|motorist|taxi|train|ball|door|branch|tree)\s+"
              r"(?:\w+\s+){0,3}?(?:hit|struck|knocked)\s+(?:her|him|them|me)"
              r"|\b(?:lost|losing)\s+(?:[\w,]+\s+){0,4}?to\s+(?:suicide|an\s+overdose)|"
              r"\b(?:son|daughter|husband|wife|brother|sister|father|mother|dad|mum|mom|child|boy|girl)'?s\s+"
              r"(?:overdose|suicide|death)|\bkill\w*\s+(?:them|it|us|the\s+competition)\s+(?:on|in)\s+"
              r"(?:price|prices|the\s+market|sales|court)|\b(?:died|death)\s+(?:by|from)\s+suicide|"
              r"\bcommitted\s+suicide|\bsuicide\s+(?:of|note|clause|exclusion)|\btook\s+(?:his|her|their)\s+own\s+life"
              r"|\b(?:killing|kills)\s+(?:me|the\s+deal|it|us)|\bkill\s+(?:the\s+deal|it|time|for)|\bshoot\s+me\b"
              r"|\b(?:hurt|hurting|hurts)\s+(?:her|his|their|my)\s+(?:feelings|case|chances|pride|reputation|business|credit)"
              r"|\b(?:died|passed\s+away|lost\s+\w+)\s+(?:of|from|after|to)\s+(?:an?\s+)?(?:accidental\s+)?(?:overdose|suicide)"
              r"|['\u2018\"][^'\u2019\"]{1,30}['\u2019\"]\s+(?:was|is|meant|means)\s+(?:the|a|an|his|her|their|about|just|only)\b[^.;!?]*"
              r"|\bknife\s+(?:block|set|drawer|rack|collection)|\bkitchen\s+knives|\bweapon\s+of\s+a\s+\w+"
              # "if he gets kicked off the team it'll kill him, he lives for football"
              r"|\bkick(?:ed|s|ing)?\s+(?:off|out\s+of)\s+(?:the\s+|his\s+|her\s+)?(?:team|club|squad|course|school|committee|board|"
              r"list|rota|programme|program|scheme|tenancy|group|band|choir)"
              r"|\bit'?(?:ll|\s+will|\s+would|'d)\s+(?:kill|destroy|crush|finish)\s+(?:him|her|them|me|us)\b(?!\s+(?:if|when|with))"
              r"|\bpolice\s+(?:officer|force|pension|station\s+job)|\bneglect\w*\s+(?:it|the\s+(?:market|business|house|garden|property|accounts|roof))")
# The mediator says nobody is at risk, or that screening found no concern.
_CLEARED = _c(
    r"\b(?:no|not\s+any|without\s+any)\s+(?:real\s+)?(?:safety\s+)?(?:concerns?|issues?|risk|danger|fear)\b"
    r"(?!\s+of\s+(?:losing|the))"
    r"|\bno(?:body|\s+one)\s*(?:'s|is|was|feels|seems)?\s*(?:in\s+danger|at\s+risk|unsafe|scared|afraid|hurt)"
    r"|\bfalse\s+alarm|\bnot\s+(?:a\s+)?safety\b|\bnot\s+(?:physically|in\s+danger|unsafe|that\s+kind)"
    # the mediator says the words were not meant: "figure of speech, she means she's devastated";
    # a screening done with nothing found: "did the DV screening with both separately, nothing came up"
    r"|\bfigure\s+of\s+speech|\bnot\s+literally|\bmanner\s+of\s+speaking|\bjust\s+an\s+expression"
    r"|\bscreening\b[^.;!?]{0,50}\bnothing\s+(?:came\s+up|at\s+all|to\s+(?:report|worry))"
    r"|\b(?:screened|checked\s+(?:in\s+)?with|spoke\s+to|asked)\s+(?:him|her|them|each|both|the\s+\w+)"
    r"(?:\s+\w+){0,8}?\s+(?:fine|ok|okay|safe|no\s+(?:concerns?|fear|issues?|risk)|not\s+(?:afraid|scared)|"
    r"comfortable|happy\s+to\s+(?:be|sit|stay))"
    r"|\b(?:feels?|felt)\s+safe\b|\b(?:isn'?t|is\s+not|wasn'?t|not)\s+(?:afraid|scared|frightened)\s+of\s+(?:him|her|them)"
    r"|\bmeant\s+(?:winning|the\s+argument|in\s+court|legally|financially|emotionally|the\s+money)"
    r"|\b(?:dv|domestic\s+(?:abuse|violence)|safety|risk)\s+screen\w*\s+(?:\w+\s+){0,3}?(?:done|completed|clear|"
    r"negative|fine|low|nothing)|\bno\s+(?:coercive\s+control|protection\s+order|police\s+history|weapons)"
    r"|\bwinning\s+the\s+argument\b"
    # the mediator's own judgement that it is talk: "its how he talks, shes laughing too"
    r"|\b(?:it'?s|that'?s|its|thats)\s+(?:just\s+)?how\s+(?:he|she|they)\s+talks?\b"
    r"|\b(?:she'?s|he'?s|they'?re|shes|hes|theyre|both)\s+(?:\w+\s+)?laughing\s+(?:too|as\s+well|about\s+it)\b")

# A past matter told as over: a year or "years ago" and a word that it ended ("a restraining order
# back in 2011, it lapsed, they joke about it now"; "self-harmed as a teenager, 20 years ago, she's
# well"). Both must be there; a past incident alone ("he hit her in 2019") still counts, and past
# abuse between a couple is never over for a mediator: it is asked about, not passed over.
_LONG_AGO = _c(r"\b(?:(?:in|since|from|back\s+in|around)\s+(?:19[5-9]\d|20[0-2]\d)|(?:\d+|two|three|four|five|six|seven|"
               r"eight|nine|ten|twenty|thirty|forty|many|several)\s+years?\s+ago|as\s+(?:a\s+)?(?:teenagers?|kids|children|"
               r"students?|boys|girls)|at\s+school|years\s+back|decades?\s+ago|long\s+ago)\b")
_OVER_NOW = _c(r"\b(?:lapsed|expired|ended|closed|discharged|dropped|withdrawn|no\s+further\s+action|nfa|resolved|"
               r"moved\s+on|(?:joke|joking|laugh|laughing)\s+about\s+it|(?:she'?s|he'?s|they'?re)\s+(?:doing\s+)?well\b|"
               r"in\s+a\s+good\s+place|(?:both|they)\s+(?:are\s+|seem\s+)?(?:relaxed|content|"
               r"happy)\s+(?:about|with)\s+it|co-?parented\s+fine|nothing\s+since|no\s+(?:trouble|issues?|problems?|"
               r"incidents?)\s+since|long\s+since|all\s+in\s+the\s+past)\b")
# Something happening again or now undoes it: "it ended in 2017 but he's started again".
_AGAIN = _c(r"\b(?:again|started\s+up|recently|this\s+(?:week|morning|month)|last\s+(?:night|week)|now\s+(?:he|she|they)\s*"
            r"(?:'s|is|are|has)|but\s+(?:now|today|since\s+(?:the|last)))\b")
# The mediator says the assistant read too much into words: "you flagged danger but they meant
# the knife block", "autocorrect", "I didn't say he had a weapon", "it is not a threat".
_OVER_READ = _c(r"\b(?:you|it)\s+(?:flagged|over-?react\w*|jumped\s+to|panicked|misread|got\s+the\s+wrong\s+end)|"
                r"\bstop\s+(?:sending|giving)\s+(?:me\s+)?(?:helplines?|hotlines?|the\s+safety|safety|crisis)|"
                r"\bautocorrect|\bi\s+(?:didn'?t|did\s+not)\s+(?:say|mean|type)\b|\b(?:is|was)\s+not\s+a\s+threat\b|"
                r"\bno\s+(?:guns?|weapons?|knives)\s+(?:anywhere|involved|at\s+all)")


def _long_over(said: str, whole: str, risk: Optional[str]) -> "Signal":
    """A risk told as long over: nothing to do, except harm between a couple, where one screening
    question is asked (past abuse is the strongest sign of abuse to come)."""
    if risk not in (SUICIDE, CHILD) and _COUPLE.search(whole):
        return Signal(AMBIGUOUS, DOMESTIC_ABUSE, GENERAL, said)
    return Signal(NONE, None, None, said, cleared=True)


def resolved_past(text: str) -> bool:
    """Is every risk in the message told as long over (and nothing as happening again)?"""
    return bool(_LONG_AGO.search(text) and _OVER_NOW.search(text) and not _AGAIN.search(text)
                and not _PRESENT_STRONG.search(text))


# --- clear signals, by risk type ------------------------------------------------------------
_CLEAR_SUICIDE = [
    # Telling without the word: "I won't be around to see it anyway", "no point living", standing
    # on a bridge looking down, handing over a will and asking who gets the dog.
    _c(r"\bwon'?t\s+be\s+(?:around|here|alive)\s+(?:to\s+(?:see|work|do|enjoy|need|use|spend|pay|care|deal\s+with|worry|"
       r"collect|live\s+(?:in|with)|miss)(?![^.!?]{0,40}\b(?:holiday|away|abroad|travel\w*|leave|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
       r"next\s+week))|for\s+(?:much\s+)?long|much\s+longer|by\s+then|anyway|"
       r"next\s+(?:year|month|week|christmas))|\b(?:no|don'?t\s+see\s+(?:the|any)|can'?t\s+see\s+(?:the|any))\s+(?:point|sense)\s+"
       r"(?:in\s+)?(?:living|being\s+alive|going\s+on\s+living|carrying\s+on\s+living)|"
       r"\b(?:bridge|cliff|cliffs|edge|rooftop|platform|railway|tracks|overpass)\b[^.!?]{0,60}\b(?:looking|staring|stares|looked|stared)\s+down|"
       r"\bmake\s+sure\s+(?:\w+\s+){0,3}?gets?\s+(?:the|my|her|his)\s+(?:dog|cat|pets?)\b"),
    _c(rf"\b(?:kill|hang|shoot|hurt|harm|cut|top|off)(?:s|ed|ing)?\s+{_SELF}"),
    _c(r"\b(?:end|ending|take|taking|took)\s+(?:his|her|their|my)\s+(?:own\s+)?life\b"),
    _c(r"\bend(?:ing)?\s+it\s+all\b|\bsuicid\w*|\bself[- ]?harm\w*|\boverdos\w*"),
    # Told without the words: "said she'd taken a whole bottle of sleeping pills", "thoughts about
    # wanting to die", "he told police he'd end things".
    # Means put by: "she's been putting her tablets by in a drawer just in case", stockpiling pills.
    _c(r"\b(?:putting|put|saving|saved|keeping|kept|hiding|hid|collecting)\s+(?:her|his|my|their|the)?\s*(?:tablets|pills|meds|"
       r"medication|painkillers|sleeping\s+pills)\s+(?:by|aside|away|back)\b|\b(?:stockpil|hoard)\w*\s+(?:\w+\s+){0,2}?(?:tablets|pills|"
       r"meds|medication|painkillers)"),
    _c(r"\b(?:taken|took|swallowed|downed)\s+(?:a\s+|the\s+)?(?:whole\s+)?(?:bottle|packet|pack|box|handful|load|strip)\s+of\s+"
       r"(?:\w+\s+)?(?:pills|tablets|paracetamol|painkillers|sleeping|antidepressants|meds)|"
       r"\bthoughts?\s+(?:\w+\s+){0,2}?(?:wanting|want)\s+to\s+die\b|"
       r"\b(?:he|she|they)\s*(?:'d|'ll|would|will|might|was\s+going\s+to)\s+end\s+things\b"),
    _c(r"\b(?:better\s+off\s+dead|not\s+worth\s+living|nothing\s+(?:left\s+)?to\s+live\s+for|"
       r"no\s+reason\s+to\s+(?:live|go\s+on)|(?:doesn'?t|does\s+not|don'?t)\s+want\s+to\s+"
       r"(?:live|be\s+(?:here|alive))\s+any\s?more)"),
    _c(r"\b(?:been\s+)?cutting\s+(?:again|herself|himself)|\bjump\s+(?:off|in\s+front)"),
    _c(r"\b(?:scars|cuts|marks|blood)\s+(?:\w+\s+){0,3}?(?:on|up|down)\s+(?:her|his|their)\s+(?:arms?|wrists?|legs?|thighs?|stomach|sleeves?)"),
    _c(r"\bbetter\s+off\s+(?:\w+\s+){0,3}?without\s+(?:her|him|me|them)\b|\b(?:put|putting|sorted)\s+(?:his|her|their)\s+affairs\s+in\s+order|"
       r"\b(?:put|putting|got|getting)\s+(?:everything|it\s+all|all\s+(?:his|her)\s+things|his\s+things|her\s+things)\s+in\s+order\b|"
       r"\bgiv(?:en|ing|e|es)?\s+away\s+(?:his|her|their)\s+(?:things|stuff|belongings|possessions)|"
       r"\b(?:stockpil\w*|saving\s+up|hoard\w*|collecting)\s+(?:\w+\s+){0,2}?(?:tablets|pills|meds|medication)|\bwon'?t\s+need\s+(?:\w+\s+){0,4}?where\s+(?:he|she)'?s\s+going|"
       r"\bthat'?ll\s+be\s+(?:that|the\s+end)\b(?=.*\b(?:barn|gun|rope|bridge|pills|himself|herself)\b)|"
       r"\bgoodbye\s+(?:notes?|letters?|messages?)|\bgo\s+out\s+to\s+the\s+(?:barn|shed|garage|woods)\s+and\s+that'?ll\s+be"),
    # "I'll sort myself out before the agent does"; nothing left for them, with the means at hand
    # ("he keeps the rifles at the house", "her tablets are in the drawer").
    _c(rf"\b(?:i'?ll|i\s+will|he'?ll|he\s+will|she'?ll|she\s+will|going\s+to|gonna)\s+sort\s+{_SELF}\s+out\s+"
       r"(?:before|first|once|when|if)\b|"
       r"\b(?:nothing|no\s+future|no\s+life|nothing\s+much)\s+(?:left\s+)?(?:for|in\s+it\s+for)\s+(?:me|him|her)\b(?=[^?]*\b(?:rifles?|guns?|shotguns?|"
       r"firearms?|tablets|pills|rope|meds|medication)\b)|"
       r"\b(?:rifles?|guns?|shotguns?|firearms?)\b(?=[^?]*\bnothing\s+(?:left\s+)?for\s+(?:me|him|her)\b)"),
    # A past attempt, "might do something to himself", harming their own body, "easier for everyone
    # if I wasn't here".
    _c(rf"\battempt\w*\s+on\s+(?:his|her|their|my)\s+(?:own\s+)?life|\bdo\s+something\s+(?:stupid\s+)?to\s+{_SELF}|"
       r"\b(?:scratch\w*|carv\w*|cutt\w*|burn\w*)\s+(?:up\s+)?(?:his|her|their|my)\s+own\s+(?:arms?|wrists?|legs?|skin|thighs?)|"
       r"\bcutting\s+(?:up\s+)?(?:his|her|their|my)\s+(?:arms|wrists|thighs)|"
       r"\b(?:easier|better)\s+for\s+every(?:one|body)\s+if\s+(?:he|she|i|they)\s+(?:wasn'?t|weren'?t|was\s+(?:gone|dead)|"
       r"were\s+(?:gone|dead)|died|disappeared)\b(?!\s+(?:here\s+)?(?:today|tonight|now|at\b|in\b|for\b))"),
]
_CHILD_AGENCY = _c(r"\b(?:social\s+services|child(?:ren'?s)?\s+(?:protection|services)|\bcps\b|safeguarding|"
                   r"child\s+abuse|neglect\w*)")
_CLEAR_CHILD = [
    _c(r"\b(?:kids?|child(?:ren)?|toddlers?|baby|lad|boy|girl|(?:[1-9])\s*(?:yo|year))\b[^.!?]{0,120}\bno\s+(?:grown[- ]?ups?|adults?|parents?|one)\s+"
       r"(?:anywhere|around|about|in\s+sight|minding\s+(?:him|her|them)|watching\s+(?:him|her|them))\b|"
       r"\bno\s+(?:grown[- ]?ups?|adults?|parents?|one)\s+(?:anywhere|around|about|in\s+sight|minding\s+(?:him|her|them)|watching\s+(?:him|her|them))\b"
       r"(?=.*\b(?:kids?|child(?:ren)?|toddlers?|baby|lad|boy|girl|(?:[1-9])\s*(?:yo|year))\b)|"
       r"\b(?:kids?|child(?:ren)?|toddlers?|baby|little\s+(?:one|lad|boy|girl)s?)\s+(?:\w+\s+){0,4}?(?:left\s+(?:home\s+)?alone|"
       r"on\s+(?:their|his|her)\s+own\s+(?:all\s+(?:day|night)|overnight|at\s+night))\b|"
       # "he goes out some nights and leaves them, the 9yo minds the little one, once till 2am"
       r"\b(?:goes|went|going|gone)\s+out\s+(?:\w+\s+){0,3}?(?:and|&)\s+leaves?\s+(?:them|the\s+kids|the\s+children|him|her)\b(?!\s+(?:with|at|in\s+the\s+care)\b)|"
       r"\b(?:[1-9]|1[0-2])\s*(?:yo|y/o|year[- ]old)\s+(?:minds?|minding|looks?\s+after|looking\s+after|babysits?|in\s+charge\s+of)\s+"
       r"(?:the\s+)?(?:little\s+(?:one|ones|brother|sister)|baby|younger|toddler|\d\s*(?:yo|y/o|year[- ]old))|"
       r"\b(?:came|come|comes|coming)\s+back\s+(?:from\s+(?:[\w']+\s+){0,2})?with\s+(?:a\s+)?(?:burns?|bruis\w*|black\s+eye|welts?|"
       r"cuts?|marks?)\s+(?:on|to|across)\s+(?:her|his|their)\s+(?:arm|leg|face|back|neck|hand|body)"),
    # Abduction told plainly: the passports gone, tickets booked for the child without consent.
    _c(r"\bpassports?\s+(?:\w+\s+){0,3}?(?:gone|missing|taken|disappeared|hidden|vanished)\b(?=.*\b(?:kids?|child|children|son|"
       r"daughter|boy|girl|holiday|abroad|back\s+home)\b)|"
       r"\b(?:take|taking|fly|flying|move|moving)\s+(?:the\s+|our\s+|his\s+|her\s+)?(?:child|kids?|children|son|daughter|boy|girl|baby)\s+"
       r"(?:\w+\s+){0,3}?(?:to\s+\w+|abroad|out\s+of\s+the\s+country|overseas)\b(?=.*\b(?:tickets?|booked|without\s+(?:\w+\s+){0,2}?"
       r"(?:consent|permission|knowing|telling)|consent\s+not|not\s+coming\s+back|for\s+good|doesn'?t\s+know)\b)"),
    _c(rf"\b(?:take|taking|took|run|running|flee|fleeing|move|moving)\s+(?:off\s+)?(?:with\s+)?{_KIDS}?\s*"
       r"(?:\w+\s+){0,3}?(?:abroad|out\s+of\s+the\s+country|overseas|back\s+to\s+\w+|to\s+\w+)\s+"
       r"(?:\w+\s+){0,2}?and\s+(?:not|never)\s+(?:bring|come|return)"),
    _c(rf"\b(?:won'?t|will\s+not|never|not\s+going\s+to|wouldn'?t)\s+(?:bring|return|give|send)\s+"
       rf"(?:them|{_KIDS})\s+back\b"),
    _c(r"\babduct\w*|\bkidnap\w*|\bsnatch\w*\s+(?:the\s+)?(?:kids?|children|baby)|\bport\s+alert"),
    _c(rf"\b(?:hits?|hitting|hurts?|hurting|smacks?|smacked|beats?|beating|beat|shakes?|shook|shaking|"
       rf"punch\w*|kick\w*|burn\w*|slap\w*|strangl\w*|chok\w*)\s+{_KIDS}"),
    # Neglect told by a child: "he told her he had to sleep in the car because daddy's friends were over".
    _c(r"\b(?:had|has|made|makes|have)\s+to\s+sleep\s+in\s+(?:the|a|his|her|dad'?s|daddy'?s)\s+(?:car|van|shed|garage|hallway|stairwell)\b"
       r"(?=.*\b(?:daddy|mummy|mommy|kids?|child|son|daughter|boy|girl|little\s+one|\d+\s*(?:yo|year))\b)|"
       r"\b(?:daddy|mummy|mommy)'?s\s+friends\s+(?:were|are)\s+over\b(?=.*\b(?:sleep|car|scared|hungry|alone|won'?t\s+eat)\b)"),
    _c(r"\b(?:daddy|mummy|mommy|papa|mama)\s+(?:\w+\s+)?(?:hurts|hurt|hits|hit|touches|touched|smacks|smacked)\s+"
       r"(?:me|her|him)\b|\b(?:daddy|mummy|mommy)\s+(?:squeezes|squeezed|pinches|pinched|grabs|grabbed|shakes|shook)\b"),
    _c(r"\b(?:told|tells|said\s+to)\s+(?:the|her|his|a)\s+(?:teacher|nursery|school|counsellor|counselor|nurse|gp)\b"
       r"(?=.*\b(?:hurts|hits|touches|touched|smacks|bruis\w*|scared|afraid)\b)"),
    _CHILD_AGENCY,
    _c(rf"\b(?:leaves?|left|leaving)\s+{_KIDS}\s+(?:\w+\s+){{0,2}}?(?:alone|on\s+(?:their|his|her)\s+own|"
       r"unattended|in\s+the\s+car)\b(?!\s+with\b)"),
    _c(rf"\b(?:drunk|drinking|high|off\s+his\s+face|using)\s+(?:\w+\s+){{0,4}}?(?:with|around|in\s+charge\s+of|"
       rf"looking\s+after|while\s+(?:he|she)\s+(?:has|had|looks?\s+after))\s+{_KIDS}"),
    _c(rf"\bdrinks?[- ]driv\w*\s+(?:\w+\s+){{0,3}}?{_KIDS}|{_KIDS}\s+(?:\w+\s+){{0,2}}?"
       r"(?:are|is|were|was|get|gets)\s+(?:scared|afraid|terrified|frightened)\s+of\s+(?:him|her|their|dad|mum|mom)"),
    _c(r"\b(?:inappropriate\w*\s+touch\w*|sexual\w*\s+abus\w*|grooming)"),
    _c(rf"\block(?:s|ed|ing)?\s+{_KIDS}\s+in|\b(?:gets?|got|getting)\s+the\s+belt|\bbelt(?:ed|ing)\s+(?:him|her|them)|\b(?:hungry|starving|filthy|unwashed)\s+(?:\w+\s+){{0,3}}?(?:bruis\w*|marks)|"
       rf"{_KIDS}\s+(?:\w+\s+){{0,4}}?(?:turn\s+up|arrive|come)\s+(?:\w+\s+){{0,3}}?(?:hungry|bruised|with\s+bruises)|"
       r"\bone[- ]way\s+tickets?\b(?=.*\b(?:kids?|children|son|daughter|baby|them)\b)|"
       r"\bkeeps?\s+going\s+into\s+(?:her|his)\s+(?:bed)?room\s+at\s+night|\b(?:hid|hidden|took|taken|holding)\s+"
       rf"(?:\w+\s+)?(?:kids'?|children'?s|{_KIDS}'?s?)\s+passports"),
    _c(r"\b(?:kids|girls|boys|children|them|the\s+baby)\s+(?:\w+\s+){0,3}?(?:never\s+came\s+back|didn'?t\s+come\s+back|"
       r"haven'?t\s+come\s+back|(?:were|was)\s+never\s+returned)|\bsex\s+offenders?\s+register\b|\bregistered\s+sex\s+offender"),
    _c(rf"\b(?:slurring|drunk|over\s+the\s+limit|barely\s+stand|smelled\s+(?:of\s+)?(?:drink|alcohol))\b"
       rf"(?=.*(?:{_KIDS}|\b(?:pick[- ]?up|handover|drop[- ]?off|contact|weekend)\b))"),
]
# A child, named by age or as a child ("the 4 yr old", "older boy", "our two little ones").
_CHILD_WORD = (r"(?:kids?|child(?:ren)?|son|daughter|baby|toddler|infant|boys?|girls?|little\s+ones?|teen(?:ager)?|"
               r"\d+\s*(?:yo|y/o|yrs?\s*old|years?[- ]old|month[- ]old))")
# Fear for the children ("mum's scared for the kids"): one screening question by itself; with a
# clear signal it makes the children's protocol the one (work or neighbour threats keep theirs).
_FEAR_FOR_KIDS = _c(r"\b(?:scared|afraid|frightened|terrified|petrified|fear(?:s|ful)?)\s+for\s+(?:the|her|his|their|my|our)\s+"
                    r"(?:kids|children|child|son|daughter|baby|girls|boys|little\s+ones)\b"
                    r"(?!'?s?\s+(?:future|education|schooling|inheritance|sake))")
# Fear the children will be taken ("she's scared he'll just take them"): by itself not a signal
# (custody is what many disputes are about); in answer to a screening question it tells the type.
TAKING_CHILDREN = _c(r"\b(?:scared|afraid|worried|terrified|frightened|petrified|fears?|panicking)\s+(?:that\s+)?"
                     r"(?:he|she|they|dad|mum|mom|the\s+(?:father|mother))\s*(?:'ll|will|would|'d|might|could|is\s+going\s+to|'s\s+going\s+to)\s+"
                     r"(?:just\s+)?(?:take|snatch|grab|run\s+off\s+with|disappear\s+with|vanish\s+with|not\s+(?:bring|give)\s+(?:\w+\s+)?back)\s+"
                     rf"(?:them|{_CHILD_WORD}|the\s+{_CHILD_WORD}|(?:her|his|their|our)\s+{_CHILD_WORD})\b"
                     r"(?=\s*(?:$|[.,;!?]|away|abroad|out\s+of|back\s+to|home\s+to|and\s+(?:not|never|go|run|disappear|leave)|for\s+good))")
# The means to take children abroad, ready: flights or tickets booked with the passports in hand.
_ABDUCTION_MEANS = _c(r"\b(?:booked|bought|got)\s+(?:\w+\s+){0,2}?(?:flights?|tickets?|plane\s+tickets?)\b[^.;!?]{0,60}\b(?:has|took|taken|"
                      r"holding|got|kept|keeping|hid|hidden)\s+(?:\w+\s+){0,2}?passports?\b|"
                      r"\b(?:has|got|holding|took|taken|kept|keeping|hid|hidden)\s+(?:both|all|all\s+three|the\s+kids'?|the\s+children'?s|their)\s+"
                      r"passports\b")
_CLEAR_CHILD += [
    # A small child with nobody: "a toddler on his own in a freezing bedroom", "her little girl,
    # about four, is in there on her own", "little lad crying behind a door saying 'mummy gone'".
    _c(r"\b(?:toddler|baby|infant|little\s+(?:lad|boy|girl|one|ones|kids?)|[1-6]\s*(?:yo|y/o|year[- ]old)|about\s+(?:two|three|four|five|[2-5]))\b"
       r"[^.;!?]{0,60}?\b(?:on\s+(?:his|her|their)\s+own|alone|by\s+(?:himself|herself|themselves))\b(?!\s+(?:with|for\s+(?:a\s+)?(?:minute|second|moment)))|"
       r"\b(?:mumm?y|mommy|mam|mama)\s+(?:gone|not\s+(?:here|home)|left)\b"),
    # Taking the children away for good: "you'll never see them again"; abroad or out of state
    # secretly, tonight, with no return date or one-way tickets.
    _c(r"\b(?:take|taking|took|run\s+off\s+with|disappear\s+with|vanish\s+with)\s+(?:the\s+|her\s+|his\s+|my\s+|our\s+)?"
       r"(?:kids|children|baby|girls|boys|them)\b[^.;!?]{0,50}\b(?:never|not)\s+(?:going\s+to\s+)?see\s+(?:them|the\s+(?:kids|children|"
       r"baby|girls|boys)|(?:her|his|their|your|my)\s+(?:kids|children|son|daughter|baby|girls|boys))\s+again"),
    # Taken abroad with no coming back: "he said he'd take the kids abroad and she would never see them".
    _c(rf"\b(?:take|taking|took|fly|flying|move|moving)\s+(?:\w+\s+){{0,2}}?(?:{_CHILD_WORD}|them)\s+(?:\w+\s+){{0,4}}?"
       r"(?:abroad|overseas|out\s+of\s+(?:the\s+)?(?:state|country)|back\s+to\s+(?:\w+\s+)?(?:poland|romania|india|pakistan|nigeria|"
       r"spain|italy|france|home|his\s+country|her\s+country|their\s+country|the\s+states|australia|america))\b[^.;!?]{0,60}?"
       r"\b(?:never|not|won'?t|wouldn'?t)\s+(?:\w+\s+){0,2}?(?:see|get)\s+(?:them|the\s+(?:kids|children|baby|girls|boys))\b(?!\s+(?:at|on|for)\s+(?:christmas|weekends|holidays))"),
    _c(rf"\b(?:take|taking|took|fly|flying|flew|move|moving|send|sending|bring|bringing)\s+(?:\w+\s+){{0,2}}?(?:{_CHILD_WORD}|them)\s+"
       r"(?:\w+\s+){0,5}?(?:abroad|overseas|out\s+of\s+(?:the\s+)?(?:state|country)|to\s+(?:live\s+with\s+)?(?:his|her|their)\s+"
       r"(?:family|relatives|parents|people|home\s+country|country))\b"
       r"(?=.*\b(?:no\s+return|one[- ]way|without\s+(?:telling|(?:the\s+)?(?:mother|father|mum|mom|dad|him|her)\s+know\w*|"
       r"(?:his|her|their)\s+(?:consent|permission|knowledge)|consent|permission)|(?:has|have)\s+no\s+idea|doesn'?t\s+know\b(?!\s+(?:if|whether|how|what|when|where|yet))|"
       r"tonight|secret\w*))"),
    _c(rf"\bone[- ]way\s+(?:tickets?|flights?)\b(?=.*\b{_CHILD_WORD}\b)|\b{_CHILD_WORD}\b.*\bone[- ]way\s+(?:tickets?|flights?)"),
    # Harm on a child's body: "the 4 yr old has had a different bruise at every handover",
    # "keeps turning up with marks", "shaped like fingers".
    _c(rf"\b{_CHILD_WORD}\b(?![^.;!?]*\b(?:fell|falls?|falling|bike|football|rugby|trampoline|tripped|playground|sports?|hockey)\b)"
       rf"[^.;!?]{{0,80}}?\b(?:bruis\w*|welts?|finger\s?marks|black\s+eye)|"
       rf"\bbruis\w*\s+(?:\w+\s+){{0,2}}?(?:across|on)\s+(?:his|her)\s+(?:bottom|backside|buttocks?)|"
       r"\bshaped\s+like\s+(?:fingers|a\s+hand)|"
       r"\b(?:turning|turns|turn|came|comes|coming)\s+(?:up|home|back|in)\s+with\s+(?:\w+\s+){0,2}?(?:bruis\w*|marks|welts|burns|injuries)"
       r"(?=.*\b(?:class|school|teacher|nursery|handover|contact|weekend|pupil)\b)"),
    # A parent drinking or using while in charge of them (driving them, the weekends they have them).
    _c(rf"\b(?:drunk|drinking|beers?|had\s+a\s+few|over\s+the\s+limit|drink[- ]driv\w*|smell\w*\s+(?:of\s+)?(?:drink|alcohol|booze)|"
       rf"drink\s+on\s+(?:her|his)\s+breath|passed\s+out|wine\s+bottles|high|stoned|using\s+again)\b"
       rf"[^.;!?]{{0,120}}\b(?:{_CHILD_WORD}|them)\b[^.;!?]{{0,60}}\b(?:driv\w*|ride|car|supervis\w*|look\w*\s+after|"
       r"in\s+charge|weekends?|contact|handover|pick[- ]?up|collect\w*|drop\w*\s+off|wandering)|"
       rf"\b(?:driv\w*|ride|car|supervis\w*|look\w*\s+after|weekends?\s+(?:he|she)\s+has|wandering|dropp\w*|collect\w*|"
       rf"pick\w*\s+up|handover)\b[^.;!?]{{0,60}}"
       rf"\b(?:{_CHILD_WORD}|them)\b[^.;!?]{{0,80}}\b(?:drunk|drinking|beers?|had\s+a\s+few|over\s+the\s+limit|passed\s+out|high|stoned)\b|"
       rf"\b{_CHILD_WORD}\b[^.;!?]{{0,60}}\b(?:ride|driv\w*)\s+(?:\w+\s+){{0,3}}?(?:with\s+)?(?:him|her)\s+(?:\w+\s+){{0,3}}?after\s+"
       r"(?:\w+\s+){0,3}?(?:beers?|drinks|a\s+few|the\s+pub|the\s+bar)"),
    _c(rf"\b{_CHILD_WORD}\b[^;]{{0,160}}?\bthey\s+(?:never|didn'?t|haven'?t)\s+(?:came|come)\s+back\b"),
    # Left to fend for themselves; someone barred from children looking after one.
    _c(rf"\b(?:raise|raising|raises|fend\s+for)\s+themselves\b|\b{_CHILD_WORD}\b[^.;!?]{{0,60}}\b(?:home\s+)?alone\s+"
       r"(?:for\s+|like\s+|all\s+)?(?:\d\d\s*(?:hrs|hours)|all\s+day|all\s+night|overnight|the\s+whole\s+(?:day|night|weekend))|"
       r"\b(?:isn'?t|not|never)\s+allowed\s+(?:near|around|to\s+be\s+(?:near|around|alone\s+with))\s+(?:schools?|children|kids|minors)"),
    # A man who "comes into her room" at night, told of a child.
    _c(rf"\b{_CHILD_WORD}\b.*\b(?:weird|drunk|drinks|drinking|at\s+night|in\s+the\s+night)\b[^.;!?]{{0,40}}\b(?:comes?|came|coming|goes|going|went)\s+"
       r"into\s+(?:her|his)\s+(?:bed)?room\b|\b(?:comes?|came|coming|goes|going|went)\s+into\s+(?:her|his)\s+(?:bed)?room\s+"
       rf"(?:at\s+night|in\s+the\s+night|when\s+(?:he'?s|he\s+is)\s+drunk)\b(?=.*\b{_CHILD_WORD}\b)|"
       rf"\b{_CHILD_WORD}\b.*\b(?:comes?|came|coming|goes|going|went)\s+into\s+(?:her|his)\s+(?:bed)?room\s+"
       r"(?:at\s+night|in\s+the\s+night|when\s+(?:he'?s|he\s+is)\s+drunk)\b"),
]
# The agencies also protect adults: an elderly mother's safeguarding is not a child at risk.
_ADULT_CARE = _c(r"\b(?:adult\s+(?:social|safeguarding|protective)|elder\w*|aged\s+care|care\s+home|nursing\s+(?:home|place|facility)|"
                 r"residents?|dementia|retirement|sectioned|vulnerable\s+adult|grand(?:ma|mother|ad|dad|father|parents?))\b")
# A child who told someone: what follows is about the child ("the 12 yo told the interviewer dad
# keeps a gun in the glovebox").
# ("the older one said to my client" among brothers in business is an adult: only a child's words count)
_CHILD_TOLD = _c(rf"\b(?:{_CHILD_WORD}|(?:older|younger|eldest|youngest)\s+(?:boy|girl|child|kid|son|daughter))\s+(?:\w+\s+){{0,1}}?"
                 r"(?:told|tells|said|says|disclosed|let\s+slip|showed)\b")

_CLEAR_NOW = [
    # "out in the car park by Bernard's car with a spade in his hand saying he'll wait as long as it takes"
    _c(r"\bwith\s+(?:a|an|the|his|her)\s+(?:spade|shovel|hammer|crowbar|bat|baseball\s+bat|axe|hatchet|machete|"
       r"wrench|spanner|pitchfork|iron\s+bar|metal\s+bar|pole|stick|chain|golf\s+club)\s+in\s+(?:his|her|their)\s+hands?\b"
       r"(?=[^.!?]{0,120}\b(?:wait\w*|car|outside|door|for\s+(?:him|her)|as\s+long\s+as|shout\w*|swear\w*))|"
       r"\b(?:wait|waiting|waits)\s+(?:for\s+(?:him|her|them)\s+)?(?:by|at|next\s+to|beside)\s+(?:his|her|their|\w+'s)\s+car\b"
       r"(?=[^.!?]{0,80}\b(?:as\s+long\s+as|spade|shovel|hammer|bat|stick|won'?t\s+leave|till|until))"),
    _c(r"\blean(?:s|ing|ed)?\s+(?:right\s+)?(?:over|across)\s+(?:my|the|her|his|their)\s+(?:desk|table|chair)\b|"
       r"\b(?:moved|walked|came|stood|stepped)\s+(?:right\s+)?(?:up\s+)?(?:next\s+to|beside|behind|over)\s+(?:my\s+client'?s?|her|his|"
       r"the\s+\w+'?s)\s+chair\b|\b(?:a\s+foot|inches|a\s+few\s+inches)\s+(?:away\s+)?from\s+(?:her|him|my\s+client|me)\b"),
    # Squaring up without the words: "we'll finish this outside", punching his own palm, "she is
    # not walking out of here", snatching papers out of her hands; and a body in crisis now.
    _c(r"\b(?:finish|settle|sort)\s+this\s+outside\b|\bstep\s+outside\s+and\s+say\s+that|"
       r"\bpunch(?:ing|es|ed)?\s+(?:his|her)\s+(?:own\s+)?(?:palm|fist|hand)|\bnot\s+(?:walking|leaving|going|getting)\s+out\s+of\s+here\b|"
       r"\b(?:grabbed|snatched|ripped|yanked)\s+(?:\w+\s+){0,3}?out\s+of\s+(?:her|his|my)\s+hands?"),
    _c(r"\b(?:clutching|holding|grabbing|gripping)\s+(?:at\s+)?(?:his|her)\s+chest\b|\b(?:he|she|someone|dad|mum|mom)(?:\s+has|'s|\s+is)?(?:\s+just)?\s+"
       r"(?:collapsed|passed\s+out|blacked\s+out|stopped\s+breathing)\b|\bhand\s+(?:is\s+)?(?:on|to)\s+(?:his|her)\s+chest\b|\bhaving\s+(?:a\s+)?(?:seizure|fit|heart\s+attack|stroke)\b|"
       r"\bgone\s+(?:grey|gray|blue)\s+and\s+(?:sweaty|clammy)"),
    _c(rf"\bstand(?:s|ing)?\s+over\s+{_PERSON}|\b(?:looming|towering)\s+over\b"),
    _c(r"\b(?:block\w*|in\s+front\s+of|stand(?:s|ing)?\s+(?:in|at|by))\s+(?:the\s+)?(?:door|doorway|exit|way\s+out)"
       r"(?=.*\b(?:can'?t|cannot|won'?t\s+let|not\s+let|frozen|scared|trapped|leave)\b)|\bso\s+(?:she|he)\s+can'?t\s+(?:leave|get\s+out)"),
    _c(rf"\b(?:won'?t|will\s+not|isn'?t\s+letting|not\s+letting)\s+(?:let\s+)?{_PERSON}\s+(?:leave|go\s+home|get\s+past|"
       r"out\s+of\s+the\s+(?:room|building|house|car))\b(?!\s+(?:the\s+|her\s+|his\s+)?(?:partnership|firm|company|business|job|"
       r"practice|contract|lease|marriage|scheme|band|board|committee|deal))"),
    _c(r"\b(?:pacing|hovering|standing)\s+(?:right\s+)?(?:behind|next\s+to)\s+(?:her|his)\s+chair|\bflinch(?:es|ing)\b"),
    # Crowding her in the room, told without a danger word: "moved his chair right next to hers and
    # keeps leaning in, she won't look up".
    _c(r"\b(?:moved|pulled|pushed|dragged|shifted|scooted)\s+(?:his|her)\s+chair\s+(?:right\s+)?(?:up\s+)?(?:next\s+to|beside|against|up\s+to|close\s+to|closer\s+to)\s+(?:hers|his|her|him)|"
       r"\blean(?:s|ing|ed)?\s+(?:right\s+)?(?:in|over|into)\b(?=.*\b(?:won'?t|wont|can'?t|cant|doesn'?t|didn'?t)\s+"
       r"(?:look\s+up|look\s+at\s+him|speak|move)|.*\b(?:shrink\w*|shaking|gone\s+(?:quiet|silent)|frozen|flinch\w*))"),
    _c(rf"\b(?:followed|following|follows|chased|chasing)\s+(?:{_PERSON}|(?:her|his|my|their)\s+car)\s+(?:out|to|into|down|across|round|around|home|through|thru)\b"
       r"(?!\s+(?:the\s+)?(?:mediation|meeting|session|joint|main|conference|board)\s+room)"),
    _c(r"\b(?:threw|throws|throwing|thrown|hurled|smashed|smashing|punched|kicked)\s+(?:\w+\s+){0,2}?"
       r"(?:chair|cup|mug|glass|water|coffee|tea|phone|table|wall|door|bottle|file|folder|laptop|pen|papers|scissors|plates?|knife|knives)"),
    _c(r"\b(?:shout\w*|scream\w*|yell\w*)\s+(?:\w+\s+){0,3}?(?:in|into|right\s+in)\s+(?:her|his|their|my)\s+face"),
    # Shouting at close range, told any way round: "right over her face, finger in her face, she's
    # backed into the wall", "inches from his face screaming", "nose to nose".
    _c(r"\b(?:(?:right\s+)?(?:in|into|over)\s+(?:her|his|their|my)\s+face|inches\s+from\s+(?:her|his|their|my)\s+face|"
       r"nose\s+to\s+nose|finger\s+in\s+(?:her|his|their|my)\s+face)\b(?=[^.!?]{0,80}\b(?:shout\w*|scream\w*|yell\w*|roar\w*|"
       r"back(?:ed|ing)?\s+(?:\w+\s+)?(?:into|against|up\s+against)|cower\w*|shaking|frozen)\b)|"
       r"\b(?:shout\w*|scream\w*|yell\w*|roar\w*)\b[^.!?]{0,40}\b(?:right\s+)?(?:over|inches\s+from)\s+(?:her|his|their|my)\s+face\b|"
       r"\b(?<!feels\s)(?<!feel\s)(?<!felt\s)(?<!feeling\s)(?:backed|pinned|cornered|trapped)\s+(?:her|him|them|me|us)?\s*(?:into|against|up\s+against|in)\s+(?:the\s+|a\s+)?(?:wall|corner)\b|"
       r"\b(?:she'?s|he'?s|she\s+is|he\s+is|they'?re)\s+backed\s+(?:into|against|up\s+against)\s+(?:the\s+|a\s+)?(?:wall|corner)\b"),
    # "has Mr L by the neck over the fence", "he suddenly went for them", "barricaded himself in",
    # "came out holding knives", "standing in the doorway so nobody can get out".
    _c(r"\b(?:has|had|got|grabbed)\s+(?:him|her|them|the\s+\w+|mr\.?\s+\w+|mrs\.?\s+\w+|ms\.?\s+\w+|[a-z]+)\s+by\s+the\s+"
       r"(?:neck|throat|hair|collar|scruff)\b|\bwent\s+for\s+(?:them|both|the\s+(?:nurses?|staff|other|mediator|officer|bailiffs?))\b|"
       r"\bbarricad\w*\s+(?:himself|herself|themselves)\b|\b(?:holding|waving|brandishing)\s+(?:\w+\s+){0,2}?(?:knives|knife|guns?|"
       r"machetes?|axe|hammer|bats?|weapons?)\b|\bso\s+(?:nobody|no\s+one|none\s+of\s+us)\s+can\s+(?:get\s+out|leave)\b"),
    _c(r"\b(?:lunged|lunging|went\s+for\s+(?:her|him|his|her)|came\s+at|squared\s+up|squaring\s+up|fists?\s+clenched|"
       r"raised\s+(?:his|her)\s+(?:fist|hand)\s+(?:at|to))"),
    _c(r"\b(?:has|had|got|brought|carrying|pulled|pulls|took|takes|with)\s+(?:a|an|his|her)\s+(?:\w+\s+)?(?:knife|gun|handgun|pistol|"
       r"rifle|shotgun|weapon|blade|firearm)"),
    _c(r"\b(?:banging|pounding|hammering|kicking|thumping)\s+(?:on|at)\s+(?:the|my|her|his|our)\s+(?:\w+\s+){0,3}?(?:door|glass|window|car)|"
       r"\bup\s+in\s+(?:my|her|his|their)\s+face|\bfists?\s+(?:balled|clenched|raised)|\babout\s+to\s+(?:swing|hit|punch|go\s+for)"),
    _c(r"\b(?:security|police|the\s+cops)\s+(?:\w+\s+)?(?:on\s+(?:the|their)\s+way|coming|called\s+(?:now|just))"),
    _c(r"\b(?:she|he|they)\s*(?:'s|is|are)\s+(?:\w+\s+)?cowering\b"),
    # Trapping someone in the room: "standing between her and the door", "wedged his chair against
    # the door".
    _c(r"\bbetween\s+(?:her|him|them|me|us|the\s+\w+)\s+and\s+the\s+(?:door|doorway|exit|way\s+out)\b|"
       r"\b(?:wedg|jamm|push|shov|barricad|dragg|pull|mov)\w*\s+(?:\w+\s+){0,3}?(?:against|across|in\s+front\s+of)\s+"
       r"the\s+(?:\w+\s+)?(?:door|doorway|exit)\b"),
    # Coming at someone across the table; a hand on a hidden weapon ("patted the inside of his
    # jacket", "brought something in case he starts").
    _c(r"\b(?:came|comes|coming|come|lunged|leapt|leaped|jumped|climbed|launched\s+himself|launched\s+herself)\s+"
       r"(?:right\s+)?(?:across|over)\s+the\s+(?:table|desk)\s+(?:(?:at|towards)\s+(?:her|him|them|me|us|a\s+(?:director|colleague|manager|"
       r"member|neighbou?r|party|trustee)|the\s+(?:other|mediator|director|manager|claimant|respondent|applicant|chair|husband|wife|"
       r"trustee))|to\s+(?:get|grab)\s+(?:her|him))\b|"
       r"\bpat(?:s|ted|ting)\s+(?:the\s+)?inside\s+(?:of\s+)?(?:his|her)\s+(?:jacket|coat)|\bpat(?:s|ted|ting)\s+(?:his|her)\s+(?:waistband|hip)|"
       r"\bbrought\s+(?:something|a\s+little\s+something)\s+in\s+case\b"),
    _c(r"\bhands?\s+(?:in|inside|under)\s+(?:his|her)\s+(?:hoodie|pocket|jacket|coat|waistband)\b"
       r"(?=.{0,60}\b(?:demand\w*|threat\w*|till|cash|money|won'?t\s+(?:leave|go)|shout\w*|yell\w*))"),
    _c(r"\b(?:pulling|pulled|pulls)\s+(?:them|it|a\s+gun|guns|knives|a\s+knife)\s+on\s+people|\b(?:carr(?:y|ies|ying)|packing)\s+(?:a\s+)?(?:guns?|knife|knives|weapons?|firearms?)"),
]
# A veiled threat: "shame if the vans went up in smoke one night, you know I know people". A
# threat, not danger in the room: its type is the relationship's, even when said in the corridor.
_VEILED = _c(r"\bshame\s+if\s+(?:\w+\s+){0,5}?(?:went\s+up\s+in\s+smoke|caught\s+fire|burn\w*|got\s+hurt|happened\s+to)|"
             r"\byou\s+know\s+i\s+know\s+people\b|\bi\s+know\s+people\s+who\b")
_CLEAR_ABUSE = [
    _c(r"\b(?:doesn'?t|does\s+not|don'?t|didn'?t|do\s+not|not|never|no\s+longer|won'?t|can'?t)\s+feel(?:s|ing)?\s+safe\b|\bfear(?:s|ed)?\s+for\s+(?:her|his|their|my)\s+(?:life|safety)|"
       r"\byou\s+know\s+what\s+happens\s+(?:when|if)\b|\b(?:won'?t|will\s+not|never)\s+make\s+it\s+(?:to|home|out)\b|"
       r"\b(?:better|should)\s+watch\s+(?:herself|himself|yourself|your\s+back|her\s+back|his\s+back|out)|\bwatch\s+your\s+back|"
       r"\bsomething\s+(?:bad\s+)?(?:will|might|could|is\s+going\s+to)\s+happen\s+to\s+(?:her|him|you|the\s+kids)|\baccidents\s+happen\b|"
       r"\b(?:bruis\w*|welts?|burns?)\b(?=.*\b(?:kids?|child|son|daughter|baby|bath|nursery|school|yo)\b)"),
    _c(rf"\bgrab\w*\s+{_PERSON}(?:'?s)?\s*(?:arm|wrist|neck|hair|by|throat)"),
    # Control told as routine: "has to send him a photo of where she is every hour", "he has her
    # banking app password and checks what she spends", "has to check it's ok with him first".
    _c(r"\b(?:has|have|had|must)\s+to\s+(?:send|text|show|message)\s+(?:him|her)\s+(?:a\s+)?(?:photo|picture|pic|selfie|video|"
       r"location|proof|screenshot)\w*\s+(?:of\s+)?(?:where|who|what)|"
       r"\bhas\s+(?:her|his)\s+(?:\w+\s+){0,2}?(?:passwords?|passcodes?|logins?)\b(?=.*\b(?:checks?|reads?|monitors?|goes\s+through|"
       r"tracks?|controls?|spends?|won'?t|can'?t)\b)|"
       r"\bchecks?\s+(?:every(?:thing|\s+penny)|what|where|who)\s+(?:she|he)\s+(?:spends|buys|goes|sees|texts|talks\s+to)\b|"
       r"\b(?:has|have|had)\s+to\s+(?:check|clear)\s+(?:it'?s\s+ok|it|everything|anything)\s+with\s+(?:him|her)\b|"
       r"\btill\s+(?:she'?s|he'?s|she\s+has|he\s+has)\s+['\"]?checked\s+(?:it'?s|its)\s+ok|"
       # "Tom has the passwords to her bank and email", "she photographs every receipt and sends it to
       # him", "asked if she could leave 15 minutes after him"
       r"\b(?:has|have|had|holds?|keeps?)\s+(?:all\s+)?(?:the\s+)?(?:passwords?|passcodes?|logins?|pins?)\s+(?:to|for)\s+(?:her|his)\s+"
       r"(?:bank|email|phone|accounts?|banking)|"
       r"\b(?:photographs?|photos?\s+of|pictures?\s+of|snaps?)\s+every\s+(?:receipt|purchase|till\s+slip|bill)|"
       r"\b(?:sends?|send|show|shows)\s+(?:him|her)\s+(?:a\s+)?(?:photos?|pictures?)\s+of\s+(?:every|each|all\s+(?:her|his))\s+"
       r"(?:receipts?|purchases?|spending)|"
       r"\b(?:she'?s|he'?s|she\s+is|he\s+is|isn'?t|is\s+not)\s+(?:not\s+)?allowed\s+(?:(?:her|his)\s+(?:friends?|sister|brother|family|"
       r"daughter|son)\s+(?:round|over|to\s+visit)|visitors|to\s+(?:see|visit|phone|call)\s+(?:her|his)\s+(?:friends?|family|sister|"
       r"brother|daughter|son))|"
       r"\b(?:looks\s+after|keeps|has|holds|took|takes)\s+['\"]?(?:looks\s+after['\"]?\s+)?(?:her|his)\s+(?:pension|bank)\s+card\b"
       r"(?=[^.!?]{0,80}\b(?:gets|allowed|only|a\s+week|pocket\s+money|allowance)\b)|"
       r"\b(?:she|he)\s+gets\s+[\u00a3$\u20ac]?\d+\s+a\s+week\b(?=[^.!?]{0,80}\b(?:card|pension|allowed)\b)|"
       r"['\"]?it'?(?:ll|\s+will)\s+(?:only\s+)?(?:be|make\s+it)\s+worse\s+(?:later|at\s+home|for\s+(?:her|him|me))|"
       r"\basked\s+(?:me\s+)?(?:if|whether)\s+(?:she|he)\s+(?:could|can|might)\s+leave\s+(?:\d+\s+min\w*\s+)?(?:after|before)\s+"
       r"(?:him|her)\b"),
    # Stalking: turning up at her (new) work again and again, sitting outside her home at night.
    # "he's been parked outside her house some nights, turns up at the gym at her times, messaged her
    # new number the day after she changed it"
    _c(r"\b(?:been\s+)?(?:park(?:ed|s|ing)|sitting|sat|sits|waiting|waits)\s+(?:up\s+)?outside\s+(?:her|his|their)\s+(?:new\s+)?"
       r"(?:house|home|flat|place|work|office)\b(?=[^.!?]{0,60}\b(?:nights?|again|times|every|most|evenings?|hours?|mornings?)\b)|"
       # "sent her a photo of her front door": I know where you are, without the words
       r"\b(?:sent|texted|messaged|left)\s+(?:her|him)\s+(?:a\s+)?(?:photo|picture|pic|video)\s+of\s+(?:her|his|their)\s+"
       r"(?:front\s+door|house|home|flat|car|kids?|children|daughter|son|school|work|bedroom|window)\b|"
       r"\bturn(?:ed|s|ing)?\s+up\s+at\s+(?:the\s+|her\s+|his\s+)?(?:gym|shop|school|church|pool|bus\s+stop|club|pub|gate)\s+"
       r"(?:at|on|when)\s+(?:her|his)\s+(?:times|days|sessions|class)|"
       r"\b(?:messaged|texted|called|rang|found|got)\s+(?:her|his)\s+new\s+(?:number|address|phone|email)\b"),
    _c(r"\bturn(?:ed|s|ing)?\s+up\s+at\s+(?:her|his|their)\s+(?:new\s+)?(?:work|workplace|office|job|house|home|flat|school)\s+"
       r"(?:twice|again|three\s+times|\d+\s+times|every|this\s+week|most)|"
       r"\b(?:sat|sitting|sits|parked|waiting)\s+in\s+(?:his|her|a|the)\s+(?:car|van)\s+outside\s+(?:her|his|their)\s+(?:new\s+)?"
       r"(?:flat|house|home|work|office|place)"),
    _VEILED,
    # Money control told plainly: "paul has her bank card and pin ... he gets angry if she asks".
    _c(r"\bhas\s+(?:her|his|their)\s+(?:bank\s+|debit\s+|credit\s+)?cards?\s+and\s+(?:her\s+|his\s+)?(?:pin|password)\b|"
       r"\b(?:gets?|got|goes|went)\s+(?:really\s+)?(?:angry|furious|nasty|mad)\s+(?:if|when|whenever)\s+(?:she|he)\s+(?:asks|asked|questions)\b"
       r"(?=.*\b(?:money|card|bank|statement|account|pension|pin|cash)\b)"),
    _c(r"\b(?:kicked|punched|smashed|put\s+(?:his|her)\s+(?:fist|foot))\s+(?:a\s+)?holes?\s+(?:in|through)\b|"
       r"\b(?:do|did|doing)\s+in\s+(?:his|her|the|my|their)\s+(?:\w+\s+)?(?:supervisor|manager|boss|colleague|neighbou?r|landlord|"
       r"ex|wife|husband|partner|brother|sister|father|mother)\b"),
    # A veiled threat ("knows where the claimant's lawyer lives ... she should think about that"),
    # and messages by the dozen, from number after number.
    _c(r"\bknows?\s+where\s+(?:\w+'?s?\s+){0,3}?(?:lives|live|works|parks|sleeps)\b(?=[^.!?]{0,80}\b(?:think\s+about|careful|"
       r"watch|regret|just\s+saying|accidents?|shame\s+if|be\s+a\s+pity))|"
       r"\b(?:\d{2,}\+?|dozens\s+of|hundreds\s+of)\s+(?:msgs|messages|texts|calls|emails|voicemails|dms)\s+(?:a|per|every|each)\s+"
       r"(?:day|night|hour)|\bfrom\s+(?:different|new|withheld|blocked|fake|burner)\s+(?:numbers|accounts|phones)\b"),
    _c(rf"\b(?:hit|hits|hitting|punch\w*|slap\w*|kick\w*|shov\w*|strangl\w*|chok\w*|"
       rf"throttl\w*|grab\w*|assault\w*|raped?|batter\w*)\s+{_PERSON}"),
    _c(rf"\bbeat\w*\s+{_PERSON}\s+up|\b(?:beaten|battered|strangled|choked|raped|assaulted)\b|"
       r"\bblack\s+eye|\bblack\s+and\s+blue\b|\bbruis\w*\s+(?:on|all\s+over)"),
    _c(r"\bdomestic\s+(?:violence|abuse)|\bdv\b|\bcoercive\w*\s+control\w*|\babuser\b|\babusive\s+(?:\w+\s+)?(?:husband|wife|"
       r"partner|ex|relationship|marriage|father|dad|boyfriend|girlfriend|son|brother|home)|"
       r"\b(?:non[- ]?mol\w*|restraining|protection|protective|occupation)\s+order|"
       r"\brefuge\b|\bwomen'?s\s+aid|\bidva\b|\bmarac\b"),
    _c(r"\b(?:violent|violence)\b"),
    _c(rf"\bthreat\w*\s+(?:\w+\s+){{0,3}}?(?:to\s+)?(?:kill|hurt|harm|hit|beat|burn|shoot|stab|"
       rf"smash|break\s+(?:her|his)|come\s+after|finish|strangle|choke|do\s+(?:her|him)\s+in|make\s+(?:her|him)\s+pay|"
       rf"tear\s+(?:\w+\s+)?(?:head|face)\s+off|torch|bodily\s+harm|physical\s+harm|knock\s+(?:her|his|your)\s+(?:\w+\s+)?(?:teeth|head|block))\b"
       rf"(?!\s+{_SELF})"),
    _c(r"\b(?:emotionally|verbally|physically|financially|sexually)\s+abus\w*|\b(?:ex|he|she|husband|wife|partner)\s+"
       r"(?:was|is|had\s+been|has\s+been|became|got)\s+(?:\w+\s+)?abusive|\bi'?(?:ll|m\s+going\s+to|m\s+gonna)\s+get\s+you\b|"
       r"\b(?:took|takes|taking)\s+(?:her|his)\s+(?:whole|entire|every)\s+(?:pay\s?check|paycheque|wage|salary|pension)|"
       r"\b(?:wav\w*|shak\w*|jabb\w*|point\w*)\s+(?:\w+\s+){0,3}?(?:near|in|at)\s+(?:her|his)\s+face"),
    _c(r"(?<!could\s)(?<!i'd\s)(?<!i\swould\s)\b(?:kill|murder|stab|shoot|strangle)\s+(?:her|him|you|them)\b(?!\s+(?:on|in)\s)|\b(?:do|did)\s+(?:her|him|them)\s+in\b|"
       r"\bmake\s+(?:her|him)\s+pay\s+for\s+(?:this|it|that)\b(?=.*\b(?:later|home|private|whisper\w*|scared|afraid)\b)|"
       r"\bburn\s+(?:\w+\s+){0,4}?with\s+(?:her|him|them)\s+in|\byou'?re\s+next\b|\bknows\s+where\s+(?:her|his|their|my)\s+"
       r"(?:kids|children|family)\s+(?:go|live|are)|\blets?\s+(?:himself|herself)\s+in\b|\b(?:guns?|handguns?|pistols?|knife|knives|firearms?|weapons?)\b"),
    _c(r"\b(?:scared|afraid|frightened|terrified|petrified|fearful)\s+(?:\w+\s+)?(?:of|for)\s+"
       r"(?:him|her|them|(?:the|her|his|my)\s+(?:ex|husband|wife|partner|father|dad|mother|mum|brother|"
       r"son|boyfriend|girlfriend|neighbou?r|landlord|boss|manager|colleague|supervisor)\b|"
       r"(?:her|his|my|their)\s+(?:life|safety)|what\s+(?:he|she)\s*(?:'ll|will|might|would)\s+do)"),
    _c(r"\b(?:scared|afraid|frightened|terrified)\s+(?:that\s+)?(?:he|she|they)\s*(?:'ll|will|might|would|is\s+going\s+to)\s+"
       r"(?:hurt|hit|kill|harm|come\s+after|find|turn\s+up|take\s+the\s+kids|snatch)"),
    # Someone else's phone: "he checks her phone", never "she keeps checking her phone".
    _c(r"\b(?:(?<!she\s)(?<!she\skeeps\s)(?:checks?|checking|reads?|reading|goes\s+through|tracks?|tracking)\s+(?:all\s+)?her|"
       r"(?<!he\s)(?<!he\skeeps\s)(?:checks?|checking|reads?|reading|goes\s+through|tracks?|tracking)\s+(?:all\s+)?his)\s+"
       r"(?:phone|texts|messages|emails|location)"),
    _c(r"\b(?:not\s+allowed|isn'?t\s+allowed|never\s+allowed)\s+(?:to\s+)?(?:\w+\s+){0,2}?"
       r"(?:money|out|friends|family|see|go|leave|work|drive|phone|her\s+own|his\s+own)"),
    _c(r"\b(?:won'?t|doesn'?t)\s+let\s+(?:her|him)\s+(?:have|see|go|leave|work|drive|out)\b(?!\s+(?:the\s+|her\s+|his\s+)?"
       r"(?:partnership|firm|company|business|practice|contract|lease|scheme|band|board|committee|deal|hearing|meeting)\b)"),
    _c(r"\b(?:controls?|controlling)\s+(?:all\s+)?(?:the|her|his)\s+(?:money|finances|bank|phone|car)|"
       r"\bexplain\s+every\s+(?:penny|cent|pound|dollar)|\banswers\s+(?:every\s+question\s+)?for\s+her\b|"
       r"\blooks\s+at\s+him\s+before\s+she\s+(?:speaks|answers)|\b(?:phones?|calls?|texts?)\s+her\s+(?:\w+\s+){0,3}?"
       r"(?:\d+|so\s+many|dozens\s+of|twenty|thirty)\s+times|"
       # "he calls 40 times", "emailed the owner 60 times": dozens of calls or messages
       r"\b(?:phones?|phoned|calls?|called|texts?|texted|rings?|rang|e?mails?|e?mailed|messag\w*)\s+(?:\w+\s+){0,4}?"
       r"(?:[2-9]\d|\d{3,}|dozens\s+of|hundreds\s+of|forty|fifty|sixty|a\s+hundred)\s+times|"
       r"\bhas\s+to\s+ask\s+(?:him|her)\s+(?:for|before)|\bisolat\w*\s+(?:her|him)\s+from|"
       r"\bwalking\s+on\s+egg\s?shells\b(?=.*\b(?:him|her|scared|afraid|blow\s?up|temper)\b)"),
    # "i know which car is yours, watch yourself in the car park", "i know where you live"
    _c(r"\bi\s+know\s+(?:which|what|where)\s+(?:\w+\s+){0,3}?(?:car|house|flat|yours|you\s+live|you\s+park|"
       r"your\s+(?:kids|children|family|mum|mother)\s+(?:go|live|are))\b|\bwatch\s+(?:yourself|your\s+back)\b"),
    # Strangling, told without the word: "his hands on her throat", "practises chokeholds on him".
    _c(r"\bhands?\s+(?:on|around|round)\s+(?:her|his|my|their)\s+(?:throat|neck)|\b(?:chokeholds?|headlocks?|strangleholds?)\s+on\s+"
       r"(?:him|her|them|me)|\b(?:jumped|set\s+upon|beaten\s+up)\s+by\b|\bphysically\s+attack\w*|\battack(?:ed|s|ing)\s+"
       r"(?:the|his|her)\s+(?:mother|father|wife|husband|partner|mum|mom|dad|kids|children)\b|\bfist\s?fights?\b|\bpunch-?ups?\b"),
    # Control of her money, papers, movements and phone: "has her hand over her paycheque", "took her
    # passport", "makes her keep location sharing on", "account for every mile", "hasn't let her drive".
    _c(r"\b(?:hand|hands|handed|handing|turn|turns|turned)\s+over\s+(?:all\s+(?:of\s+)?)?(?:her|his)\s+(?:whole\s+)?"
       r"(?:pay\s?che(?:que|ck)s?|wages?|salary|earnings)\b(?!\s+(?:details|statements?|slips?|records|information|figures|documents))|"
       r"\b(?:he|husband|partner|ex)\s+(?:\w+\s+){0,2}?(?:took|taken|takes|keeps?|kept|hid|hidden|hides|holding|holds|withholding|locked\s+up)\s+"
       r"(?:\w+\s+)?her\s+(?:passport|documents|papers|id|visa|immigration\s+papers|birth\s+certificate)\b|"
       r"\bmakes?\s+her\s+(?:keep\s+(?:her\s+)?(?:location|phone|receipts)|leave\s+(?:her\s+)?(?:location|phone)|account\s+for|"
       r"explain\s+(?:every|where)|ask\s+(?:him|permission)|check\s+in|text\s+him|hand\s+over|show\s+him)\b|"
       r"\b(?:made|forced|forces|makes)\s+(?:her|him)\s+(?:go\s+to\s+the\s+(?:cashpoint|atm|bank)|withdraw|hand\s+over|transfer)|"
       r"\b(?:she|he)\s+(?:has|had|have)\s+to\s+account\s+for\s+every\s+(?:penny|cent|pound|dollar|mile|minute|hour|receipt|km|kilometre)|"
       r"\bchecks?\s+the\s+(?:odometer|mileage|receipts)\s+(?:every|each)\b|"
       r"\b(?:hasn'?t|has\s+not|never|didn'?t)\s+let\s+(?:her|him)\s+(?:have|see|go|leave|work|drive|out)\b|"
       r"\b(?:unlock\w*|hacked|hacks|hacking)\s+(?:into\s+)?(?:her|his)\s+(?:phone|email|emails|accounts?|icloud)|"
       r"\bforward\w*\s+(?:her|his)\s+(?:\w+\s+)?(?:emails|messages|texts)\s+to\s+(?:himself|herself)|"
       r"\b(?:financial|economic|elder)\s+abuse\b|\b(?:domestic\s+violence|dv|women'?s|abuse)\s+shelters?\b|\babout\s+shelters\b|"
       r"\bhe\s+(?:\w+\s+)?answer\w*\s+(?:\w+\s+){0,2}?for\s+her\b|\blooks?\s+at\s+him\s+(?:first|before)"),
    # Following and watching her: "follows her when she leaves the house", "tailed her to",
    # "stood outside her house every Sunday night", "drove slowly past their house",
    # "pics of her house", "I know when you're home alone", "posted her home address".
    _c(r"(?<!dog\s)(?<!dogs\s)(?<!cat\s)\b(?:follows|followed|following|tails|tailed|tailing)\s+her\s+(?:when|whenever|everywhere|"
       r"wherever|around|to\s+(?:work|the|her|a))\b|\b(?:follow\w*|tail\w*)\s+(?:his|her|their)\s+car\b|"
       r"\bi\s+know\s+when\s+you'?re\s+(?:home|alone|on\s+your\s+own|in)\b|\bpost\w*\s+(?:\w+\s+){0,2}?(?:her|his|their|\w+'s)\s+"
       r"(?:home\s+)?address|\bwhat\s+happens\s+to\s+(?:liars|snitches|grasses|people\s+(?:who|like)|those\s+who)|"
       r"(?<!could\s)(?<!i'd\s)\b(?:shoot|shooting)\s+(?:up\s+)?(?:every(?:one|body)|some(?:one|body)|people|the\s+(?:place|office|school|building|lot))\b|"
       r"\bopen\s+fire\b|\bcolumbine\b|\bwipe\s+(?:them|us|her|him|every(?:one|body))\s+out\b|"
       r"\bwipe\s+out\s+(?:the\s+)?whole\s+family\b(?!\s*'?s?\s+(?:savings|business|fortune|estate|money|farm|wealth))"),
    _c(r"\bstalk\w*|\bdeath\s+threats?|\bthreatening\s+(?:texts|messages|letters|calls|voicemails|notes)|"
       r"\bpoison\w*\s+(?:her|his|the)\s+(?:dog|cat|pet)"),
]

# --- ambiguous signals: one screening question first ----------------------------------------
_AMBIGUOUS: List[Tuple[Pattern[str], str]] = [
    # A hint of suicide first: its screening question outranks the others'.
    (_c(r"\b(?:he|she|they)\s*(?:says?|said|keeps\s+saying|told\s+\w+)?\s*(?:that\s+)?(?:he|she|they)?\s*"
        r"(?:can'?t|cannot|couldn'?t)\s+(?:go\s+on|take\s+(?:it|this|much\s+more)\s*any\s?more|cope\s+any\s?more)|"
        r"what'?s\s+the\s+point\s+(?:in|of)\s+(?:going\s+on|living|any\s?(?:thing|more))|"
        r"\bno\s+point\s+(?:in\s+)?(?:going\s+on|living|carrying\s+on|being\s+here)|what'?s\s+the\s+point\s+(?:of|in)\s+"
        r"(?:any\s+of\s+)?it|(?:he|she)'?(?:ll|d|\s+will)\s+be\s+gone\s+by|won'?t\s+be\s+(?:around|here)\s+(?:by|for|much|long)|"
        r"rather\s+be\s+dead|wish(?:es)?\s+(?:she|he|i)\s+(?:was|were)\s+dead|want(?:s|ing|ed)?\s+to\s+die\b(?!\s+on\b)|dead\s+inside|"
        r"\b(?:tell|telling|tells|told)\s+(?:her|him|them)\s+to\s+(?:die|kill\s+(?:herself|himself|themselves))\b|"
        r"\b(?:doesn'?t|don'?t)\s+want\s+to\s+go\s+on\b|"
        r"\bgive\s+up\s+on\s+(?:life|everything)|\bnot\s+(?:be\s+)?around\s+(?:much\s+)?(?:longer|anymore)|"
        # "i won't be around to do it much longer", "it won't matter by then, i've made my arrangements"
        r"\bwon'?t\s+be\s+(?:around|here)\s+(?:\w+\s+){1,4}?(?:much\s+)?longer\b|\bwon'?t\s+matter\s+by\s+then\b|"
        r"\b(?:'?d|would)\s+rather\s+not\s+be\s+here\s+at\s+all\b|\b(?:doesn'?t|don'?t)\s+want\s+to\s+be\s+here\s+any\s?more\b|"
        r"\b(?:i'?ve|i\s+have|he'?s|he\s+has|she'?s|she\s+has)\s+(?:made|sorted)\s+(?:my|his|her)\s+arrangements\b|"
        # No way out; "he'd end it if he got fired"; "none of it matters after today"; settling
        # affairs (giving his tools away, who will have her cat); asking whether the insurance pays
        # for a suicide; "gone over how she would do it"; no longer looking after himself.
        r"\b(?:doesn'?t|does\s+not|don'?t|can'?t|cannot|couldn'?t)\s+see\s+(?:a|any)\s+way\s+out|"
        # a farewell ("tell my boys I'm sorry"), the means at hand ("the pills are in the car")
        r"\btell\s+(?:my|the|his|her)\s+(?:\w+\s+)?(?:kids|boys|girls|children|sons?|daughters?|family|mum|mom|wife|husband)\s+"
        r"(?:that\s+)?(?:i'?m|i\s+am|he'?s|she'?s)\s+sorry\b(?=\s*(?:[.!;:]|$|and\s+(?:that|i\s+love)|i\s+love|i'?m\s+done|im\s+done))|"
        r"\b(?:i|he|she)\s*(?:'ve|have|has|'s)\s+(?:got\s+)?(?:the|enough)\s+(?:pills|tablets|rope)\b|"
        r"\bthe\s+(?:pills|tablets|rope)\s+(?:are|is)\s+(?:in|ready|at|upstairs|under)\b|"
        r"\b(?:he|she|they)\s*(?:'d|'ll|would|will|was\s+going\s+to|is\s+going\s+to)\s+end\s+it\b"
        r"(?!\s+(?:with|here|there|now|today|early|later|between|for\s+(?:the|us|today)))|"
        r"\b(?:after\s+(?:today|tonight|this)|by\s+next\s+week)\W+(?:\w+\W+){0,2}?none\s+of\s+(?:it|this)\s+(?:matters|will\s+matter)|"
        r"\b(?:already\s+(?:gave|given|giving)(?:\s+away)?|(?:gave|given|giving)\s+away)\s+(?:all\s+)?(?:his|her|their|my)\s+"
        r"(?:[\w,]+\s+){0,4}?(?:away\s+)?to\s+(?:his|her|their|my|the|a)\b|"
        r"\bmake\s+sure\s+(?:her|his|my)\s+(?:cat|dog|pets?|animals)\s+(?:goes|go|gets?|is\s+looked\s+after)|"
        # "gave his mate his season ticket this morning", "given her cat to the lady downstairs"
        r"\b(?:gave|given|giving|gives)\s+(?:(?:his|her|their)\s+\w+\s+)?(?:his|her|their)\s+(?:season\s+ticket|guitar|dog|cat|"
        r"pets?|watch|tools|medals|motorbike|bike|fishing\s+(?:gear|rods?)|collection|wedding\s+ring|rifles?|guns?)\b"
        r"(?!\s+(?:back|for\s+(?:the|a)\s+(?:day|week|weekend)))(?![^.;!?]{0,60}\b(?:retir\w*|birthday|christmas|gift|present|"
        r"years?\s+ago|back\s+in|wedding|valued|valuation)\b)|"
        r"\b(?:life\s+)?insurance\b(?:\s+\w+){0,12}?\s+(?:pays?|cover\w*)\s+(?:out\s+)?(?:\w+\s+){0,3}?(?:if|for)\s+"
        r"(?:\w+\s+){0,3}?(?:suicide|do\s+it\s+(?:yourself|himself|herself)|kill\w*\s+(?:yourself|himself|herself))|"
        r"\b(?:kids|family|wife|husband|children)\s+(?:will|'ll|would)\s+be\s+(?:fine|ok(?:ay)?|looked\s+after)\s+with\s+the\s+(?:life\s+)?insurance|"
        r"\b(?:gone\s+over|thought\s+(?:about|through)|planned|worked\s+out)\s+how\s+(?:she|he|i|they)\s+(?:would|'d|will|could|might)\s+do\s+it\b|"
        rf"\b(?:stopped|given\s+up)\s+(?:looking\s+after|taking\s+care\s+of|feeding|washing)\s+{_SELF}|"
        # "the process is so awful he wants to end it", "can't do this anymore and don't want to"
        r"\b(?:wants?|wanted|wanting)\s+to\s+end\s+it\b(?!\s+(?:with|here|there|now|today|early|between|amicably|"
        r"properly|fairly|for\s+(?:the|us|today)|all\s+(?:the|by)))|"
        r"\bcan'?t\s+do\s+this\s+any\s?more\s+and\s+(?:i\s+)?(?:don'?t|do\s+not)\s+want\s+to\b"),
     SELF_HARM),
    (_c(rf"\b(?:beat|beating|beats|destroy\w*|crush\w*|smash\w*)\s+{_PERSON}\b(?!\s+up)"), PHYSICAL_OR_WINNING),
    (_c(r"\b(?:hurt|hurts|hurting|harm\w*)\s+(?:her|him|them|me)\b|\bfinish\s+(?:him|her|them)\b|\bi\s*(?:could|'d|would)\s+(?:\w+\s+)?"
        r"(?:kill|strangle|murder|throttle|wring)\b"), PHYSICAL_OR_WINNING),
    (_c(r"\bthreat\w*"), THREAT_KIND),
    (_c(r"\b(?:she|he|they)\s*(?:'s|is|are|was|were)\s+(?:\w+\s+)?(?:shaking|trembling|hyperventilating)\b"), FEAR_KIND),
    (_c(r"\b(?:scared|afraid|frightened|terrified|petrified|fearful)\b(?:\s+(?:stiff|now|again|still))?"
        r"(?!\s+(?:of|that|to|about|for|what|how|it|this|the|they|he|she|we|if|because|when|the))"
        r"|\b(?:scared|afraid|frightened|terrified)\s+(?:of|for)\s+(?:him|her|them)\b|\bin\s+fear\s+of\s+(?:him|her)"), FEAR_KIND),
    # "Bullying" alone is the ordinary stuff of workplace and school mediation ("juniors feel
    # bullied", "the school ignored bullying in year 7"): only bullying that is going on to a
    # person ("she's been bullied at work for months", "bullies her into signing") is asked about.
    (_c(r"\b(?:harass\w*|bull(?:y|ies|ying|ied)\s+(?:her|him|them)\s+(?:into|at\s+home|every\s+day|constantly)|"
        r"(?:been|being|is\s+being|was\s+being)\s+bullied\b(?!\s+in\s+year)|"
        r"intimidat\w*|menac\w*|leaned\s+in|"
        # an adult kept on an allowance (not a building allowance, not pocket money for the children)
        r"(?:she|he)\s*(?:'s|is|was|gets|got)\s+(?:given|on|kept\s+on)\s+an?\s+(?:\w+\s+)?allowance|"
        r"gives?\s+(?:her|him)\s+an?\s+(?:\w+\s+)?allowance\b(?!\s+for\s+(?:the\s+)?(?:kids|children|school|food))|"
        r"sexual\s+(?:comments|remarks|advances|messages|texts|in\s+tone)|inappropriate\s+(?:things|comments|messages|touching)|"
        r"(?:yell\w*|scream\w*|shout\w*|swear\w*)\s+at\s+(?:her|him)\b|sledgehammer|"
        r"(?:keeps?|still|kept)\s+(?:ringing|calling|texting|messaging|emailing|turning\s+up|showing\s+up|writing\s+to|following|"
        r"filming|photographing|leaving\s+notes|sending\s+(?:letters|notes|messages|gifts))|"
        r"\bfilm(?:ing|ed|s)\s+(?:her|him)\s+on\s+(?:his|her)\s+phone|"
        r"\b(?:watching|watches|watched|star(?:es|ed|ing))\s+(?:at\s+)?(?:her|him)\s+(?:hang\w*|walk\w*\s+(?:down|past|to|home)|"
        r"leav\w*\s+(?:the\s+)?(?:house|home|work)|from|through)\b|"
        r"\bwatches\s+(?:\w+\s+){0,4}?into\s+(?:her|his|their)\s+(?:house|home|garden|conservatory|bedroom|window|yard|flat)|"
        r"\bstaring\s+(?:in\s+|at\s+(?:her|him)\s+)?through\s+the\s+(?:glass|window|door)|"
        r"\b(?:stood|stands|standing|sat|sits|sitting|parked|parks|lurk\w*|loiter\w*)\s+(?:\w+\s+){0,4}?"
        r"outside\s+(?:[\w']+\s+){0,3}?(?:house|home|flat|office|workplace)\s+(?:\w+\s+){0,2}?(?:every|each|most|night\s+after|"
        r"at\s+night|overnight|for\s+hours|again)\b|"
        r"\b(?:drove|drives|driving|drive)\s+(?:slowly\s+)?past\s+(?:their|her|his|my)\s+(?:house|home|flat)|"
        r"\b(?:pics|photos|pictures)\s+of\s+(?:her|his|their|my)\s+(?:house|home|flat|front\s+door)\b|"
        r"\b(?:dozens|hundreds|scores)\s+of\s+(?:emails|texts|messages|calls|voicemails|letters)|"
        r"\billegal(?:ly)?\s+evict\w*|\b(?:cut|cuts|switched|turned|shut)\s+off\s+(?:their|her|his)\s+(?:boiler|heating|hot\s+water|"
        r"water|power|electricity|gas)|"
        r"cameras?\s+(?:\w+\s+){0,4}?(?:covering|pointed|facing|trained|into|at)|watching\s+(?:her|his)\s+(?:house|home|garden)|turn\w*\s+up\s+at\s+"
        r"(?:(?:her|his)\s+(?:house|home|flat|work|workplace|office|door|school)|(?:\w+\s+){1,3}?where\s+(?:she|he)\s+(?:works|lives))|"
        r"(?:coming|turning\s+up|showing\s+up)\s+(?:to|at)\s+(?:her|his)\s+(?:work|workplace|office|house|home|flat)\b|"
        r"\bknows?\s+where\s+(?:the|his|her|my)\s+(?:gun|rifle|shotgun|pistol|firearm)\s+is)"), INTIMIDATION),
    (_c(r"\b(?:can'?t|cannot)\s+believe\s+(?:this|it|that)\s+is\s+happening|\bcan'?t\s+believe\s+this\s+is\s+happening|"
        r"\b(?:called|call|ring|rang|phoned)\s+the\s+police\b|\b(?:move|moving|go|going|take|taking|pack\s+up)\s+(?:\w+\s+){0,5}?"
        r"(?:back\s+)?(?:to|home\s+to)\s+(?:the|his|her|their)\s+(?:home\s+)?country\b(?=.*\b(?:kids|children|baby|son|daughter)\b)|"
        r"\bdecided\s+everything\s+about\s+(?:the\s+)?money|"
        r"\bpolice\s+(?:were|was|came|attended|called)|\bunsafe\b|"
        r"\b(?:feel|feels|felt)\s+safe\b|\bin\s+danger\b|\b(?:got|has|have|had)\s+nowhere\s+(?:else\s+)?to\s+go\b"
        r"(?![^.]{0,60}\b(?:premises|shop|cafe|unit|office|business|trade|lease|pitch|stall)\b)|"
        r"\bif\s+(?:he|she)\s+lets\s+(?:me|her|him)\s+(?:in|back|stay)\b|\b(?:no|not\s+one|none)\s+(?:money|income|account|bank\s+card)\s+"
        r"(?:of\s+(?:her|his)\s+own|in\s+(?:her|his)\s+name)"), GENERAL),
    # Someone who went for something in the car, came back into the building, asks which room she is
    # in: ask first, as danger in the building now.
    (_c(r"\b(?:fetch|get|grab|getting|fetching|grabbing)\s+something\s+(?:from|out\s+of)\s+(?:his|her|the)\s+(?:car|truck|van|boot|trunk)|"
        r"\breach\w*\s+(?:\w+\s+)?into\s+(?:his|her|the)\s+(?:car|cab|truck|van|boot|trunk|glovebox|glove\s+box|bag|jacket)|"
        r"\b(?:went|gone|walked|headed|ran)\s+(?:straight\s+)?(?:back\s+)?(?:out\s+|down\s+)?to\s+(?:his|her|the)\s+(?:car|truck|van)'?s?\s*"
        r"(?:boot|trunk|cab)|"
        r"\b(?:came|come|comes|walked|walks|pulled|pulls|drove|is|'s)\s+(?:just\s+)?back\s+(?:in(?:to)?|to)\s+the\s+(?:lot|car\s?park|"
        r"parking\s+(?:lot|garage)|lobby|reception)|"
        r"\b(?:came|come|comes)\s+back\s+and\s+(?:is|'s)\s+(?:just\s+)?(?:standing|waiting|sitting|staring|pacing)|"
        r"\bwhich\s+room\s+(?:she|he|they)\s*(?:'s|is|are)\s+in\b|\bgoing\s+wrong\s+(?:right\s+)?now\b"), GENERAL),
]
_AMBIGUOUS.insert(1, (_FEAR_FOR_KIDS, FEAR_KIND))
# A bare "scared" told with money, work, health or the future, and nothing about a person: a fear
# about how things turn out, not of someone ("he's scared. self employed, still can't lift properly").
_FEAR_OF_LIVING = _c(r"\b(?:afford\w*|cost\w*|money|bills?|mortgage|rent|savings|debt\w*|care\s+fees|fees|job|jobs|work(?:ing)?|"
                     r"self[- ]employed|business|income|pension|lift\s+properly|get\s+back\s+to|future|retire\w*|redundan\w*|"
                     r"the\s+home\s+is|a\s+week|a\s+month|(?:his|her)\s+file|complaint|restructur\w*|disciplinary|career|promotion|"
                     r"reputation|settling|retire\w*)\b")
_LEGAL_CONTEXT = _c(r"\b(?:court|sue|suing|sued|tribunal|lawyers?|solicitors?|attorneys?|costs|legal|litigat\w*|judge|claim|"
                    r"injunction|proceedings|ombudsman|regulator|small\s+claims|evict\w*|dismiss\w*|sack\w*)\b")
_HARM_WORDS = _c(r"\b(?:hurt|hit|kill\w*|harm|attack\w*|beat\w*|punch\w*|weapon|knife|gun|violen\w*|(?:scared|afraid|frightened|"
                 r"terrified)\s+of\s+(?:him|her|them)|car\s*park|outside\s+(?:her|his)|follow\w*|know\w*\s+where|injunction|restraining|"
                 r"non-molestation|protection\s+order)\b")
_FEAR_OF_PERSON = _c(r"\b(?:of\s+(?:him|her|them|what\s+(?:he|she)\s+(?:might|will|would|could)\s+do)|hurt|hit|threat\w*|"
                     r"temper|violen\w*|control\w*|follow\w*|shout\w*|kill|harm|abus\w*|police|safe(?:ty)?)\b")
_NEGATION = _c(r"\b(?:no(?!\s*\.?\s*\d)|not|never|nobody|no\s+one|isn'?t|wasn'?t|aren'?t|hasn'?t|hadn'?t|didn'?t|"
               r"doesn'?t|don'?t|without|nothing|zero)\b(?:(?!\b(?:cos|coz|because|but|and|so|since|as|though)\b)[^.;!?,]){0,25}$")

# Words that tell which kind of relationship a concern sits in: a couple's words weigh most for
# domestic abuse, and work, neighbours, care settings and business for threats or harassment.
_COUPLE = _c(r"\b(?:wife|husband|ex|ex-wife|ex-husband|partner|boyfriend|girlfriend|marriage|married|divorc\w*|"
             r"separat\w*|spouse|fianc\w*|relationship|in-laws?|coercive|domestic)\b")
_FAMILY = _c(r"\b(?:custody|kids?|children|child|son|daughter|father|mother|dad|mum|mom|brother|sister|family|"
             r"home|parents?|grandparents?)\b")
_OUTSIDE = _c(r"\b(?:neighbou?rs?|next\s+door|colleagues?|coworkers?|co-workers?|boss|manager|supervisor|director|"
              r"employer|employee|staff|work|workplace|office|hr|landlord|tenant|letting|agent|contractor|builder|"
              r"franchis\w*|business|partners|company|firm|restaurant|shop|customer|patients?|nurses?|ward|unit|"
              r"hospital|care\s+home|teacher|head\s*teacher|head|governors?|school\s+gate|pupil|church|"
              r"congregation|pastor|priest|club|council|fence|garden|site|union|shifts?|depot|warehouse|factory|branch|"
              r"claimant|respondent|complain\w*|grievance|my\s+practice|"
              r"voisin\w*|vecin\w*|vizinh\w*|s[aą]siad\w*|jefe|patron|colleg\w*|coleg\w*)\b")
# Told as what someone does again and again, or did before: not danger in the room now.
_HABITUAL = _c(r"\bat\s+home\b|\bused\s+to\b|\bdoes\s+that\b|\balways\b|\bwhenever\b|\bevery\s+(?:day|night|week|morning|"
               r"evening|weekend|shift|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b|\b(?:twice|three\s+times|"
               r"several\s+times|for\s+(?:weeks|months|years))\b")
# Told as over and done: "yesterday she stood over him and slapped him", "grabbed her once".
_PAST = _c(r"\b(?:yesterday|last\s+(?:night|week|month|year|time|session|meeting|hearing|visit|handover)|back\s+in\s+(?:the\s+)?(?:\d{4}|january|february|march|april|may|june|"
           r"july|august|september|october|november|december|spring|summer|autumn|fall|winter|the\s+day)|weeks?\s+ago|months?\s+ago|years?\s+ago|"
           r"once\b(?!\s+(?:more|again))|in\s+the\s+past|earlier\s+this\s+(?:week|month|year))")
# "until she feels safe", "so that both of you feel safe", "she won't feel safe": a wish or a
# fear, not a screening answer.
_WISH = _c(r"\b(?:until|till|unless|so\s+that|so\s+(?:both|everyone|all)|before|make\s+sure|needs?\s+to|wants?\s+to|"
           r"help\s+(?:\w+\s+)?)\s+(?:\w+\s+){0,3}$|\b(?:won'?t|can'?t|wouldn'?t|couldn'?t|never)\s+(?:\w+\s+)?$")
# Happening as the mediator types, without a bare "now".
_PRESENT_STRONG = _c(r"\b(?:right\s+now|just\s+now|at\s+the\s+moment|as\s+we\s+speak|just\s+(?:then|happened)|"
                     r"(?:he|she)\s*(?:'s|is)\s+(?:on\s+(?:his|her)\s+feet|up\s+out\s+of)|"
                     r"now\s+(?:he|she|they)\s*(?:'s|'re|is|are)\s+\w+ing|"
                     r"(?:is|are|'s|'re)\s+(?:just\s+|still\s+)?(?:standing|shouting|screaming|pacing|waiting|sitting|hammering|pounding|"
                     r"banging|yelling|following|blocking|looming|coming\s+(?:in|into|onto|up|back|towards|at)|heading|approaching))\b")
# "business partner", "law firm partner": work, not a couple.
_BUSINESS_PARTNER = _c(r"\b(?:business|practice|firm|law|equity|managing|senior|junior|silent|restaurant|shop|farm|franchise|"
                       r"trading|company)\s+partners?\b|\bpartners?\s+in\s+(?:the|a|an|their|his|her)\s+(?:\w+\s+)?"
                       r"(?:business|firm|practice|company|partnership)\b")
# Sharing a home is what makes abuse domestic: "lives with her grandson", "moved back in with her".
_LIVES_WITH = _c(r"\b(?:lives?|living|lived)\s+(?:\w+\s+)?with\s+(?:her|his|their|my)\s+|\bmoved\s+(?:back\s+)?in\s+with\b|"
                 r"\bmoved\s+(?:himself|herself)\s+into\s+the\s+house|\b(?:grandson|granddaughter|grandchild|uncle|aunt|nephew|"
                 r"niece|step-?(?:father|mother|dad|mum|mom|son|daughter))\b")
# Happening as the mediator types. A bare "now" in a story ("they now propose mediation", "now he
# won't be alone with her") and a place where something was only said ("she whispered in the
# hallway that ...") don't count.
_PRESENT = _c(r"\b(?:right\s+now|just\s+now|at\s+the\s+moment|as\s+we\s+speak|just\s+(?:then|happened)|"
              r"(?<!\bthey\s)(?<!\bshe\s)(?<!\bwho\s)(?<!\band\s)(?<!\bbut\s)(?<!\bhe\s)(?<!\bwe\s)now\b(?!\s+(?:wants?|propos\w*|says?|said|has|have|had|"
              r"lives?|living|suggest\w*|ask\w*|there|the|that|they|she|he|we|i|her|his|their|refus\w*|seems?|know\w*|"
              r"talking|accus\w*|claim\w*|demand\w*|on|in\s+(?:a|her|his|their)|at|a|an|for|own\w*|work\w*|retired|divorced|"
              r"separated|married|over|that|\d))|"
              r"(?<!\bme\s)(?<!\bit\s)(?<!whispered\s)(?<!\bsaid\s)(?<!\btold\s)(?<!mentioned\s)(?<!\basked\s)"
              r"in\s+the\s+(?:room|corridor|car\s?park|parking\s+lot|building|lobby|hallway|reception)|"
              r"(?:still|stays?|staying)\s+(?:in|inside|outside)\s+(?:that|this|the)\s+(?:room|office|building)|"
              r"now\s+(?:he|she|they)\s*(?:'s|'re|is|are)\s+\w+ing|"
              r"outside\s+(?:the|my|our)\s+(?:room|office|door)|(?:is|are|'s|'re)\s+(?:just\s+|still\s+)?(?:standing|shouting|screaming|"
              r"pacing|waiting|sitting|hammering|pounding|banging|yelling|following|blocking|looming)|"
              r"(?:he|she|they|someone)\s+(?:has\s+|'s\s+)?just\s+(?!(?:told|said|mentioned|disclosed|admitted|explained|shared|"
              r"found|learned|heard|realised|realized|learnt|asked|emailed|rang|called|phoned|texted)\b)"
              r"(?:\w+ed|hit|threw|came|went|ran|stood|swung|shook|took|got|made|bit|spat|struck|caught))\b")


_CHILD_HARMING = _c(r"\b(?:daughter'?s?|son'?s?|teen\w*|child'?s?|kid'?s?|(?:[1-9]|1[0-7])\s*(?:yo|y/o|year[- ]old)'?s?)\b")
_CHILD_AGE = _c(r"\b(?:(?:he|she)\s*(?:'s|is)\s+(?:only\s+)?(?:[1-9]|1[0-5])\b(?!\s*(?:k|%|grand|years?\s+(?:in|at|with|married)))|"
                r"(?:[1-9]|1[0-5])\s*(?:yo|y/o|yrs?\s+old|years?\s+old|year-old)|toddler|baby|infant|"
                r"(?:his|her|their|my)\s+(?:son|daughter|boy|girl|child|kid)\b)")


def relationship(text: str) -> str:
    """DOMESTIC_ABUSE when the words are of a couple or a family, THREATS when of work,
    neighbours, care or business; DOMESTIC_ABUSE when nothing tells (most screened
    mediations are family ones)."""
    business = len(_BUSINESS_PARTNER.findall(text))
    text = _BUSINESS_PARTNER.sub(" ", text)
    home = 2 * len(_COUPLE.findall(text)) + len(_FAMILY.findall(text)) + 2 * len(_LIVES_WITH.findall(text))
    outside = 2 * len(_OUTSIDE.findall(text)) + 4 * business
    return THREATS if outside > home else DOMESTIC_ABUSE


# --- other languages --------------------------------------------------------------------------
_FOREIGN_DANGER = _c(
    # Spanish
    r"\bmiedo\b|\bme\s+pega\b|\ble\s+pega\b|\bgolpe\w*|\bviolencia\b|\bamenaz\w*|\bmatar\w*|\bsuicidar\w*|"
    r"\bme\s+va\s+a\s+matar|\babus\w+\s+(?:de|sexual)|\bpeligro\b|"
    # French
    r"\bpeur\b|\bme\s+frappe\b|\bla\s+frappe\b|\ble\s+frappe\b|\bmenac[ée]\w*|\bmenaces\b|"
    r"\btuer\b|\bme\s+tuer\b|\bbattu\w*|"
    # Portuguese
    r"\bmedo\b|\bbate\s+(?:nela|nele|em\s+mim)|\bviol[eê]ncia\b|\bamea[çc]\w*|\bmat[aá]-?l[ao]\b|\bperigo\b|"
    r"\bespancad\w*|\bagredi\w*|"
    # Polish
    r"\bboi\s+si[eę]|\bbije\b|\bprzemoc\w*|\bgrozi\w*|\bzabi[ćc]\w*|\bzabij\w*|\bniebezpiecz\w*|"
    r"\bpobi\w*|\bstrach\w*|\bsensu\s+(?:żyć|zyc|życia|zycia)|\bodebra\w*\s+sobie\s+życie|\bsamob[óo]j\w*|\bsiniak\w*|"
    # suicide and bruises (es, fr, pt)
    r"\bquitarse\s+la\s+vida|\bmoretones\b|\bmoratones\b|\bse\s+suicider|\ben\s+finir\s+avec\s+la\s+vie|\becchymoses\b|"
    r"\bmarcas\s+roxas|\bhematomas?\b|\bse\s+matar\b|\bsuic[ií]d\w*|"
    # "won't let her leave", "you know what happens", giving his things away (pl, es, fr, pt)
    r"\bnie\s+pozwala\s+\w+\s+wyj\w*|\bno\s+(?:la|lo|le|me)\s+deja\s+(?:salir|irse)|\bne\s+(?:la|le|me)\s+laisse\s+pas\s+"
    r"(?:partir|sortir)|\bn[ãa]o\s+(?:a|o|me)\s+deixa\s+sair|"
    r"\bya\s+sabes?\s+lo\s+que\s+(?:te\s+)?pasa|\btu\s+sais\s+ce\s+qui\s+(?:se\s+passe|va\s+(?:se\s+passer|arriver))|"
    r"\bdonn\w*\s+(?:toutes\s+)?ses\s+affaires|\bdio\s+(?:todas\s+)?sus\s+cosas|\bdeu\s+(?:todas\s+)?as\s+suas\s+coisas|"
    # Arabic
    r"خوف|تخاف|يخاف|يضرب|ضرب|عنف|تهديد|يهدد|يقتل|قتل|خطر|انتحار|كدمات|"
    # Chinese
    r"害怕|打她|打他|打我|家暴|暴力|威胁|威脅|杀|殺|危险|危險|自杀|自殺|淤青|伤痕|傷痕|不想活")


def _spans(patterns: Iterable[Pattern[str]], text: str) -> List[re.Match]:
    return [m for p in patterns for m in p.finditer(text)]


def _negated(text: str, match: re.Match) -> bool:
    """Is the match under a negation a few words before it, in the same clause?"""
    return bool(_NEGATION.search(text[max(0, match.start() - 40): match.start()]))


def _masked(text: str, masks: Sequence[Pattern[str]]) -> str:
    """The text with the phrases that are not danger blanked out (same length)."""
    for mask in masks:
        text = mask.sub(lambda m: " " * len(m.group(0)), text)
    return text


def normalise(text: str) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    # Phone typing drops apostrophes: "hes", "shes", "cant", "wont", "dont".
    text = re.sub(r"\b(he|she|it|that|there|who)s\b", r"\1's", text, flags=re.I)
    text = re.sub(r"\b(can|won|don|doesn|isn|wasn|didn|hasn|aren|wouldn|couldn)t\b", r"\1't", text, flags=re.I)
    # Single quotes used as quotation marks ("she's 'not allowed' to see her sister", "he said
    # 'i have the pills'") would break the phrases; an apostrophe inside a word stays.
    text = re.sub(r"(^|[\s(\[\"])'(?=\w)", r"\1", text)
    text = re.sub(r"(?<=\w)'(?=[\s.,;:!?)\"]|$)", "", text)
    return text


_FOREIGN_OUTCOME = _c(
    r"(?:peur|miedo|medo|boi\s+si[eę])\s+(?:de|a|da|do|że)?\s*(?:perd|perder|straci|lose|la\s+casa|la\s+maison|o\s+dinheiro)\w*"
    r"|tuer\s+la\s+concurrence|matar\s+(?:a\s+)?la\s+competencia|guerre\s+des\s+prix|guerra\s+de\s+precios")
# "no danger" in the other languages: nothing to flag.
_FOREIGN_NO_DANGER = _c(
    r"no\s+hay\s+(?:ning[uú]n\s+)?peligro|rien\s+de\s+grave|pas\s+de\s+danger|aucun\s+danger|nenhum\s+perigo|"
    r"n[ãa]o\s+h[áa]\s+perigo|[żz]adnego\s+niebezpiecze[nń]stwa|لا\s+خطر|没有危险|沒有危險")


def foreign_danger(text: str) -> bool:
    if _FOREIGN_NO_DANGER.search(text or ""):
        return False
    text = _FOREIGN_OUTCOME.sub(" ", text or "")
    return bool(_FOREIGN_DANGER.search(text)) or bool(re.search(
        r"acabar\s+com\s+tudo|n[ãa]o\s+aguenta\s+mais\s+viver|quiero\s+morir|quer\s+morrer|veut\s+mourir|chce\s+umrze[ćc]",
        text, re.I))


def read(text: str, context: str = "") -> Signal:
    """The safety signal in one message. `context` is the description so far (earlier
    messages of this situation), used only to tell which kind of relationship it is."""
    raw = normalise(text)
    if not raw.strip():
        return Signal()
    masked = _masked(raw, (_LEGAL_THREAT, _OUTCOME_FEAR, _WINNING, _NOT_NOW))
    cleared = any(not _negated(raw, m) and not _WISH.search(raw[max(0, m.start() - 30): m.start()])
                  for m in _CLEARED.finditer(raw))
    if _OVER_READ.search(raw):  # the mediator telling the assistant it over-read
        return Signal(NONE, None, None, "", cleared=True)
    long_over = resolved_past(raw)
    whole = f"{normalise(context)} {raw}"
    for patterns, risk in ((_CLEAR_SUICIDE, SUICIDE), (_CLEAR_CHILD, CHILD), (_CLEAR_NOW, DANGER_NOW),
                           (_CLEAR_ABUSE, None)):
        hits = [m for m in _spans(patterns, masked) if not _negated(masked, m)]
        if risk == CHILD and _ADULT_CARE.search(raw):
            hits = [m for m in hits if m.re is not _CHILD_AGENCY]  # an elderly parent's safeguarding
        if not hits:
            continue
        said = hits[0].group(0).strip()
        if risk == SUICIDE and re.search(r"cut|scar|mark|blood|self[- ]?harm|burn|scratch", said, re.I) \
                and _CHILD_HARMING.search(raw[max(0, hits[0].start() - 80): hits[0].end()]):
            risk = CHILD  # a child harming themselves, told by a parent: safeguarding comes first
        if risk == DANGER_NOW and not _PRESENT_STRONG.search(raw) and (_HABITUAL.search(raw) or _PAST.search(raw)):
            risk = relationship(whole)  # "he does that at home, stands in the doorway": not now, at home
        if risk is None and re.search(_KIDS, said, re.I) and not re.search(r"\bknows?\s+where", said, re.I):
            risk = CHILD  # "grabbed the kids", "kicking her teenage daughter" (not "knows where her kids go")
        if risk in (None, DOMESTIC_ABUSE) and _FEAR_FOR_KIDS.search(masked) and relationship(whole) != THREATS:
            risk = CHILD  # "he has a gun and stares at her; she's terrified for the kids"
        if risk in (None, DOMESTIC_ABUSE) and re.search(r"bruis|marks|scratch|welt|burn", said, re.I) and _CHILD_AGE.search(raw):
            risk = CHILD  # "her son (he's 9) ... scratches and a bruise on his arm after pickup"
        if risk not in (SUICIDE, CHILD) and _CHILD_TOLD.search(raw):
            risk = CHILD  # told by a child: "the 12 yo told the interviewer dad lets him hold the gun"
        if risk is None and _VEILED.search(said):
            risk = relationship(whole)
        if risk is None:  # harm between people: now, at home, or outside the family
            risk = DANGER_NOW if _PRESENT.search(raw) and not re.search(
                r"\b(?:last|ago|before|used\s+to|years?|months?|in\s+the\s+past|history|previous\w*|order)\b",
                raw, re.I) and not _HABITUAL.search(raw) and not _PAST.search(raw) else relationship(whole)
        if cleared and risk != SUICIDE and risk != CHILD:
            # "he says she's not afraid of him": the screening answered it
            return Signal(NONE, None, None, said, cleared=True)
        if long_over:
            return _long_over(said, whole, risk)
        return Signal(CLEAR, risk, None, said, cleared=False)
    means = _ABDUCTION_MEANS.search(masked)
    if means and re.search(_CHILD_WORD, whole, re.I) and not _negated(masked, means) and not cleared:
        # "he's booked flights for friday and has both passports", in a case with children
        return Signal(CLEAR, CHILD, None, means.group(0).strip(), cleared=False)
    taking = TAKING_CHILDREN.search(masked)
    if taking and not _negated(masked, taking) and not cleared:
        # "she's scared he'll just take them": a fear the children will be taken, asked about
        return Signal(AMBIGUOUS, CHILD, FEAR_KIND, taking.group(0).strip(), typed=True)
    for pattern, screen in _AMBIGUOUS:
        for match in pattern.finditer(masked):
            if _negated(masked, match) or cleared:
                continue
            if long_over:
                return _long_over(match.group(0).strip(), whole, SUICIDE if screen == SELF_HARM else None)
            if screen == FEAR_KIND and pattern is not _FEAR_FOR_KIDS and not re.search(r"\b(?:of|for)\s+(?:him|her|them)\b", match.group(0), re.I) \
                    and _FEAR_OF_LIVING.search(raw) and not _FEAR_OF_PERSON.search(raw):
                continue  # "it's more that he's scared. self employed, can't lift, no idea if he'll work again"
            if screen == THREAT_KIND and _LEGAL_CONTEXT.search(raw) and not _HARM_WORDS.search(raw) \
                    and not re.match(r"\w*\s+(?:her|him|them|me|us|my|his|the\s+(?:wife|husband|mother|father|tenant|neighbour))\b",
                                     masked[match.start():match.end() + 25], re.I):
                continue  # "he'll take her to court for the lot plus costs. that's his big threat"
            if screen == SELF_HARM:
                risk = SUICIDE
            elif pattern is _FEAR_FOR_KIDS:
                risk = THREATS if relationship(whole) == THREATS else CHILD
            elif re.search(r"country|passport|abroad", match.group(0), re.I):
                risk = CHILD  # a fear the children may be taken away
            elif pattern is _AMBIGUOUS[-1][0] or _PRESENT_STRONG.search(raw):
                risk = DANGER_NOW  # back in the building, reaching into the car; happening as she types
            else:
                risk = relationship(whole)
            return Signal(AMBIGUOUS, risk, screen, match.group(0).strip())
    return Signal(NONE, None, None, "", cleared=cleared, foreign=foreign_danger(raw))


# --- answers to a screening question, and other messages about safety -----------------------
_YES_CONCERN = _c(
    r"^\s*(?:y(?:es|eah|ep|up)?|physically|physical|afraid\s+of\s+(?:the\s+person|him|her)|"
    r"a\s+threat\s+of\s+harm|of\s+harm|harm|hurt|someone\s+may\s+be\s+unsafe|"
    r"(?:yes\s+)?(?:they|he|she)\s+may\s+harm|real|really|for\s+real|for\s+real\s+yes|i\s+think\s+so|"
    r"possibly|maybe|not\s+sure|unsure|i\s+don'?t\s+know|dunno|could\s+be)\b"
    r"|\b(?:physically|hit|hurt\s+(?:her|him)|harm\s+(?:her|him)|afraid\s+of\s+(?:him|her)|"
    r"scared\s+of\s+(?:him|her)|unsafe|in\s+danger|at\s+risk|threat\s+of\s+harm|kill|violence|violent)\b")
# Said in answer to a screening question, these tell of a real concern whatever else is said.
_YES_REPORT = _c(
    r"\b(?:shaken|shaking|trembling|terrified|frightened|petrified|scared\s+(?:of|stiff)|afraid\s+of\s+(?:him|her|them)|"
    r"(?:doesn'?t|does\s+not|don'?t|won'?t)\s+want\s+(?:the\s+)?police|(?:call|called|ring|rang|phone|phoned)\s+(?:the\s+)?police|"
    r"(?:he|she)\s+admitted\s+it|said\s+yes\b|has\s+thought\s+about\s+it|(?:he|she)'?s\s+thought\s+about\s+it|meant\s+it|"
    r"begg\w*\s+(?:me\s+)?not\s+to\s+(?:say|tell)|(?:asked|begged)\s+me\s+not\s+to\s+(?:say|tell)|"
    # Separating them because of it: "got him into the corridor, colleague with him".
    r"(?:got|took|moved|walked|sent|led|ushered|put)\s+(?:him|her|them)\s+(?:out|into|to|in)\s+(?:the\s+|a\s+|another\s+)?"
    r"(?:corridor|hall\w*|other\s+room|another\s+room|separate\s+room|room|office|outside|car\s*park)|"
    r"security\s+(?:is\s+|are\s+)?(?:with|here|coming|called|walking)|"
    r"(?:colleague|usher|staff|security|someone)\s+(?:is\s+)?(?:with\s+(?:him|her)|sitting\s+with))\b")
_NO_CONCERN = _c(
    # A bare "no" denies; "no GP yet", "no police" is a report, not a denial.
    r"^\s*(?:no+|nah|nope)\b(?=\s*(?:[,.!;:-]|$|just|not|he'?s|she'?s|they'?re|it'?s|its|nothing|concern|danger|risk|fear|"
    r"one\s+is|nobody|all\s+good|fine|thanks|that'?s|i\s+(?:don'?t|think|mean)|physically|winning))|"
    r"^\s*(?:not\s+really|neither)\b|\b(?:winning|win|the\s+argument|argument|legal|court|"
    r"lawyer|sue|outcome|money|losing|financially|emotionally|just\s+(?:upset|low|angry|venting|sad|"
    r"frustrated|stressed)|upset|figure\s+of\s+speech|metaphor|nobody|no\s+one|fine|safe|"
    r"no\s+(?:concern|danger|risk|fear))\b")


# While a concern is open or asked about: someone plays it down once it is out ("he says he was
# only joking", "she doesn't want to make a fuss", "connor says it was one time ... the burn was an
# accident") ...
PLAYED_DOWN = _c(r"\b(?:was|were|is|'s)\s+(?:only\s+|just\s+)?joking|\bjust\s+a\s+joke|\bdid(?:n'?t|\s+not)\s+mean\s+it|"
                  r"\b(?:says?|said)\s+(?:it'?s|it\s+was|its)\s+(?:nothing|fine|normal|no\s+big\s+deal|one\s+time|a\s+one[- ]off|"
                  r"an\s+accident)|\bplaying\s+it\s+down|\bbrush(?:ed|ing)\s+it\s+off|\blaughed\s+it\s+off|"
                  r"\b(?:doesn'?t|does\s+not|didn'?t)\s+want\s+to\s+make\s+a\s+fuss|\bwas\s+an\s+accident\b|"
                  r"\b(?:he|she|they)\s+says?\s+(?:he'?s|she'?s|they'?re|he\s+is|she\s+is)\s+(?:fine|ok|okay|alright|all\s+right)\b"
                  r"(?!\s+now\b)")

# ... and, for a risk of suicide, the person at risk gone off alone: "he's gone out to his ute,
# says he needs air".
GONE_ALONE = _c(r"\b(?:gone|went|walked|stormed|run|ran|left|headed|driven|drove)\s+(?:out|off|away)?\s*(?:to\s+(?:his|her|their)\s+"
                r"(?:car|ute|truck|van|bike)|outside|home|off|out\b|for\s+a\s+(?:walk|drive|smoke))|"
                r"\bneeds?\s+(?:some\s+)?(?:air|space|a\s+minute\s+alone)|\bon\s+(?:his|her|their)\s+own\s+(?:now|outside)|"
                r"\bcan'?t\s+find\s+(?:him|her|them)\b")


def screen_answer(text: str) -> Optional[bool]:
    """True: the mediator says someone may be unsafe; False: no concern; None: can't tell.
    A clear signal in the answer itself counts as yes; "not sure" counts as yes (a doubt
    about safety is worth the protocol's first steps)."""
    raw = normalise(text).strip().lower()
    if not raw:
        return None
    if read(raw).clear:
        return True
    if _OUTCOME_FEAR.search(raw) and not _FEAR_OF_PERSON.search(raw):
        return False  # "she's terrified of losing the flat": afraid of how it turns out, not of someone
    reported = _YES_REPORT.search(raw)
    if reported and not _negated(raw, reported):  # "she's shaken but doesn't want police"
        return True
    if safety_question(raw) or asks_go_on_or_end(raw) or asks_joint_session(raw) or PLAYED_DOWN.search(raw):
        # Asked how to handle it ("do I have to report this?", "can we just do 10 mins together?"),
        # or the risk played down ("he says he was only joking"): not a no, and worth the first steps.
        return True
    if len(raw.split()) > 8 and not re.match(r"^\W*(?:y(?:es|eah|ep)?|no+|nah|nope|physically|winning|afraid|"
                                                r"a\s+(?:threat|legal)|just|not)\b", raw):
        return None  # a new description, not an answer: "his lawyer threatened to sue" is no "no"
    no = bool(_NO_CONCERN.search(raw))
    yes = bool(_YES_CONCERN.search(raw))
    if re.search(r"\b(?:not|no)\s+(?:physically|in\s+danger|at\s+risk|unsafe|afraid\s+of\s+(?:him|her))", raw):
        return False
    if yes and not no:
        return True
    if no and not yes:
        return False
    if yes and no:
        return True if re.search(r"^\s*(?:y|physically|afraid\s+of\s+the\s+person|a\s+threat)", raw) else False
    return None


_JOINT = _c(r"\b(?:joint\s+(?:session|meeting|bit|part)|(?:bring|get|put|have)\s+(?:them|both|the\s+two\s+of\s+them|"
            r"everyone|the\s+parties|both\s+parties)\s+(?:\w+\s+){0,2}?(?:together|back\s+together|in\s+(?:the\s+same|one)\s+room|"
            r"back\s+in)|same\s+room|face\s+to\s+face|round\s+the\s+(?:same\s+)?table|all\s+together|"
            r"together\s+for\s+\d+|back\s+into\s+(?:the\s+)?(?:joint|main)\s+(?:room|session)|"
            r"(?:do|finish|sign|wrap\s+up|close)\s+(?:the\s+)?(?:last|final|rest|end)\s+(?:bit|part|piece|session|stage)?\s*together|"
            r"together\s+so\s+(?:they|we)\s+can|shake\s+(?:on\s+it\s+)?(?:hands\s+)?(?:together|in\s+person)|"
            r"(?:meet|sit\s+down|talk)\s+(?:\w+\s+)?(?:together|with\s+each\s+other|in\s+person)|"
            r"(?:still|just)\s+(?:do|go|have)\s+(?:it\s+)?joint\b|\bgo\s+back\s+to\s+joint\b|\b\d+\s+min(?:ute)?s?\s+together)")


def asks_joint_session(text: str) -> bool:
    """A message that asks to (or plans to) bring the parties together."""
    return bool(_JOINT.search(normalise(text)))


_WHO_AT_RISK = _c(
    r"\b(?P<a>he|she|him|her|they|the\s+\w+)\s*(?:'s|is|are|was)?\s*(?:the\s+one\s+)?(?:at\s+risk|in\s+danger|"
    r"the\s+one\s+at\s+risk)|\b(?:it'?s|its)\s+(?P<b>him|her|them|the\s+\w+)\s+(?:at\s+risk|in\s+danger|"
    r"who'?s\s+at\s+risk)|\bat\s+risk\s+is\s+(?P<c>him|her|the\s+\w+)")


def named_at_risk(text: str) -> Optional[str]:
    """Who the mediator says is at risk ("he's the one at risk, not her"), as said."""
    match = _WHO_AT_RISK.search(normalise(text))
    if not match:
        return None
    who = (match.group("a") or match.group("b") or match.group("c") or "").lower()
    return {"him": "he", "her": "she", "them": "they"}.get(who, who)


_SAFE_FOR_NOW_OR_CLEAR = _c(
    r"\bfalse\s+alarm|\bno(?:body|\s+one)\s*(?:'s|is|was)?\s*(?:in\s+danger|at\s+risk|unsafe)|"
    r"\bno\s+(?:real\s+)?(?:safety\s+)?(?:concern|issue|risk|danger)|\bmisunderst\w*|\bmisread|"
    r"\bnot\s+(?:a\s+)?safety|\bnot\s+(?:physically|in\s+danger|like\s+that|that\s+kind)|\bscreened\b|"
    r"\bmeant\s+(?:winning|the\s+argument|legally|financially)|\bwinning\s+the\s+argument|"
    r"\bwasn'?t\s+(?:a\s+)?(?:threat|danger|safety)|\bno\s+fear\b|\bnot\s+(?:afraid|scared)\b")


def says_no_concern(text: str) -> bool:
    """The mediator says there was never a concern (a false alarm, screened and clear), as
    against "everyone is safe now", which keeps separate rooms for the case."""
    return bool(_SAFE_FOR_NOW_OR_CLEAR.search(normalise(text)))


# --- while a concern is open: a report on it, or "everyone is safe now" -----------------------------
# What mediators say while they deal with a concern: who is where, who is with whom, help called
# or refused, how the person at risk is, what was said when asked, a referral, stopping for today.
_SAFETY_REPORT = _c(
    r"\b(?:police|cops?|security|safe(?:ty|ly)?|crisis|samaritans|helpline|hotline|988|999|911|112|ambulance|"
    r"a\s*&\s*e|emergency|hospital|gp|doctor|nurse|injur\w*|hurt|bruis\w*|bleed\w*|shaken|shaking|trembl\w*|"
    r"crying|cried|in\s+tears|sobbing|scared|afraid|frightened|terrified|corridor|car\s*park|escort\w*|"
    r"walk(?:ed|ing)?\s+(?:her|him|them)\s+(?:to|out)|pick(?:ing)?\s+(?:him|her|them)\s+up|collect(?:ing)?\s+(?:him|her)|"
    r"(?:stay|staying|stays|sit|sitting|sat)\s+with\s+(?:him|her|them|me)|alone|on\s+(?:his|her)\s+own|tablets|pills|"
    r"overdose|plan\b|thoughts?\s+of|suicid\w*|self[\s-]*harm\w*|cutting|refer(?:ral|red|ring)?|safeguarding|"
    r"social\s+services|children'?s\s+services|cps|supervisor|protection\s+order|injunction|refuge|"
    r"(?:was|it'?s|just)\s+a\s+joke|wasn'?t\s+(?:him|her|me)|denies|denied|in\s+trouble|"
    r"flights?|tickets?|airport|booked|passports?|"
    r"other\s+room|separate(?:d|ly)?|apart|calm(?:er|ed)?(?:\s+down)?|end(?:ing)?\s+(?:it|the\s+session|for\s+today)|"
    r"stop(?:ping|ped)?\s+(?:it\s+|for\s+)?(?:today|there|now)|carry\s+on|go\s+on\s+(?:with|today)|"
    r"admitted|disclos\w*|told\s+me|asked\s+(?:him|her|them)\b|"
    # the concern played down or kept secret, or someone about to go: "says that's just what he's
    # like, all talk", "begging me not to tell anyone", "says she's fine", "putting his coat on"
    r"beg(?:s|ged|ging)\s+me|not\s+to\s+(?:say|tell)|all\s+talk|just\s+what\s+(?:he|she)'?s?\s+(?:is\s+)?like|"
    r"didn'?t\s+mean\s+(?:anything|it)|says?\s+(?:she|he)'?s?\s+(?:is\s+)?(?:fine|ok|okay)|never\s+see\s+(?:him|her)\s+again|"
    r"coat\s+on|(?:about|going|trying|wants?)\s+to\s+leave|walking\s+out)")
_SAFE_NOW = _c(r"\b(?:every(?:one|body)|all|both|she|he|they)\s*(?:'s|'re|is|are)?\s*(?:safe|ok|okay|fine)\s+now\b|"
               r"\bsafe\s+now\b|\bevery(?:one|body)\s*(?:'s|is)?\s*(?:gone|left)\s+safely\b")


# While a concern is open the mediator also asks what to do next, says they are ending, or asks
# for a note of what happened: each gets its own answer, not the follow-up steps again.
_GO_ON_OR_END = _c(
    r"\b(?:carry\s+on|continue|keep\s+going|go\s+on|push\s+on|press\s+on|proceed|resume|finish\s+(?:the\s+)?(?:day|session))\b"
    r"[^.!]{0,60}\b(?:or|vs|versus)\b[^.!]{0,40}\b(?:end|stop|call\s+it|adjourn|postpone|reschedule|abandon|pack\s+it\s+in)|"
    r"\b(?:end|stop|call\s+it|adjourn|postpone)\b[^.!]{0,40}\b(?:or|vs)\b[^.!]{0,40}\b(?:carry\s+on|continue|keep\s+going|go\s+on|shuttle)|"
    r"\b(?:should|do|can|could|shall)\s+(?:i|we)\s+(?:just\s+)?(?:carry\s+on|continue|keep\s+going|go\s+on|end|stop|call\s+it|"
    r"adjourn|pull\s+the\s+plug|abandon|keep\s+(?:it\s+)?going)\b|"
    # "she wants to keep going today because she just wants it over. is that ok?"
    r"\b(?:carry\s+on|continue|keep\s+going|go\s+on|finish\s+today|get\s+it\s+(?:done|over))\b[^?]{0,80}"
    r"\b(?:is\s+that\s+(?:ok|okay|alright|all\s+right|wise|safe|sensible)|ok\s*\?|should\s+(?:i|we)\s+let)|"
    r"\b(?:do|should|can)\s+we\s+(?:still\s+)?(?:carry\s+on|continue|go\s+ahead|meet|do\s+the\s+rest)\b|"
    r"\bcan\s+(?:we|i)\s+(?:at\s+least|just|still)\s+(?:finish|get\s+through|settle|sort)\b")
_ENDING = _c(
    r"^\W*(?:ok(?:ay)?\W+|right\W+|yes\W+|yeah\W+)?(?:i'?m\s+|we'?re\s+|i\s+am\s+|we\s+are\s+)?(?:ending|stopping|calling)\s+"
    r"(?:it|the\s+session|for\s+(?:today|the\s+day)|there|it\s+(?:a\s+day|here|there))|"
    r"\b(?:i|we)\s+(?:have\s+|'ve\s+)?(?:ended|stopped|called\s+it|adjourned|wrapped\s+up)\b|\bsession\s+(?:is\s+)?(?:over|ended|stopped)\b|"
    r"\bsent\s+(?:them|everyone)\s+home\b")
_NOTE_REQUEST = _c(
    r"\b(?:add|put|make|write|take|keep|leave)\s+(?:a\s+|an\s+)?(?:quick\s+|short\s+)?note\b|\bnote\s+(?:that|down|it|this)\b|"
    r"\b(?:record|log|document)\s+(?:that|it|this|what)\b|\bwrite\s+(?:it|that|this)\s+(?:down|up)\b|^\W*note\s*:")


# Questions a mediator asks while a concern stands, answered from the risk's protocol:
# "do i have to report it?", "how do i wrap today up without him twigging why", "should i say
# something to ryan about the texts?", "ryan's asking me where jade's new salon is".
_ASKS_REPORTING = _c(
    r"\b(?:do|should|must|shall|have)\s+i\s+(?:(?:have|need|got)\s+to\s+)?(?:report|notify|refer|tell\s+(?:the\s+)?(?:police|social\s+"
    r"services|cps|children'?s\s+services|safeguarding|authorities|someone|anyone|my\s+(?:supervisor|service|manager)))\b|"
    r"\bmandatory\s+report|\b(?:am\s+i|is\s+(?:a|the)\s+mediator)\s+(?:a\s+)?mandated|\bduty\s+to\s+(?:report|warn|tell)|"
    r"\bwho\s+do\s+i\s+(?:report|tell|call)\b|\b(?:i|we)\b[^?]{0,40}\breport\s+(?:it|this|that)\s*\?|"
    r"\b(?:does|do|should|must)\s+(?:hr|the\s+(?:\w+\s+)?(?:manager|referrer|committee|school|police|court|council|employer|board|"
    r"trust|agency|landlord|home))\s+(?:need|have)\s+to\s+(?:know|be\s+told)|\bcovered\s+by\s+(?:the\s+)?confidentiality|"
    r"\b(?:should|do|must)\s+i\s+(?:call|ring|phone)\s+(?:the\s+)?(?:police|999|911|112|social\s+services|adult\s+social\s+care)\b")
_ASKS_WHAT_TO_SAY = _c(
    r"\b(?:what|how)\s+(?:do|should|can|shall)\s+i\s+(?:tell|say\s+to|explain\s+(?:it\s+)?to|put\s+it\s+to|word\s+it)\b|"
    r"\bwithout\s+(?:him|her|them|\w+)\s+(?:twigging|knowing|suspecting|guessing|realising|realizing|finding\s+out|clocking)|"
    r"\bwithout\s+(?:breaking|betraying|giving\s+away|revealing|letting\s+on|saying)\b|"
    r"\b(?:how\s+do\s+i|how\s+to)\s+(?:wrap|close|end|finish|stop)\s+(?:today|this|it|the\s+session)|"
    r"\b(?:should|do|can|shall)\s+i\s+tell\s+(?!(?:the\s+)?(?:police|social|hr\b))(?:him|her|them|[a-z]+)\b(?=[^?]*\?|\s*$)|"
    r"\b(?:should|do|can|shall)\s+i\s+(?:say\s+(?:something|anything)|put\s+it|mention\s+(?:it|this|that|the)|confront|challenge|"
    r"raise\s+(?:it|this|that)|bring\s+(?:it|this|that)\s+up|ask)\s+(?:to\s+|with\s+)?(?:him|her|them|[a-z]+)?\b(?=[^?]*\?|\s*$)|"
    r"\b(?:asking|asked|wants\s+to\s+know)\s+(?:me\s+)?(?:where|for)\s+(?:\w+'?s?\s+)?(?:new\s+)?(?:address|salon|flat|house|"
    r"home|work|office|job|school|number|she\s+(?:lives|works|is\s+staying)|he\s+(?:lives|works|is\s+staying))")


def safety_question(text: str) -> Optional[str]:
    """The protocol field a question about handling the concern asks for, if it is one."""
    said = normalise(text)
    if _ASKS_REPORTING.search(said):
        return "reporting"
    if _ASKS_WHAT_TO_SAY.search(said):
        return "what_to_say"
    return None


def asks_go_on_or_end(text: str) -> bool:
    """"should i just carry on in separate rooms or end it": the decision, asked."""
    return bool(_GO_ON_OR_END.search(normalise(text)))


def says_ending(text: str) -> bool:
    """"ending it", "we stopped", "sent them home": the session is being ended."""
    return bool(_ENDING.search(normalise(text)))


def asks_for_note(text: str) -> bool:
    """"add a note he shouted at her and we stopped": a note of what happened."""
    return bool(_NOTE_REQUEST.search(normalise(text)))


# Said in answer to a screening question, these say the mediator is already acting on a concern.
_ACTING_ON_IT = _c(
    r"\b(?:police|cops?|security|ambulance|a\s*&\s*e|hospital|gp|doctor|crisis\s+(?:line|team)|samaritans|helpline|"
    r"hotline|988|999|911|112|injur\w*|bruis\w*|bleed\w*|corridor|car\s*park|escort\w*|safeguarding|social\s+services|"
    r"children'?s\s+services|cps|refuge|tablets|pills|overdose|suicid\w*|self[\s-]*harm\w*)\b")


def acting_on_a_concern(text: str) -> bool:
    """"no GP yet, dad doesn't know", "got him into the corridor": a report of acting on it."""
    return bool(_ACTING_ON_IT.search(normalise(text)))


def reports_on_safety(text: str) -> bool:
    """Said while a concern is open: a report on it ("got him into the corridor, she's crying
    but ok", "he rang the crisis line with me there"), not a new part of the dispute."""
    return bool(_SAFETY_REPORT.search(normalise(text)))


def says_safe_now(text: str) -> bool:
    """"HR has security walking her out ... everyone safe now": the concern is safe for now."""
    return bool(_SAFE_NOW.search(normalise(text)))


# --- a message in another language (the InputGuard misses short ones) ------------------------------
_ENGLISH = frozenset("""the an and or but is are was were he she they it his her him them to of in on at for with
not yes you we my your this that what who why how can will would should do does did have has had be been
wont cant dont won't can't don't just so about from by as if""".split())
_OTHER = frozenset("""el la los las de del que y en un una por para con se lo le les su sus es está esta no entiendo
acuerdo quiere pero muy también ella él tiene tienen hay miedo casa niños dinero le la les des est pas une il elle ils nous vous je ne et au aux du ce cette qui
não é um uma os as do da dos das em com ele ela eles nie jest się nie i w z na że to ja on ona""".split())


def other_language(text: str) -> bool:
    """Words of Spanish, French, Portuguese or Polish and none of English (at least 3 words);
    a script other than Latin counts too."""
    words = re.findall(r"[^\W\d_]+", (text or "").lower())
    if not words:
        return False
    if sum(1 for ch in text if ord(ch) > 0x24F and ch.isalpha()) > len(text) / 3:
        return True
    return len(words) >= 3 and not any(w in _ENGLISH for w in words) and sum(w in _OTHER for w in words) >= 2
