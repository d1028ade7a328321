"""Words both the reading of a description and the replies share: the roles people are
named by ("the husband", "the landlord") and how a figure is said back. Pure, no imports.
"""
from __future__ import annotations

from typing import Optional

# Roles a party is named by in a description; a bare role needs "the" in front when said back.
ROLE_NOUNS = frozenset("""
husband wife father mother dad mum mom son daughter brother sister ex employer employee
landlord tenant contractor homeowner owner builder seller buyer insurer claimant
plaintiff defendant partner partners company school district board hoa association
neighbour neighbor manager supervisor worker union estate executor trustee beneficiary
hospital doctor patient family parents kids children siblings client customer vendor
supplier developer council church club agency adjuster agent uncle aunt cousin grandmother
grandfather grandma grandpa nephew niece stepmother stepfather stepson stepdaughter boss
colleague teacher principal
""".split())


def money(value: Optional[float]) -> str:
    """A figure as a mediator would say it back: 5000 -> "5,000", 150000.0 -> "150,000"."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"
