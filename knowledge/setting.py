"""The setting a practice question comes from ("his pension", "HR", "the insurer", "next door"),
read from its words, so entries written for that setting (or for any) are preferred over an
entry of another field asked in the same words ("can his son the solicitor come?" between
neighbours is not the family-solicitor entry). Pure: regular expressions, no Rasa.

Settings are grouped into fields (family, work, injury and insurance, commercial and building,
property and community); an entry is out of place only when none of its settings is in a field
the message names and it isn't written for any setting. A message that names no field, or names
several, puts no entry out of place.
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Pattern

FIELDS: Dict[str, FrozenSet[str]] = {
    "family": frozenset({"separation_finances", "parenting", "elder_care", "special_education", "estates",
                         "family_business"}),
    "work": frozenset({"workplace", "employment"}),
    "injury": frozenset({"personal_injury", "insurance", "healthcare"}),
    "commercial": frozenset({"commercial", "construction", "consumer"}),
    "property": frozenset({"neighbours", "landlord_tenant", "community"}),
}

_WORDS: Dict[str, str] = {
    "family": r"""divorc\w* | separat\w* | ex[- ]?(?:wife|husband|partner) | husband | wife | spous\w* | marital
        | matrimonial | pensions? | cetv | form\s?e | maintenance | family\shome | child\s?support | kids? | children
        | child | parent\w* | mum | mom | dad | custody | contact\s(?:time|arrangements?) | handovers? | overnights?
        | school | ehcp | iep | senco | sen | tribunal\sfor\ssend | care\shome | carers? | siblings? | brother
        | sister | (?:the|his|her|mum's|dad's)\swill | estate | inheritance | executors? | probate | died | passed\saway | family\sbusiness | farm
        | grandparents? | lpa | power\sof\sattorney | poa""",
    "work": r"""hr | manager | line\smanager | colleagues? | grievance | employees? | employer | staff | disciplinary
        | team | union | shifts? | rota | boss | workplace | at\swork | dismiss\w* | redundan\w* | termination | eeoc
        | acas | settlement\sagreement | job""",
    "injury": r"""claimant | insurers? | insurance | policyholder | adjuster | injur\w* | accident | whiplash
        | damages | quantum | liability | medical\sreports? | hospital | clinical | patient | pi\sclaim | medicare
        | part\s?36 | heads\sof\sloss""",
    "commercial": r"""contractor | subcontractor | builder | building | construction | final\saccount | variations?
        | invoices? | supplier | franchis\w* | contract | retention | defects | qs | quantity\ssurveyor
        | shareholders? | commercial | consumer | customer | retailer""",
    "property": r"""neighbou?rs? | boundary | fence | hedge | trees? | driveway | parking | next\sdoor | landlord
        | tenants? | tenancy | rent | arrears | lease | eviction | possession | letting\sagent | deposit | council
        | residents?""",
}
_PATTERNS: Dict[str, Pattern[str]] = {
    field: re.compile(r"(?<![\w'])(?:" + "|".join(w.strip() for w in words.split("|")) + r")(?![\w])", re.I)
    for field, words in _WORDS.items()
}


def fields_of(text: str) -> FrozenSet[str]:
    """The fields the message's words name (empty when none does)."""
    return frozenset(f for f, p in _PATTERNS.items() if p.search(text or ""))


def field_of_settings(settings: Iterable[str]) -> FrozenSet[str]:
    """The fields an entry's settings belong to ('any' belongs to none: it fits everywhere)."""
    return frozenset(f for f, members in FIELDS.items() if set(settings) & members)


def out_of_place(entry_settings: Iterable[str], message_fields: FrozenSet[str]) -> bool:
    """An entry written only for another field than the one (and only one) the message names."""
    settings = set(entry_settings)
    if "any" in settings or len(message_fields) != 1:
        return False
    return not (field_of_settings(settings) & message_fields)
