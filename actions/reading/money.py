"""Money in a mediator's words: every figure with its role and the side it belongs to.

"my client wants 38k, insurer offering 12,500, our costs so far roughly 9k" reads as a demand of
38,000 by my client, an offer of 12,500 by the insurer and a cost of 9,000. Roles: offer, demand
(the two kinds of position), value (of the house, the business), cost (legal costs, fees), loss
(a head of claim, damages), income, saving, debt, split (a percentage split or share, "60/40",
"30%"), gap (a difference said as such, "5k apart") and other (a figure whose role the words
don't say). The side is the party named as the subject of the figure ("the insurer", "C", "my
client"), when one is. A message that says the mediator is unsure who put forward what marks
its figures unsure: they are kept, never paired.

The arithmetic over them is in actions/reading/ledger.py. Pure, no Rasa.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from actions.situation import Amount
from actions.words import ROLE_NOUNS

_I = re.IGNORECASE
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = {"k": 1e3, "grand": 1e3, "thousand": 1e3, "m": 1e6, "mil": 1e6, "million": 1e6,
                "bn": 1e9, "billion": 1e9}
_SCALE = r"(?:k|m|bn|mil|grand|thousand|million|billion)"
_UNIT = r"(?:dollars?|bucks|pounds?|quid|euros?)"
_CURRENCY = r"(?:[$£€]|usd|gbp|eur|aud|cad|nzd)"
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                      "seventy": 70, "eighty": 80, "ninety": 90})
_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_WORDS = (rf"(?:(?:a|{_WORD_NUMBER}|(?<=the\s)hundred)(?:[\s-]+(?:and[\s-]+)?(?:{_WORD_NUMBER}|hundred|thousand|million|"
          rf"mil|billion|grand|point|half)\b)*)")

_FIGURE = re.compile(
    rf"(?<![\d.,/])(?P<s1>\d{{1,2}})\s?(?:/|-|:)\s?(?P<s2>\d{{1,2}})(?![\d/%])"
    rf"|(?<![\d.,])(?P<pct>\d{{1,3}}(?:\.\d+)?)\s?(?:%|per\s?cent\b)"
    rf"|\b(?P<wpct>(?:{_WORD_NUMBER})(?:[\s-]+(?:{_WORD_NUMBER}))?)\s+per\s?cent\b"
    rf"|(?P<cur>{_CURRENCY})\s?(?P<n1>{_NUM})(?:\s?(?P<sc1>{_SCALE})\b)?"
    rf"|(?<![\w.,])(?P<n2>{_NUM})\s?(?P<sc2>{_SCALE})\b(?:\s?{_UNIT}\b)?"
    rf"|(?<![\w.,])(?P<n3>{_NUM})\s?(?P<unit>{_UNIT})\b"
    rf"|\b(?P<half>half\s+a\s+(?:mil|million|m\b))"
    rf"|\b(?P<words>{_WORDS})\b"
    rf"|(?<![\w.,:/])(?P<bare>{_NUM})(?![\w.,:/]*\d)(?!\s?(?:st|nd|rd|th)\b)", _I)

# After a bare number: it counts something other than money.
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:years?|yrs?|months?|mths?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|"
    r"siblings?|kids?|children|partners?|people|employees?|staff|units?|flats?|homes?|houses?|"
    r"sq|square|ft|feet|foot|metres?|meters?|m2|miles?|km|acres?|hectares?|times?|x\b|"
    r"of\s+(?:them|us|the)|nights?|sessions?|pages?|items?|percent|per\s?cent|points?|"
    r"shares?\b(?!\s+(?:of|in)\s+the\s+(?:pot|money|proceeds))|calls?|emails?|letters?|complaints?|"
    r"cars?|dogs?|cats?|bedrooms?|beds?|storeys?|floors?|rooms?|jobs?|sites?|o'?clock|ish|hour)\b", _I)
# Before a bare number: what makes a figure of it ("offered 600", "at 80", "about 180").
_BARE_CUE = re.compile(
    r"\b(?:offer(?:s|ed|ing)?|want(?:s|ed)?|asking|ask(?:s|ed)?\s+for|demand(?:s|ed)?|at|to|from|about|"
    r"around|roughly|approx|said|say|says|do|pay|pays|paying|give|worth|valued\s+at|costs?|fees?|"
    r"rent|deposit|refund|owes?|owed|loan|mortgage|salary|claim(?:s|ing)?|accept|take|settle\s+for|"
    r"budget|bill|quoted?|for|the|now|another|spent|paid|extra|plus|minus|less|offering|back|below|above|"
    r"under|over|than|least|most|max|maximum|min|minimum|floor|ceiling)\s+"
    r"(?:only\s+|just\s+|like\s+|maybe\s+|something\s+like\s+|about\s+|around\s+)?$", _I)
# "c 110, d 60": a bare number right after a side, and "(all k)": bare numbers in thousands.
_AFTER_SIDE_WORDS = r"husband|wife|mum|dad|mom|he|she|they|we|client"
_IN_THOUSANDS = re.compile(r"\(\s*(?:all\s+)?(?:in\s+)?(?:k|thousands?|000s|£k|\$k)\s*\)|\ball\s+in\s+(?:k|thousands)\b", _I)
_PERIODIC = re.compile(r"^\s*(?:pm\b|pcm\b|pw\b|p/m|per\s+(?:month|week)|a\s+(?:month|week)|monthly|weekly)", _I)
_TOTAL_BEFORE = re.compile(r"(?:\bso\b|=|\bi\.?e\.?|\bthat'?s|\bmaking|\btotal\s+(?:is|of|comes?\s+to|now))\s*(?:about\s+|roughly\s+|around\s+)?[$£€]?\s*$", _I)
_TOTAL_AFTER = re.compile(r"^\s*(?:all\s+in|in\s+total|in\s+all|total|altogether|all\s+told)\b", _I)
# A percentage near these is a rate, not a share of what is divided.
_RATE = re.compile(r"\b(?:discount\w*|contrib\w*|contributory|negligence|dba|cfa|success\s+fee|retention|interest|"
                   r"less|more|off|cheaper|reduction|abatement|uplift|increase|rise|raise|vat|tax|commission|fees?|"
                   r"excess|apr|rate|deduction|cut|pay\s+rise|inflation|chance|odds|likely|prospects?|risk)\b", _I)
# A private limit is not a position on the table: "authorised up to 35k", "her bottom line is 40k".
_LIMIT = re.compile(r"\b(?:authori[sz](?:ed|ation)|authority|mandate|limit|ceiling|bottom\s+line|"
                    r"walk[\s-]?away(?:\s+(?:point|figure|number))?|reserve\s+(?:price|figure))\b", _I)
# The mediator's own guess at where a side would end up is not a position: "I think they'd settle around 175".
_GUESS = re.compile(r"\bI\s+(?:think|reckon|suspect|guess|sense|imagine|bet)\b|\bmy\s+(?:guess|sense|hunch|feeling)\b")
# Before a percentage: a share someone holds or was left or agreed, not a proposal.
_HELD_SHARE = re.compile(r"\b(?:owns?|owned|holds?|held|has|had|hold(?:ing|s)?\s+of|agreed(?:\s+at)?|entitled\s+to|"
                         r"inherit\w*|left|leaves|stake\s+of|shareholding\s+of|share\s+(?:is|was)(?:\s+agreed)?(?:\s+at)?)"
                         r"\s+(?:only\s+|just\s+|about\s+|around\s+)?$", _I)
_PER_PERIOD = re.compile(r"^\s*(?:a\s+(?:year|month|week)|pa\b|p\.a\.|per\s+(?:annum|year|month|week)|pcm\b|pm\b|pw\b|"
                         r"monthly|weekly|annually)(?!\s+(?:salary|income|wages|turnover|profit))", _I)
# "2,500 a month for 24 months": instalments of a lump sum, not a sum a month to set against one.
_INSTALMENTS = re.compile(r"^\s*(?:a\s+month|pcm|pm|per\s+month|monthly)\s+for\s+(?:\d+|\w+)\s+months?\b|"
                          r"^\s*(?:a\s+week|pw|per\s+week|weekly)\s+for\s+(?:\d+|\w+)\s+weeks?\b", _I)
_INCOME_CUE = re.compile(r"\b(?:salary|earns?|earning|earned|income|wages?|on|paid|turnover|profits?|passing|"
                         r"takes\s+home|nets?|makes?)\b", _I)
_IF = re.compile(r"\b(?:if|unless|provided(?:\s+that)?|as\s+long\s+as|on\s+condition\s+that)\b", _I)
_SHARE_AFTER = re.compile(r"^\s*(?:share\b|stake\b|of\s+(?:the|his|her|their|what|it|everything|each)\b|"
                          r"in\s+(?:her|his|their|my\s+client'?s)\s+favou?r)", _I)
_OWNER_AFTER = re.compile(r"^\s*(?:was|is|came|comes|=)\s+(?:from\s+|put\s+forward\s+by\s+|by\s+)?", _I)
_OPENING = re.compile(r"\b(?:open(?:ed|ing|s)?|start(?:ed|ing)?\s+(?:at|with)|first\s+(?:figures?|numbers?|offers?))\b", _I)
_COSTS_AFTER = re.compile(r"^\s*(?:in\s+)?(?:legal\s+|solicitors?'?\s+|court\s+)?costs\b", _I)
_OFF_AFTER = re.compile(r"^\s*(?:off|discount|reduction|knocked\s+off)\b", _I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_UNSURE = re.compile(
    r"\b(?:not\s+sure\s+(?:which|who|whose|if|whether)|(?:don'?t|dont|do\s+not)\s+know\s+(?:which|who|whose|if|whether)|"
    r"no\s+idea\s+(?:which|who|whose)|can'?t\s+remember\s+(?:which|who|whose|if|whether)|"
    r"cant\s+remember|from\s+who\b|who\s+said\s+what|whos\s+saying\s+what|who'?s\s+saying\s+what|"
    r"(?:makes|made)\s+no\s+sense|confus\w+|unclear\s+(?:which|who|whose)|which\s+side\s+(?:put|said|made|offered)|"
    r"mixed\s+up|muddled|lost\s+track|forgot\s+(?:who|which)|(?:didn'?t|did\s+not)\s+note\s+(?:who|which)|"
    r"can'?t\s+recall|not\s+certain\s+(?:who|which))", _I)

# Roles by the words just before a figure (the nearest wins) or just after it.
_ROLE_BEFORE = (
    ("gap", re.compile(r"\b(?:gap|difference)(?:\s+(?:is|was|of|now|still))*\s*(?:about|around|roughly|only|just)?\s*$", _I)),
    ("loss", re.compile(r"\b(?:(?:house|home|property|flat|value|business)\s+(?:is|was|has\s+gone|went)\s+down|"
                        r"loss(?:es)?|damages|specials|generals|wasted\s+costs?|head\s+of\s+(?:loss|claim)|"
                        r"care\s+claim|repairs?(?:\s+bill)?|claim\s+(?:is|of|for|at)|lost|unpaid|(?:back|notice|holiday|sick|redundancy)\s+pay|"
                        r"arrears\s+of|owed|overpaid\s+by|calc(?:ulation)?|(?:counter\s+)?schedule)\b", _I)),
    ("cost", re.compile(r"\b(?:costs?|fees?|legal\s+bills?|spent\s+on\s+(?:lawyers|legal|solicitors)|spent)\b", _I)),
    ("debt", re.compile(r"\b(?:mortgage|loans?|debts?|owes|owing|overdraft|credit\s+cards?|outstanding|arrears|"
                        r"liabilit(?:y|ies))\b", _I)),
    ("saving", re.compile(r"\b(?:savings|saved|in\s+the\s+bank|isas?|nest\s+egg|cash)\b", _I)),
    ("income", re.compile(r"\b(?:salary|salaries|earns?|earned|earning|income|wages?|turnover|profits?|rent|takes\s+home|"
                          r"pays?\s+(?:her|him|them)sel(?:f|ves)|drawings|draws|dividends?)\b", _I)),
    ("value", re.compile(r"\b(?:worth|valued?|valuations?|values?|appraised|equity|pot|estate|assets?|"
                         r"sale\s+price|sold\s+for|cetv|pensions?|(?:house|home|property|flat|farm|business|"
                         r"practice|shop|land|building|portfolio|shares?)(?=\s*$))\b", _I)),
    ("offer", re.compile(r"\b(?:offer(?:s|ed|ing)?|offerd|ofer\w*|offr\w*|(?:has|have|had)\s+put|"
                         r"put\s+forward|part\s*36(?:\s+offer)?|calderbank(?:\s+offer)?|(?:came|come|comes|coming|went|go|goes|going|moved?|moving|gone|"
                         r"crept|creep|inched?)\s+up|up\s+to|increas\w*|rais\w*|(?:will|would|'?ll|could|can|might|'d)\s+"
                         r"(?:pay|give|do|go\s+to|stretch\s+to|find|put\s+in|refund|return)|pays|paying|(?:to|only|just|could|can|will|would|'ll|'d|then|also|still)\s+pay|giv(?:e|es|ing)|"
                         r"refund(?:ing)?(?:\s+of)?|return(?:ing)?|tabled|bid|put\s+up|prepared\s+to\s+(?:pay|give|go\s+to)|"
                         r"(?:we'?ll|they'?ll|well|theyll)\s+do)\b", _I)),
    ("demand", re.compile(r"\b(?:want(?:s|ed|ing)?|ask(?:s|ed|ing)?(?:\s+for)?|demand(?:s|ed|ing)?|seek(?:s|ing)?|"
                          r"sought|looking\s+for|holding\s+out\s+for|hold\s+out\s+for|(?:won'?t|wont|will\s+not|"
                          r"would\s+not|wouldn'?t)\s+(?:take|accept|go|settle)\s*(?:for\s+)?(?:less|below|under)?\s*(?:than)?|"
                          r"(?:came|come|comes|coming|went|go|goes|going|moved?|moving|dropped|drops?|reduced|lowered|"
                          r"climbed|gone|crept|creep)\s+down|down\s+to|claim(?:s|ed|ing)?(?:\s+back)?|after|expects?|"
                          r"(?:would|'d|will|'ll|could)\s+(?:take|accept|settle\s+for|live\s+with)|settle\s+for)\b", _I)),
    ("position", re.compile(r"\b(?:now\s+(?:at|on)|(?:is|are|'s|'re|stays?|stuck|still|sitting)\s+at|moved?\s+to|"
                            r"moving\s+to|went\s+to|revised\s+to|final\s+(?:figure|number|position)|at|to|"
                            r"(?:is|are|'s)\s+(?:on|sitting\s+on)|(?:comes?|came|coming|gone|goes|go)\s+(?:to|in\s+at)|"
                            r"(?:would|'d|will|'ll|could)\s+do|says?|said|now|moved?|proposes?|proposed|proposing|"
                            r"suggests?|suggested|counter(?:ed|s)?(?:\s+with)?|came\s+back\s+(?:with|at)|opened|opening|started|saying|"
                            r"holding|holds|sticking|stuck|staying|stays|remains?|(?:were|was|is|are|been)\s+at)\b", _I)),
)
_ROLE_AFTER = (
    ("gap", re.compile(r"^\W*(?:\w+\W+){0,2}?(?:apart|gap|between\s+them|difference)\b", _I)),
    ("offer", re.compile(r"^\s*(?:final\s+|opening\s+|first\s+|new\s+|revised\s+|improved\s+)?offer\b|^\s*ex[\s-]+gratia\b|"
                         r"^\s*on\s+the\s+table\b|"
                         r"^\W*(?:which|that)\s+(?:it|they|he|she|we)\s+(?:offers?|offered|will\s+pay|would\s+pay|(?:is|are)\s+offering)\b", _I)),
    ("demand", re.compile(r"^\s*(?:final\s+|opening\s+|first\s+|new\s+|revised\s+)?(?:demand|ask|claim)\b", _I)),
    ("position", re.compile(r"^\s*(?:would|'d|might|could|will)\s+(?:do|work|be\s+(?:ok|okay|fine|acceptable))\b", _I)),
    ("cost", re.compile(r"^\s*(?:in\s+|of\s+)?(?:legal\s+|their\s+|our\s+|his\s+|her\s+)?(?:costs?|fees?)\b|"
                        r"^\s*(?:\+\s*vat\s+)?(?:towards|to\s+cover|for)\s+(?:her|his|their|the|my\s+client'?s)?\s*(?:legal|costs?|fees?)", _I)),
    ("debt", re.compile(r"^\s*(?:on\s+the\s+|left\s+on\s+the\s+)?(?:mortgage|loan|debt|overdraft|owed\s+to|outstanding)\b", _I)),
    ("saving", re.compile(r"^\s*(?:in\s+)?(?:savings|the\s+bank|an?\s+isa)\b", _I)),
    ("income", re.compile(r"^\s*(?:a\s+year|a\s+month|pa\b|p\.a\.|per\s+(?:annum|year|month|week)|pcm\b|a\s+week|"
                          r"salary|income|in\s+wages|turnover|profit|drawings|dividends?)", _I)),
    ("value", re.compile(r"^\s*(?:valuation|value|house|home|property|flat|business|pot|estate|farm|practice|"
                         r"portfolio|in\s+assets|worth\s+of)\b", _I)),
    ("other", re.compile(r"^\s*(?:off|discount)\b", _I)),  # "150 off": a discount, not a position
    ("loss", re.compile(r"^\s*(?:for\s+(?:the\s+)?damage\b|of\s+(?:damage|belongings|stock)\b|(?:future\s+|past\s+)?care\b|"
                        r"(?:in\s+)?(?:damages|losses?|lost\s+(?:earnings|profits?|income|wages|revenue|sales)|loss\s+of|specials|generals|"
                        r"wasted|repairs?|repair\s+bill|in\s+repairs|back\s+pay|unpaid|of\s+damage)\b)", _I)),
)
# A cue about the figure's side: "from X to Y" moves a side from X to Y.
_FROM_TO = re.compile(r"\bfrom\s*$", _I)

# Who a figure belongs to: the party named nearest before it in its clause.
_LEGAL_SIDES = set(ROLE_NOUNS) | set("""
defence defense defendants respondent respondents applicant applicants claimants insurers trust employers
tenants landlords council carrier carriers franchisor franchisee distributor manufacturer dealer venue
freeholder leaseholders leaseholder executors widow widower sub subbie subcontractor sub-contractor
architect developer hr bank lender sisters brothers sons daughters couple homeowners builders
contractors suppliers customers buyers sellers vendors shareholder shareholders director directors
partnership firm practice authority hospital nhs trust airline retailer shop agent agency
management union club college university others other policyholder policyholders consumer consumers
petitioner petitioners nhsr purchaser purchasers licensee licensor guarantor borrower creditor creditors
debtor stepson stepdaughter neighbours neighbor neighbors hotel school council family
ee er ees ers operator provider photographer dentist minority majority
""".split())
_LEGAL_SIDES |= {"tour op", "tour operator", "minority bro", "majority bro"}
_AFTER_SIDE = re.compile(r"(?:^|[,;|(]\s*|\band\s+|\bnow\s+|\.\s+)(?:the\s+)?(?:(?-i:[A-Z]{1,5})|[cdr]|(?:"
                         + "|".join(sorted((re.escape(s) for s in _LEGAL_SIDES), key=len, reverse=True))
                         + "|" + _AFTER_SIDE_WORDS + r")s?)\s+(?:now\s+|at\s+|on\s+|opened\s+(?:at\s+)?)?$", _I)
_SIDE_TAIL = r"(?:\s+(?:team|side|lawyers?|sols?|solicitors?|barristers?|counsel|camp|insurers?|people|rep))?"
# Parties named by a number or a letter: "flat 7", "unit 3b", "number forty two", "neighbour A".
_NUMBERED = (r"\b(?:flat|unit|plot|number|no\.|apartment|apt|lot|neighbou?r|party|owner|brother|sister|sibling)\s+"
             r"(?:(?-i:\d{1,3}[a-z]?)(?![\d,.%]|\s?(?:k|m|grand|pounds?|quid|dollars?|euros?|%)\b)|(?-i:[A-Z])\b|"
             rf"(?:(?:{_WORD_NUMBER})(?:[\s-](?:{_WORD_NUMBER}))?)(?=\s+(?:says?|said|at|now|wants?|offer\w*|thinks?|is|are|would|will|should|up|down|to|'s)\b))")
_SIDE = re.compile(
    r"(?P<side>" + _NUMBERED + r"|\b(?:my|our|their|the\s+other)\s+(?:clients?|side|party)\b"
    r"|\b(?:the\s+)?(?:" + "|".join(sorted((re.escape(s) for s in _LEGAL_SIDES), key=len, reverse=True)) +
    r")(?:'s|’s|s'|s)?" + _SIDE_TAIL + r"\b"
    r"|\b(?-i:[A-Z]{1,5})(?:'s|’s)?(?=\s)"
    r"|\b(?-i:[cdr])(?=\s*$|\s+(?:\w+\s+)?(?:\d|wants?|offer\w*|at|now|says?|opened|down|up|came|moved|is|asking|would))"
    r"|\b(?:he|she|they|we|his|hers|her|him|them|theirs|hes|shes|theyre|theyve|he's|she's|they're)\b"
    r"|\b(?-i:[A-Z][a-z]{2,})(?:'s|’s)?(?=\s))", _I)
_NOT_A_SIDE = frozenset("""
i a ok pi rta uk us eu vat pa am pm tv dm it the so and but then this that these those
part schedule fmh cms iht cetv fa pc eot ld lds sje qs tupe et dba ppi pp pps rtb ihc hmrc mot
one other
when where what which while if as also just only about around roughly total its it's
claim claims pot estate practice
""".split())
_NOT_A_NAME = frozenset("""
the so and but then this that these those when where what which while if as also just only
about around roughly total honestly maybe basically um well ok okay yes no now still
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december christmas easter dublin london
""".split())
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s|\s-\s|\b(?:but|and|while|whereas|plus|then)\b", _I)


def _number(text: str) -> Optional[float]:
    try:
        return float(text.replace(",", ""))
    except (TypeError, ValueError):
        return None


def words_value(phrase: str) -> Optional[float]:
    """ "forty-two thousand five hundred" -> 42500; "three point two million" -> 3.2e6; "one
    seventy five" (said as a price) -> 175."""
    total, current, decimals = 0.0, 0.0, None
    said = [w for w in re.split(r"[\s-]+", phrase.lower()) if w]
    if len(said) >= 2 and said[0] in _NUMBER_WORDS and 1 <= _NUMBER_WORDS[said[0]] <= 9 \
            and said[1] in _NUMBER_WORDS and _NUMBER_WORDS[said[1]] >= 10 and "hundred" not in said:
        said = [said[0], "hundred"] + said[1:]  # "one thirty" = 130
    for word in said:
        if word in ("and", ""):
            continue
        if word == "point":
            decimals = ""
        elif word == "half":
            current += 0.5
        elif word == "a":
            current += 1
        elif word in _NUMBER_WORDS:
            if decimals is not None:
                decimals += str(_NUMBER_WORDS[word])
            else:
                current += _NUMBER_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALE_WORDS:
            if decimals:
                current += float("0." + decimals)
                decimals = None
            current = (current or 1) * _SCALE_WORDS[word]
            total, current = total + current, 0.0
    if decimals:
        current += float("0." + decimals)
    value = total + current
    return value or None


def _clause_before(text: str, start: int) -> Tuple[str, int]:
    """The words of the figure's clause before it, and where that clause starts."""
    window_start = max(0, start - 90)
    while 0 < window_start < start and text[window_start - 1].isalnum():
        window_start += 1  # never half a word ("...ofer" of "roofer")
    before = text[window_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    cut = breaks[-1].end() if breaks else 0
    return before[cut:], window_start + cut


_FILLER = re.compile(r"(?:\s+(?:at|of|is|was|are|about|around|roughly|approx(?:imately)?|only|just|maybe|like|"
                     r"circa|c\.?|a|an|another|the|so\s+far|now|already|some|over|under|nearly|almost|"
                     r"something\s+like|total|in\s+total|all\s+in|back|her|him|them|me|us|you|it|by|of\s+the|"
                     r"her|his|their|my|our|[$£€]))*\s*$", _I)


def _role_before(clause: str) -> Tuple[Optional[str], int]:
    """The role the nearest cue in the clause gives (filler words between a cue and the
    figure don't count: "worth about", "offered her"), and where that cue starts. Words that
    only say a side stands somewhere ("at", "now", "says") count when nothing else does."""
    clause = clause[:_FILLER.search(clause).start()] + " "
    best: Tuple[Optional[str], int, int] = (None, -1, -1)
    for role, pattern in _ROLE_BEFORE:
        for match in pattern.finditer(clause):
            weaker = best[0] is not None and best[0] != "position" and role == "position"
            if not weaker and (match.end() > best[2] or best[0] == "position" and role != "position"):
                best = (role, match.start(), match.end())
    return best[0], best[1]


def _stance_in(clause: str) -> Optional[Tuple[str, int]]:
    """An offer or demand said earlier in the clause, and where it starts."""
    for role, pattern in _ROLE_BEFORE:
        if role in ("offer", "demand"):
            match = pattern.search(clause)
            if match:
                return role, match.start()
    return None


_STANDS = re.compile(r"\b(?:now|at|to|on|is|are|was|were|been|says?|said|saying|then|so|finally|today|just|"
                     r"came\s+back|back|holding|holds|sticking|stuck|staying|stays|still|this\s+morning|"
                     r"this\s+afternoon|after\s+lunch|overnight)\b", _I)


def _only_side(clause: str, side: str) -> bool:
    """The clause says only who, and perhaps "now" or "at": "husband", "R now", "tenant at"."""
    rest = _STANDS.sub(" ", re.sub(r"'(?:s|re|ve|ll|d)\b", " ", clause.replace(side, " ", 1)))
    rest = re.sub(r"[^A-Za-z]", " ", rest)
    return not rest.strip()


def _orphan_cue(text: str, clause_start: int, figure_ends: Sequence[int],
                restated: bool = False) -> Tuple[Optional[str], Optional[str]]:
    """A figure alone in its clause ("company offering 6 months base, 120k") belongs to the
    stance of the clause before it, if that clause has no figure of its own."""
    sentence_start = max((m.end() for m in re.finditer(r"[.;!?\n|]", text[:clause_start])), default=0)
    if not restated and re.search(r"(?:\bplus|\+|\bas\s+well\s+as|\bon\s+top\s+of)\s*(?:the\s+|her\s+|his\s+|their\s+)?$",
                                  text[max(0, clause_start - 20):clause_start], _I):
        return None, None  # "wants her money back plus the 49 delivery": a part, not the position
    pieces = [p for p in _CLAUSE_BREAK.split(text[sentence_start:clause_start]) if p and p.strip()]
    for previous in reversed(pieces[-3:]):
        at = text.rfind(previous, sentence_start, clause_start)
        if any(at < e <= at + len(previous) for e in figure_ends):
            return None, None
        for role, pattern in _ROLE_BEFORE:
            match = pattern.search(previous)
            if match and role in ("offer", "demand"):
                return role, _side_in(previous[:match.start()] + " ")
    return None, None


def _role_after(after: str) -> Optional[str]:
    for role, pattern in _ROLE_AFTER:
        if pattern.match(after):
            return role
    return None


def _side_in(clause: str) -> Optional[str]:
    """The party named nearest the end of `clause`: "the insurer", "C", "my client", "she"."""
    found = None
    for match in _SIDE.finditer(clause):
        said = match.group("side").strip()
        bare = re.sub(r"(?:'s|’s|s')$", "", said)
        if bare.lower() in _NOT_A_SIDE or (bare[:1].isupper() and bare.lower() in _NOT_A_NAME):
            continue
        if re.fullmatch(r"[A-Z][a-z]+", bare) and match.start() == 0 and bare.lower() not in _LEGAL_SIDES:
            # a capital at the start of a clause is a name only if it is not a plain word
            if bare.lower() in _NOT_A_NAME:
                continue
        found = bare
    return found


def side_key(side: Optional[str]) -> Optional[str]:
    """One key per side however it is said: "the claimants team", "claimant", "Claimant's" ->
    "claimant"; "my client" stays "my client"."""
    if not side:
        return None
    key = side.lower().replace("’", "'")
    key = re.sub(r"^(?:the|a|an)\s+", "", key)
    key = re.sub(r"\s+(?:team|side|lawyers?|sols?|solicitors?|barristers?|counsel|camp|people|rep)$", "", key)
    key = re.sub(r"'s$|s'$", "", key)
    if key in ("his", "him", "hes"):
        key = "he"
    if key in ("her", "hers", "shes"):
        key = "she"
    if key in ("them", "theirs", "their", "theyve", "theyre", "they've", "they're", "theyll"):
        key = "they"
    if key in ("our client", "our side", "we", "us", "our"):
        key = "my client"
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key or None


SHARED = frozenset({"both", "each", "both sides", "everyone", "all"})


def read_figures(text: str, known: Sequence[Amount] = ()) -> List[Amount]:
    """Every money figure, percentage and split in a message, with its role and side. `known`
    are the case's figures so far: a side's earlier position gives a role to "now at 65k", and
    their size tells "180" from 180k."""
    text = (text or "").replace("\u2019", "'")
    unsure = bool(_UNSURE.search(text))
    found: List[Tuple[Amount, int, int, bool]] = []  # figure, start, end, bare
    for match in _FIGURE.finditer(text):
        said = match.group(0).strip()
        kind, value, bare = "money", None, False
        if match.group("s1"):
            first, second = int(match.group("s1")), int(match.group("s2"))
            if first + second != 100:
                continue
            kind, value = "split", float(first)
        elif match.group("pct"):
            kind, value = "percent", _number(match.group("pct"))
        elif match.group("half"):
            value = 500_000.0
        elif match.group("wpct"):
            kind, value = "percent", words_value(match.group("wpct"))
        elif match.group("words"):
            words = match.group("words")
            after = text[match.end(): match.end() + 12]
            before = text[max(0, match.start() - 30): match.start()]
            cued = _BARE_CUE.search(before) or _AFTER_SIDE.search(before)
            if not re.search(r"thousand|million|mil|billion|grand", words, _I) and not re.match(rf"\s*{_UNIT}", after, _I) \
                    and not cued:
                continue
            if re.fullmatch(r"(?:a|one|an)", words.strip(), _I) or _NOT_MONEY_AFTER.match(after):
                continue
            value = words_value(words)
            bare = not re.search(r"thousand|million|mil|billion|grand", words, _I) and not re.match(rf"\s*{_UNIT}", after, _I)
            unit = re.match(rf"\s*{_UNIT}\b", after, _I)
            if unit:
                said = text[match.start("words"): match.end() + unit.end()].strip()
        elif match.group("bare"):
            number = match.group("bare")
            value = _number(number)
            after = text[match.end(): match.end() + 20]
            before = text[max(0, match.start() - 30): match.start()]
            if value is None or _NOT_MONEY_AFTER.match(after) or (_YEAR.match(number) and "," not in number):
                continue
            if value <= 12 and re.match(r"\s?(?:am|pm)\b", after, _I):
                continue  # a time
            if "," not in number and not _BARE_CUE.search(before) and not _AFTER_SIDE.search(before) \
                    and not (value >= 1000 and re.fullmatch(r"\d{4,7}", number)):  # "65000", as speech comes
                continue
            if value < 50 and "," not in number and not any(
                    a.kind == "money" and a.value and a.value >= 10_000 for a in known):
                continue  # "the 45" counts only among figures in the thousands (45k)
            bare = True
        else:
            number = match.group("n1") or match.group("n2") or match.group("n3")
            scale = match.group("sc1") or match.group("sc2")
            value = _number(number)
            if value is not None and scale:
                value *= _SCALE_WORDS[scale.lower()]
            if match.group("sc2") and not match.group("n2"):
                continue
            if match.group("sc2") and match.group("sc2").lower() == "m" and re.match(r"\s*(?:2|²|long|wide|high|tall)", text[match.end():], _I):
                continue  # 5m long: metres
        if value is None:
            continue
        found.append((Amount(said, value, None, False, "other", kind), match.start(), match.end(), bare))

    # A bare "180" among figures in the thousands is 180k.
    big = [a.value for a, _, _, bare in found if a.kind == "money" and not bare and a.value and a.value >= 10_000]
    big += [a.value for a in known if a.kind == "money" and a.value and a.value >= 10_000]
    in_units = any(bare and "," in a.text for a, _, _, bare in found)  # "1,800": this message counts in units
    thousands = bool(_IN_THOUSANDS.search(text)) or any(
        a.kind == "money" and a.value and a.value >= 1000 and re.fullmatch(r"[\d.]+", a.text) for a in known)
    figures: List[Amount] = []
    starts: List[int] = []
    said_as: List[Optional[str]] = []  # the pronoun a figure's side was said as, if it was
    last_role: Optional[str] = None
    last_end = -1
    ends: List[int] = []
    for amount, start, end, bare in found:
        if bare and amount.value < 1000 and (thousands or big and not in_units) and \
                not _PERIODIC.match(text[end: end + 12]):
            for scale in (1e3, 1e6):
                scaled = amount.value * scale
                if (thousands and scale == 1e3) or big and min(big) / 20 <= scaled <= max(big) * 20:
                    amount = Amount(amount.text, scaled, None, False, "other", "money")
                    break
        clause, clause_start = _clause_before(text, start)
        role, cue_at = _role_before(clause)
        after_role = _role_after(re.split(r"[.;!?\n]", text[end: end + 40])[0])
        named = _side_in(clause)
        if after_role == "income" and (role == "position" or role is None and named and _only_side(clause, named)) \
                and _PER_PERIOD.match(text[end:end + 30]) and \
                not _INCOME_CUE.search(clause) and not _INSTALMENTS.match(text[end:end + 40]):
            after_role = None  # "H at 15k pa", "LL says 62,500 pa": a side's position in a sum a year
        if after_role in ("gap", "cost", "debt", "saving", "value", "loss") and role not in ("offer", "demand") or \
                after_role == "other" or \
                after_role == "cost" and bool(_COSTS_AFTER.match(text[end:end + 30])) or \
                (after_role and role in (None, "position")):
            role = after_role
            cue_at = len(clause)
        if role in ("offer", "demand", "position") and (_LIMIT.search(clause) or _IF.search(clause)):
            role = "other"  # "authorised up to 35k", "if he pays the 8,500 fees": a limit or a condition
        stance = _stance_in(clause)
        if role in ("loss", "income", "cost", "saving") and stance and stance[1] < cue_at and \
                not _COSTS_AFTER.match(text[end:end + 30]) and not _OFF_AFTER.match(text[end:end + 12]):
            role, cue_at = stance  # "claims lost profits 1.2m", "wants lump sum 150k": what a side asks
        if amount.kind == "split" or amount.kind == "percent" and not _RATE.search(
                text[max(0, start - 25):start] + " " + text[end:end + 25]):
            role = "split"  # "60/40", "she wants 60%", "40% of the business", "55% to W"
        elif amount.kind == "percent":
            role = "other"  # a rate: contributory negligence, a discount, interest, a fee
        side = _side_in(clause[:cue_at] if cue_at >= 0 else clause) or _side_in(clause)
        if role is None and side is None and amount.kind == "money":
            role, side = _orphan_cue(text, clause_start, ends, restated=bool(
                _TOTAL_BEFORE.search(text[max(0, start - 12):start]) or _TOTAL_AFTER.match(text[end:end + 20])))
        same_sentence = last_end >= 0 and not re.search(r"[.!?|\n]", text[last_end:start])
        if side is None and role in ("offer", "demand", "position") and same_sentence and figures \
                and figures[-1].role in ("offer", "demand") and figures[-1].who:
            side = figures[-1].who  # "offered 4,000 then moved to 5,250": still the insurer
        owner = _owner_after(text[end:end + 40])
        if side is None and owner and role in (None, "position", "offer", "demand"):
            side = owner  # "the 45 was the wife's", "120k is his limit": a figure put to its side
            role = role or "position"
        if side is None and role in ("offer", "demand", "position", "split"):
            side = _subject_before(text, clause_start)
        if role is None and side and last_role and last_role not in ("gap", "offer", "demand", "split") and \
                same_sentence and last_end > clause_start - 40 and figures[-1].kind == amount.kind:
            role = last_role  # "C's costs so far 27,500, R's about 40k": the list goes on
        if role is None and _FROM_TO.search(clause):
            role = "position"
        if role is None and side and amount.kind == "money" and _only_side(clause, side):
            role = "position"  # "husband 110k, wife 135k": where each now stands
        pronoun = side if side and _SUBJECT_PRONOUN.match(side.strip()) else None
        if pronoun and role in ("offer", "demand", "position") and not unsure:
            side = _antecedent(side_key(side), role, text, start, list(known) + figures) or side
        if role == "position":
            role = _role_of_side(side, figures, known) or ("offer" if re.search(r"\bup\b", clause, _I) else
                                                            "demand" if re.search(r"\bdown\b", clause, _I) else
                                                            "position" if side else None)
        if role in ("offer", "demand") and side is None:
            side = _previous_side(figures, role)
        total = None
        if amount.kind == "money" and figures and same_sentence and role in (None, "other", "loss", "offer", "demand") and \
                (_TOTAL_BEFORE.search(text[last_end:start]) or _TOTAL_AFTER.match(text[end:end + 20])):
            total = _total_of(text, start, figures, starts, role, side)
            held = _role_of_side(side, [], known) if side and not total else None
            if held in ("offer", "demand"):
                # "so C's total is 16.3k": a side's restated total, the sentence's figures its parts
                sentence_start = max((m.end() for m in re.finditer(r"[.;!?\n|](?!\d)", text[:start])), default=0)
                total = (held, side, [i for i, at in enumerate(starts) if at >= sentence_start
                                      and figures[i].role in ("other", "loss")])
        if total:
            # "wants 12k for implants + 3.5k general damages, so 15.5k total": the total is the
            # position, what it adds up are heads of claim (of an offer, just parts)
            role, side, parts = total
            for index in parts:
                if figures[index].role in ("offer", "demand") and any(
                        f.kind == "percent" for f in figures if f.who == figures[index].who):
                    figures[index] = replace(figures[index], role="other")
                    continue  # the base of a product: "7% on 1.6m = 112k"
                head = role == "demand" and (figures[index].role == "loss" or _HEAD_AFTER.match(
                    text[starts[index] + len(figures[index].text):][:40]) or not _NOT_HEAD.search(
                    text[max(0, starts[index] - 15):starts[index]] + "|" +
                    text[starts[index] + len(figures[index].text):][:25]))
                figures[index] = replace(figures[index], role="loss" if head else "other",
                                         who=figures[index].who or side)
        if amount.kind == "percent" and role == "split" and (
                _HELD_SHARE.search(text[max(0, start - 30):start]) or re.match(r"\s*each\b", text[end:end + 8], _I)):
            side = None  # "the daughter owns 30%", "25% each to two daughters": a share held, no one's proposal
        if role in ("offer", "demand", "position") and _GUESS.search(clause):
            role = "other"  # "I think they'd settle around 175": the mediator's guess, not a position
        restated = _restated(text, start, amount, known)
        if restated is not None and role in (None, "other", "position", "offer", "demand"):
            role, side = restated.role, restated.who  # "out of the hundred and five": the offer said before
        figures.append(Amount(amount.text, amount.value, side, role == "gap", role or "other", amount.kind, unsure))
        starts.append(start)
        said_as.append(pronoun if side != pronoun or pronoun is None else pronoun)
        last_role, last_end = role, end
        ends.append(end)
    figures = _opening(figures, known, bool(_OPENING.search(text)))
    return _resolve_pronouns(figures, starts, said_as, text, known)


# Unresolved positions typed by who usually pays and who claims ("the trust at 105k, the family
# at 240k"), kept only when the payer's figure is the lower one.
_PAYS = {k: "offer" for k in """insurer insurers defence defense defendant defendants respondent trust nhsr nhs council
employer er company def""".split()}
_PAYS.update({k: "demand" for k in """claimant claimants plaintiff petitioner applicant family employee ee
my client""".split("\n")[0].split() + ["my client"]})


# Sides "they" most often stands for.
GROUPS = frozenset("""insurer defence defense defendant trust nhsr nhs council company employer respondent executor
mc firm bank lender school hospital landlord family claimant developer builder contractor supplier""".split())


def _consistent(amounts: Sequence[Amount]) -> bool:
    """Offers below demands, as between a payer and a claimant they are."""
    offers = [a.value for a in amounts if a.role == "offer" and a.kind == "money" and a.value and not a.unsure]
    demands = [a.value for a in amounts if a.role == "demand" and a.kind == "money" and a.value and not a.unsure]
    return not offers or not demands or max(offers[-1:]) <= max(demands[-1:])


def _opening(figures: List[Amount], known: Sequence[Amount], opening: bool = False) -> List[Amount]:
    """Positions whose role the words left open: a side's earlier role, or the opposite of the
    one other side's ("they're at 42k" facing our offer); then who usually pays and who claims,
    kept only if the offers stay below the demands; then, when the message says the sides
    opened ("c opened 120, d 50"), the higher is the ask. Anything still open is other."""
    def by_side(items: List[Amount]) -> List[Amount]:
        return [replace(a, role=_role_of_side(a.who, [f for f in items if f is not a], known) or "position")
                if a.role == "position" else a for a in items]
    figures = by_side(figures)
    typed = [replace(a, role=_PAYS.get(side_key(a.who) or "", "position")) if a.role == "position" else a
             for a in figures]
    if _consistent(list(known) + typed):
        figures = by_side(typed)
    open_sides = {side_key(a.who) for a in figures if a.role == "position"}
    settled = any(a.role in ("offer", "demand") for a in list(known) + figures)
    if len(open_sides) == 2 and not settled and opening:
        values = {side_key(a.who): a.value for a in figures if a.role == "position"}
        high = max(values, key=lambda k: values[k])
        figures = [replace(a, role=("demand" if side_key(a.who) == high else "offer")) if a.role == "position" else a
                   for a in figures]
    return [replace(a, role="other") if a.role == "position" else a for a in figures]


_PART_ROLES = ("offer", "demand", "other", "loss")
# Parts of a demand that are not heads of claim: money to come back, a contribution.
_NOT_HEAD = re.compile(r"\b(?:back|refund\w*|deposit|contributions?|towards|pension|interest|costs?|fees?)\b", _I)
# A part of a demand said as a head of claim: "12k for implants", "15k injury to feelings".
_HEAD_AFTER = re.compile(r"^\s*(?:for\b|general|special|injury|damages|in\s+damages|loss|lost|care|repairs?|"
                         r"treatment|compensation|distress|inconvenience)", _I)


def _total_of(text: str, start: int, figures: Sequence[Amount], starts: Sequence[int], role: Optional[str],
              side: Optional[str]) -> Optional[Tuple[str, Optional[str], List[int]]]:
    """The position a total said at `start` ("so 15.5k total", "= 45k", "8,000 all in") stands
    for, its side, and the figures of its sentence it adds up: from the last offer or demand
    cue said after the sentence's last position ("she wants that plus 15k injury to feelings,
    so 45k in total"), or else from that last position. None when the sentence has neither."""
    sentence_start = max((m.end() for m in re.finditer(r"[.;!?\n|](?!\d)", text[:start])), default=0)
    mine = [i for i, at in enumerate(starts) if at >= sentence_start]
    if not mine:
        return None
    if any(figures[i].kind == "percent" for i in mine):
        mine = [i for i in mine if figures[i].role in ("offer", "demand")]  # "7% on 1.6m = 112k": a product
    positions = [i for i in mine if figures[i].role in ("offer", "demand")]
    cue_from = starts[positions[-1]] + len(figures[positions[-1]].text) if positions else sentence_start
    segment = text[cue_from:start]
    stance = None
    for cue_role, pattern in _ROLE_BEFORE:
        if cue_role in ("offer", "demand"):
            for match in pattern.finditer(segment):
                if stance is None or match.start() > stance[1]:
                    stance = (cue_role, match.start())
    if stance and not _IF.search(segment[:stance[1]]):
        said_by = _side_in(segment[:stance[1]] + " ") or side
        parts = [i for i in mine if starts[i] > cue_from + stance[1] and figures[i].role in _PART_ROLES]

        if parts or said_by:
            return stance[0], said_by, parts
    if positions and (role in (None, "other", "loss") or side_key(side) == side_key(figures[positions[-1]].who)):
        last = first = positions[-1]
        while first - 1 in mine and figures[first - 1].role in ("offer", "demand", "loss") and \
                side_key(figures[first - 1].who) == side_key(figures[last].who):
            first -= 1  # "C wants 12k for implants + 3.5k general damages": both are parts
        parts = [i for i in mine if i >= first and figures[i].role in _PART_ROLES and
                 (i == last or side_key(figures[i].who) in (None, side_key(figures[last].who)))]
        return figures[last].role, figures[last].who, parts
    return None


def _restated(text: str, start: int, amount: Amount, known: Sequence[Amount]) -> Optional[Amount]:
    """ "what they'd be left with out of the 105", "the 45 was too low": a figure named with
    "the" that is one already said (same amount and kind) in an earlier message is that figure,
    with its role and side. None otherwise."""
    if not re.search(r"\b(?:the|that|this|their|his|her)\s+$", text[max(0, start - 8):start], _I):
        return None
    same = [a for a in known if a.kind == amount.kind and a.value == amount.value and not a.unsure
            and a.role not in ("other",)]
    if not same or len({(a.role, side_key(a.who)) for a in same}) != 1:
        return None
    return same[-1]


def _owner_after(after: str) -> Optional[str]:
    """The side named right after a figure as its owner: "was the wife's", "is his limit",
    "came from the insurer"; None unless a party is named there."""
    lead = _OWNER_AFTER.match(after)
    if not lead:
        return None
    match = _SIDE.match(after, lead.end())
    if not match:
        return None
    said = re.sub(r"(?:'s|’s|s')$", "", match.group("side").strip())
    if said.lower() in _NOT_A_SIDE or (said[:1].isupper() and said.lower() in _NOT_A_NAME):
        return None
    return said


def _role_of_side(side: Optional[str], figures: Sequence[Amount], known: Sequence[Amount]) -> Optional[str]:
    """A side "now at" a figure holds the role its earlier position had; a new side facing one
    other side with a position holds the opposite one."""
    key = side_key(side)
    if key is None or key in SHARED:
        return None
    earlier = [a for a in list(known) + list(figures) if a.role in ("offer", "demand") and a.kind == "money"
               and side_key(a.who) and not a.unsure]
    if key == "they":  # "they've gone to 25": the organisation or group named last
        groups = [a for a in earlier if _fits("they", a.who)] or \
            [a for a in earlier if side_key(a.who) not in ("my client", "he", "she", "i")]
        if groups and len({side_key(a.who) for a in groups}) == 1 or any(_fits("they", a.who) for a in groups):
            return groups[-1].role
    for amount in reversed(earlier):
        if side_key(amount.who) == key:
            return amount.role
    others = {side_key(a.who): a.role for a in earlier}
    if len(others) == 1:
        return "demand" if next(iter(others.values())) == "offer" else "offer"
    return None


def _subject_before(text: str, clause_start: int) -> Optional[str]:
    """The side a sentence's earlier clause is about: in "brother living there wants to buy the
    sisters out, offers 100k each" the offer is the brother's."""
    sentence_start = max((m.end() for m in re.finditer(r"[.;!?\n|]", text[:clause_start])), default=0)
    for piece in reversed(_CLAUSE_BREAK.split(text[sentence_start:clause_start])):
        if piece and piece.strip():
            for match in _SIDE.finditer(piece):
                side = _side_in(match.group(0) + " ")
                if side:
                    return side
    return None


def _previous_side(figures: Sequence[Amount], role: str) -> Optional[str]:
    """In "came down from 400k to 325k", the second figure is the same side's."""
    if figures and figures[-1].role == role and figures[-1].who:
        return figures[-1].who
    return None


# Who "he", "she" and "they" can stand for: a person of that sex (or of none said), or a group.
_MALE = frozenset("""husband h father dad daddy brother bro son stepson stepfather mr man widower grandfather
grandpa uncle nephew boyfriend fiance ex-husband""".split())
_FEMALE = frozenset("""wife w mother mum mom mummy sister sis daughter stepdaughter stepmother mrs ms miss woman
widow grandmother grandma aunt niece girlfriend fiancee ex-wife""".split())
_ORGANISATIONS = frozenset("""nhsr firm bank lender school hospital respondent defendant insurer insurers defence defense trust council company employer er bank lender
hospital firm school hotel shop dealer club college university union hr nhs nhsr airline retailer agency
management authority practice partnership provider venue manufacturer distributor franchisor supplier
vendor developer builder contractor mc co business""".split())
_PRONOUN_KEYS = frozenset({"he", "she", "they"})
_SUBJECT_PRONOUN = re.compile(r"^(?:he|she|they|hes|shes|he's|she's|theyre|theyve|they're|they've|theyll|"
                              r"they'll|theyd|they'd|he'd|she'd)$", _I)
_GROUP_TAIL = re.compile(r"(?:team|side|people|camp|family|couple|lawyers|sols|solicitors|insurers)$", _I)


def _fits(pronoun: str, said: str) -> bool:
    """Could `pronoun` ("he", "she", "they") stand for the side said as `said`?"""
    key = side_key(said) or ""
    words = said.lower().replace("'s", "").split()
    head = key.split()[-1] if key.split() else key
    last = said.lower().split()[-1] if said.split() else ""
    group = head in _ORGANISATIONS or bool(_GROUP_TAIL.search(said.lower())) or \
        (len(last) > 3 and last.endswith(("s", "s'")) and not last.endswith(("ss", "'s")))
    if pronoun == "they":
        return group
    if group:
        return False
    if any(w in _MALE for w in words) or key in _MALE:
        return pronoun == "he"
    if any(w in _FEMALE for w in words) or key in _FEMALE:
        return pronoun == "she"
    return True


def _antecedent(pronoun: str, role: Optional[str], text: str, start: int,
                before: Sequence[Amount]) -> Optional[str]:
    """The side a subject pronoun before `start` stands for: the nearest side named before it
    that it can stand for (by sex, person or group) and that does not hold the position
    opposite `role`; failing that, the one side so far holding `role`. None when nothing fits."""
    opposite = {"offer": "demand", "demand": "offer"}.get(role or "")
    holds = {side_key(a.who): a.role for a in before if a.role in ("offer", "demand") and a.kind == "money"
             and side_key(a.who) and side_key(a.who) not in _PRONOUN_KEYS | SHARED and not a.unsure}
    for match in reversed(list(_SIDE.finditer(text[:start]))):
        said = _side_in(match.group(0) + " ")
        if not said or side_key(said) in _PRONOUN_KEYS | SHARED or \
                re.fullmatch(r"(?:his|her|their|hers|theirs|him|them|we|us|our)", said, _I):
            continue
        if _fits(pronoun, said) and (opposite is None or holds.get(side_key(said)) != opposite):
            return said
    if role in ("offer", "demand"):
        same = {side_key(a.who): a.who for a in before if a.role == role and a.kind == "money" and
                side_key(a.who) in holds and _fits(pronoun, a.who)}
        if len(same) == 1:
            return next(iter(same.values()))
    return None


def _resolve_pronouns(figures: List[Amount], starts: Sequence[int], said_as: Sequence[Optional[str]],
                      text: str, known: Sequence[Amount]) -> List[Amount]:
    """ "the claimant's counsel says she won't go below 30": the 30 is the claimant's (see
    _antecedent). Once the whole message is read, a side that holds the opposite position
    anywhere in it is no longer a candidate ("Sarah says ... she wants 150k and Tom is offering
    120k": she is Sarah, not Tom). Only positions are resolved; left as said when nothing fits."""
    out = list(figures)
    for index, (amount, start, pronoun) in enumerate(zip(figures, starts, said_as)):
        pronoun = pronoun or (amount.who if amount.who and _SUBJECT_PRONOUN.match(amount.who.strip()) else None)
        if amount.role not in ("offer", "demand") or not pronoun or amount.unsure:
            continue
        others = [a for i, a in enumerate(out) if i != index and (said_as[i] is None or i < index)]
        chosen = _antecedent(side_key(pronoun), amount.role, text, start, list(known) + others)
        out[index] = replace(amount, who=chosen or pronoun)
    return out
