"""The figures of a case said back the way a mediator needs them on a break: where each side
stands, the gap and the midpoint, who has moved how far, and the sums asked for (a buy-out, a
split in money, an offer net of costs, "120k less 30%"). Only what the figures allow is said;
when it can't tell who put forward what, it asks instead of pairing. Pure, no Rasa.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence

from actions.reading.ledger import Ledger, Side, share_asked, worked
from actions.situation import Amount
from actions.words import money

_I = re.IGNORECASE
_CURRENCY = re.compile(r"[$£€]")
_SHARE_WORDS = {1 / 2: "half", 1 / 3: "a third", 2 / 3: "two thirds", 1 / 4: "a quarter",
                3 / 4: "three quarters", 1 / 5: "a fifth"}


def _symbol(amounts: Sequence[Amount]) -> str:
    for amount in amounts:
        found = _CURRENCY.search(amount.text)
        if found:
            return found.group(0)
    return ""


def _sum(value: float, symbol: str) -> str:
    return f"{symbol}{money(round(value, 2))}"


def _who(side: Side) -> str:
    if not side.said:
        return "the offer" if side.role == "offer" else "the demand"
    name = side.said
    return name.lower() if name.lower() in ("he", "she", "they", "we") else name


def said(amount: Amount) -> str:
    """A figure as the mediator said it, unless a bare "60" was read as 60k: then "60,000"."""
    bare = re.fullmatch(r"\d+(?:\.\d+)?", amount.text.strip())
    if amount.kind == "money" and bare and amount.value is not None and float(amount.text) != amount.value:
        return money(amount.value)
    return amount.text


def _figure(amount: Amount, symbol: str) -> str:
    return said(amount)


def standing(ledger: Ledger, symbol: str) -> str:
    """ "They're 20,500 apart: my client 38k, the insurer 17.5k. The midpoint is 27,750." """
    pair = ledger.pair()
    if pair:
        high, low = pair
        gap, mid = ledger.gap(), ledger.midpoint()
        return (f"They're {_sum(gap, symbol)} apart: {_who(high)} {_figure(high.current, symbol)}, "
                f"{_who(low)} {_figure(low.current, symbol)}. The midpoint is {_sum(mid, symbol)}.")
    splits = ledger.split_pair()
    if splits:
        first, second = splits
        return (f"On a pot of {_sum(ledger.pot(), symbol)}, {_who(first)}'s {first.current.text} and "
                f"{_who(second)}'s {second.current.text} are {_sum(ledger.gap(), symbol)} apart; "
                f"the midpoint gives the first share {_sum(ledger.midpoint(), symbol)}.")
    return ""


def moves_line(ledger: Ledger, symbol: str) -> str:
    """ "Moves so far: the insurer 5,000 (12,500 to 17.5k); my client hasn't moved." """
    sides = ledger.money if ledger.pair() else ledger.splits if ledger.split_pair() else []
    if not sides or not any(len(s.history) > 1 for s in sides):
        return ""
    moves = ledger.moves()
    told = []
    for side in sides:
        if len(side.history) > 1 and moves.get(side.said):
            told.append(f"{_who(side)} {_sum(moves[side.said], symbol)} ({said(side.first)} to {said(side.current)})")
        else:
            told.append(f"{_who(side)} hasn't moved")
    return "Moves so far: " + "; ".join(told) + "."


def unsure_line(ledger: Ledger) -> str:
    """When it can't tell who put forward which figure: one short question, no pairing."""
    loose = ledger.unsure()
    if not loose:
        return ""
    texts = []
    for amount in loose:
        if amount.text not in texts:
            texts.append(amount.text)
    if len(texts) < 2:
        return ""
    listed = ", ".join(texts[:-1]) + f" and {texts[-1]}"
    return (f"I won't work out a gap yet: I can't tell who put forward {listed}. "
            "Which side is at which figure?")


def money_line(amounts: Sequence[Amount]) -> str:
    """The figures as a line in a strategy reply: where the two sides stand, or the one question
    that would let it say so. Empty when there is nothing sound to say."""
    ledger = Ledger.of(amounts)
    return standing(ledger, _symbol(amounts)) or unsure_line(ledger)


MOVE_WORDS = 14


def reads_as_move(text: str, known: Sequence[Amount] = ()) -> bool:
    """A short message that only moves an offer or demand ("insurer now at 17.5k", "R 110k, C
    400k"): a side's position in it, and no figure of another kind."""
    from actions.reading.money import read_figures
    if len((text or "").split()) > MOVE_WORDS or (text or "").rstrip().endswith("?"):
        return False
    new = read_figures(text, known=known)
    return bool(new) and any(a.role in ("offer", "demand") and a.who for a in new) and \
        all(a.role in ("offer", "demand", "other", "cost") for a in new)


def update_reply(amounts: Sequence[Amount], new: Sequence[Amount]) -> str:
    """A new offer or demand noted: who moved how far, and where they stand now."""
    ledger = Ledger.of(amounts)
    symbol = _symbol(amounts)
    lines: List[str] = []
    for side in ledger.money:
        if side.history and side.current in new and len(side.history) > 1:
            step = side.current.value - side.history[-2].value
            lines.append(f"Noted: {_who(side)} {'up' if step > 0 else 'down'} {_sum(abs(step), symbol)}, "
                         f"from {said(side.history[-2])} to {said(side.current)}.")
    if not lines:
        told = "; ".join(f"{a.who + ' at ' if a.who else ''}{said(a)}" for a in new if a.role in ("offer", "demand"))
        if told:
            lines.append(f"Noted: {told}.")
    lines.append(standing(ledger, symbol) or unsure_line(ledger))
    return " ".join(line for line in lines if line)


_ASKS_GAP = re.compile(r"\b(?:gap|apart|difference|far\s+off|how\s+far|between\s+them|where\s+are\s+they|"
                       r"where\s+do\s+they\s+stand|mid-?point|middle|halfway|split\s+the\s+diff\w*|meet)\b", _I)
_LESS = re.compile(r"\b(?:less|minus|off|net\s+of|after)\b[^%]{0,20}%|%\s+of\b", _I)
_ASKS_MOVES = re.compile(r"\b(?:moved|move|movement|moves|come\s+down|gone\s+up|budged|shifted|concessions?)\b", _I)


def answer(amounts: Sequence[Amount], question: str, case_text: str = "") -> str:
    """The answer to a money question, from the case's figures; says plainly what it can't
    work out and what it would need."""
    from actions.reading.money import read_figures
    asked = [a for a in read_figures(question, known=amounts) if a.kind == "money" and a.value]
    if len(asked) == 2 and _ASKS_GAP.search(question) and not _LESS.search(question):
        # "what's the midpoint between 65k and 90k": the two figures asked about
        low, high = sorted(asked, key=lambda a: a.value)
        symbol = _symbol(asked)
        return (f"Between {low.text} and {high.text}: {_sum(high.value - low.value, symbol)} apart, "
                f"the midpoint is {_sum((high.value + low.value) / 2, symbol)}.")
    if asked and not _LESS.search(question):
        amounts = list(amounts) + asked  # "a third of the house if it's valued at 420k"
    ledger = Ledger.of(amounts)
    symbol = _symbol(amounts)
    sums = worked(amounts, question, case_text)
    lines: List[str] = []
    if "percent" in sums:
        lines.append(f"That comes to {_sum(sums['percent'], symbol)}.")
    if "buyout" in sums:
        share = share_asked(question) or share_asked(case_text)
        words = _SHARE_WORDS.get(next((k for k in _SHARE_WORDS if share and abs(k - share) < 1e-6), None), "the share")
        debts = [a for a in amounts if a.role == "debt" and a.kind == "money" and a.value]
        less = f" less the {' and '.join(a.text for a in debts)} owed" if debts else ""
        value = sums["buyout"]
        values = [a for a in amounts if a.role == "value" and a.kind == "money" and a.value]
        if isinstance(value, dict):
            lines.append(f"{words[0].upper() + words[1:]} of each valuation{less}: " +
                         "; ".join(f"{_sum(v, symbol)} {k}" for k, v in value.items()) + ".")
        else:
            lines.append(f"{words[0].upper() + words[1:]} of {values[-1].text}{less}: {_sum(value, symbol)}.")
    if "split_money" in sums:
        split = [a for a in amounts if a.kind == "split"][-1]
        parts = sums["split_money"]
        lines.append(f"{split.text} of {_sum(ledger.pot(), symbol)} is {_sum(parts['first'], symbol)} "
                     f"and {_sum(parts['second'], symbol)}.")
    if "net_of_costs" in sums:
        offer, cost = ledger.net_parts()
        lines.append(f"{_who(offer)[0].upper() + _who(offer)[1:]}'s {said(offer.current)} less {said(cost)} "
                     f"costs leaves {_sum(sums['net_of_costs'], symbol)}.")
    wants_position = _ASKS_GAP.search(question) or _ASKS_MOVES.search(question) or not lines
    if wants_position:
        stand = standing(ledger, symbol)
        if stand:
            lines.append(stand)
        moved = moves_line(ledger, symbol)
        if moved and (_ASKS_MOVES.search(question) or not stand):
            lines.append(moved)
        if not stand:
            doubt = unsure_line(ledger)
            if doubt:
                lines.append(doubt)
            elif _ASKS_GAP.search(question) or not lines:
                lines.append(_missing(amounts))
    return " ".join(lines)


def _missing(amounts: Sequence[Amount]) -> str:
    """What it would need to work out a gap, said plainly with the figures it has."""
    have = [a for a in amounts if a.value is not None]
    if not have:
        return "I don't have any figures for this case yet. Who is at what figure?"
    listed = ", ".join(f"{a.text} ({_role_word(a)})" for a in have[-5:])
    return (f"I can't work out a gap from what I have: {listed}. A gap needs each side's current "
            "offer or demand. Who is at what?")


def _role_word(amount: Amount) -> str:
    role = {"other": "role unclear", "split": "a split", "gap": "said as a gap"}.get(amount.role, amount.role)
    return f"{amount.who}'s {role}" if amount.who and amount.role not in ("other", "gap") else role
