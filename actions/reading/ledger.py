"""The arithmetic mediators use, over a case's figures read by actions/reading/money.py.

Positions are offers and demands (in money, or as splits of a pot) that belong to a named side;
each side's latest one stands, and its moves are kept. A gap is only ever worked out between
the standing positions of two different sides: never between figures of other roles (a house
value and a sibling's savings), and never between figures the mediator was unsure of. Pure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from actions.reading.money import GROUPS, SHARED, read_figures, side_key
from actions.situation import Amount

_I = re.IGNORECASE
POSITIONS = ("offer", "demand")
PRONOUNS = frozenset({"he", "she", "they", "we"})


@dataclass
class Side:
    key: str
    said: str  # as the mediator named it: "the insurer"
    role: str  # offer or demand
    history: List[Amount] = field(default_factory=list)

    @property
    def current(self) -> Amount:
        return self.history[-1]

    @property
    def first(self) -> Amount:
        return self.history[0]


@dataclass
class Ledger:
    """Standing positions per side, in money and as splits, and the other figures by role."""
    money: List[Side]
    splits: List[Side]
    figures: List[Amount]

    @classmethod
    def of(cls, amounts: Sequence[Amount]) -> "Ledger":
        money: Dict[str, Side] = {}
        splits: Dict[str, Side] = {}
        waiting: Dict[str, List[Amount]] = {}  # "offered 22k" by no one named yet
        named = {side_key(a.who): a.role for a in amounts if a.kind == "money" and a.role in POSITIONS
                 and side_key(a.who) and side_key(a.who) not in PRONOUNS | SHARED and not a.unsure}
        for amount in amounts:
            key = side_key(amount.who)
            if amount.unsure or amount.value is None or (key in SHARED):
                continue
            if amount.kind == "money" and amount.role in POSITIONS:
                book = money
            elif amount.kind in ("split", "percent") and amount.role == "split":
                book = splits  # "60/40", and "she wants 60%", "they offer a 15% refund"
            else:
                continue
            if key in PRONOUNS and book is money:
                # "she's down to 75k": the one named side holding that kind of position
                same = [k for k, role in named.items() if role == amount.role]
                key = same[0] if len(same) == 1 else key
                if key == "they" and len(same) > 1:  # the group named last with that role
                    key = next((k for k in reversed(same) if k in GROUPS), key)
            if not key:
                if book is money:
                    waiting.setdefault(amount.role, []).append(amount)
                continue
            if key not in book:
                side = book[key] = Side(key, amount.who, amount.role)
                if book is money:
                    side.history.extend(waiting.pop(amount.role, []))
            side = book[key]
            if amount.kind == "money":
                side.role = amount.role
            side.history.append(amount)
        for role, loose in waiting.items():
            # "offered 22k" by no one named, facing a side with the other kind of position
            if loose and not any(s.role == role for s in money.values()) and \
                    any(s.role != role for s in money.values()):
                money[""] = Side("", "", role, loose)
                break
        return cls(list(money.values()), list(splits.values()), list(amounts))

    # --- positions -------------------------------------------------------------------

    def pair(self) -> Optional[Tuple[Side, Side]]:
        """The two opposing sides whose standing figures make the gap: the latest offer against
        the latest demand, or the only two sides there are. None otherwise."""
        sides = self.money
        offers = [s for s in sides if s.role == "offer"]
        demands = [s for s in sides if s.role == "demand"]
        if offers and demands:
            offer = max(offers, key=lambda s: self.figures.index(s.current))
            demand = max(demands, key=lambda s: self.figures.index(s.current))
            if offer.current.value > demand.current.value:
                return None  # an offer above the demand: something was misread, say nothing
            return demand, offer
        if len(sides) == 2:
            high, low = sorted(sides, key=lambda s: -(s.current.value or 0))
            return high, low
        return None

    def pot(self) -> Optional[float]:
        """What a split divides: the value named (less the debts against it), if one is. With
        two sides' shares on the table and no one value, the largest sum that is no one's
        position, cost or income ("repair bill 9,600", "net proceeds 310k", "H's CETV 340k
        against W's 45k"): that is what the shares are of."""
        values = [a.value for a in self.figures if a.role == "value" and a.kind == "money" and a.value]
        if not values:
            shared = [a.value for a in self.figures if a.kind == "money" and a.role == "other"
                      and side_key(a.who) in SHARED | {None} and a.value]
            values = shared[-1:] if len(shared) == 1 else []
        if len(set(values)) != 1 and len(self.splits) == 2 and not self.money:
            sums = [a.value for a in self.figures if a.kind == "money" and a.value and not a.unsure and
                    a.role in ("value", "saving", "loss", "other")]
            values = [max(sums)] if sums else []
        if len(set(values)) != 1:
            return None
        debts = sum(a.value for a in self.figures if a.role == "debt" and a.kind == "money" and a.value
                    and not a.who)
        return values[0] - debts if values[0] > debts else values[0]

    def split_pair(self) -> Optional[Tuple[Side, Side]]:
        if len(self.splits) == 2 and self.pot():
            first, second = self.splits
            return first, second
        return None

    def gap(self) -> Optional[float]:
        pair = self.pair()
        if pair:
            return abs(pair[0].current.value - pair[1].current.value)
        splits = self.split_pair()
        if splits:
            return abs(splits[0].current.value - splits[1].current.value) / 100 * self.pot()
        said = [a.value for a in self.figures if a.role == "gap" and a.value and not a.unsure]
        return said[-1] if said else None

    def midpoint(self) -> Optional[float]:
        pair = self.pair()
        if pair:
            return (pair[0].current.value + pair[1].current.value) / 2
        splits = self.split_pair()
        if splits:
            return (splits[0].current.value + splits[1].current.value) / 200 * self.pot()
        return None

    def moves(self) -> Dict[str, float]:
        """How far each side with a position has moved since its first figure (money)."""
        if self.pair():
            return {s.said: abs(s.current.value - s.first.value) for s in self.money}
        if self.split_pair():
            pot = self.pot()
            return {s.said: abs(s.current.value - s.first.value) / 100 * pot for s in self.splits}
        return {}

    def unsure(self) -> List[Amount]:
        """Figures that look like positions but can't be paired: who put them forward is unsaid
        or the mediator was unsure."""
        if self.pair() or self.split_pair():
            return []
        loose = [a for a in self.figures if a.kind == "money" and a.value and
                 (a.unsure and a.role in POSITIONS + ("other",) or
                  a.role in POSITIONS and not side_key(a.who))]
        return loose if len(loose) >= 2 else []

    # --- sums asked for ----------------------------------------------------------------

    def split_money(self) -> Optional[Tuple[float, float]]:
        """The latest split in money: ("60/40" of a 340k pot) -> (204k, 136k)."""
        pot = self.pot()
        latest = [a for a in self.figures if a.kind == "split" and a.value is not None]
        if not pot or not latest:
            return None
        share = latest[-1].value / 100
        return pot * share, pot * (1 - share)

    def net_of_costs(self) -> Optional[float]:
        """The standing offer less the receiving side's own costs."""
        found = self.net_parts()
        return found[0].current.value - found[1].value if found else None

    def net_parts(self) -> Optional[Tuple[Side, Amount]]:
        """The standing offer and the receiving side's own costs it is set against."""
        pair = self.pair()
        offers = [s for s in self.money if s.role == "offer"]
        if not offers:
            return None
        offer = offers[-1]
        receiver = pair[0].key if pair and pair[0] is not offer else None
        costs = [a for a in self.figures if a.role == "cost" and a.kind == "money" and a.value]
        mine = [a for a in costs if receiver and side_key(a.who) == receiver] or \
            [a for a in costs if side_key(a.who) != offer.key and side_key(a.who) not in SHARED]
        if not mine:
            return None
        return offer, mine[-1]

    def buyout(self, share: float) -> Optional[object]:
        """`share` of the value (less the debts against it); on each of two valuations, and
        halfway, when two sides value it differently."""
        values = [a for a in self.figures if a.role == "value" and a.kind == "money" and a.value]
        debts = sum(a.value for a in self.figures if a.role == "debt" and a.kind == "money" and a.value)
        if not values:
            return None
        distinct = {a.value: a for a in values}
        if len(distinct) == 2 and all(a.who for a in distinct.values()):
            (low, a), (high, b) = sorted(distinct.items())
            return {f"on {_possessive(b.who)} valuation": (high - debts) * share,
                    f"on {_possessive(a.who)} valuation": (low - debts) * share,
                    "halfway": ((high + low) / 2 - debts) * share}
        return (values[-1].value - debts) * share


def _possessive(who: str) -> str:
    """ "his accountant" -> "his accountant's", "her" -> "her", "R" -> "R's"."""
    if who.lower() in ("his", "her", "their", "my", "our", "hers", "theirs"):
        return who.lower().rstrip("s") if who.lower() in ("hers", "theirs") else who.lower()
    return f"{who}'s"


_FRACTIONS = (
    (r"two\s+thirds|2/3", 2 / 3), (r"three\s+quarters|3/4", 3 / 4), (r"\bthird|1/3", 1 / 3),
    (r"\bquarter|1/4", 1 / 4), (r"\bfifth", 1 / 5), (r"\bhalf|halves|50/50|equal(?:ly)?\s+(?:two|2)", 1 / 2),
)
_EQUAL_SHARES = re.compile(r"\b(?P<n>two|three|four|five|2|3|4|5)\s+(?:siblings|partners|children|kids|brothers|"
                           r"sisters|heirs|beneficiaries|owners|shareholders|directors)\b[^.]{0,40}?\b(?:equal|equally)", _I)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def share_asked(text: str) -> Optional[float]:
    """The share a buy-out is of: "a third", "her half", "3 siblings equally"."""
    said = text or ""
    equal = _EQUAL_SHARES.search(said)
    for pattern, share in _FRACTIONS:
        if re.search(pattern, said, _I):
            return share
    if equal:
        return 1 / _COUNT[equal.group("n").lower()]
    return None


_BUYOUT = re.compile(r"\bbuy\w*\s+(?:\w+\s+){0,2}out\b|\bbuy-?out\b|\bpay\s+(?:him|her|them)\b|\bher\s+half\b|"
                     r"\bhis\s+half\b|\bhis\s+third\b|\bher\s+third\b|\bhis\s+share\b|\bher\s+share\b|"
                     r"\b(?:a|his|her|their)\s+(?:third|quarter|half)\b", _I)
_NET = re.compile(r"\bwalk\s+away\s+with\b|\b(?:be\s+)?left\s+with\b|\bnett?(?:s|ing)?\s+(?:at|from|out\s+of|if|after|on)\b|"
                  r"\b(?:would|will|does|do|did|'d)\s+(?:she|he|they|we|it|the\s+\w+|my\s+client)\s+nett?\b|\btake[\s-]home\b|\bnet\s+of\b|\bafter\s+(?:her|his|their|our|my\s+client'?s|costs)\b|"
                  r"\bin\s+(?:her|his|their)\s+pocket\b|\bworth\s+to\s+(?:her|him|them|my\s+client)\b|\bactually\s+get\b", _I)
_LESS_PERCENT = re.compile(r"(?P<fig>[$£€]?\d[\d,.]*\s?(?:k|m|grand|thousand|million)?)\s+(?:less|minus|after|net\s+of)\s+"
                           r"(?P<pct>\d{1,2}(?:\.\d+)?)\s?%", _I)
_PERCENT_OF = re.compile(r"(?P<pct>\d{1,2}(?:\.\d+)?)\s?%\s+of\s+(?P<fig>[$£€]?\d[\d,.]*\s?(?:k|m|grand|thousand|million)?)", _I)


def worked(amounts: Sequence[Amount], question: str = "", case_text: str = "") -> Dict[str, object]:
    """The sums the figures allow, in the corpus' terms: gap, midpoint, moves (when anyone
    moved), split_money, net_of_costs and buyout (when asked or the case is a buy-out), and
    'percent' for "120k less 30%". Keys with nothing sound to say are left out."""
    ledger = Ledger.of(amounts)
    out: Dict[str, object] = {}
    gap, mid = ledger.gap(), ledger.midpoint()
    if gap is not None:
        out["gap"] = gap
    if mid is not None:
        out["midpoint"] = mid
    moves = ledger.moves()
    if any(moves.values()):
        out["moves"] = moves
    asked = f"{question} {case_text}"
    splits = ledger.split_money()
    if splits and (ledger.split_pair() or re.search(r"\b(?:in\s+money|each\s+get|what\s+does\s+(?:each|that|it)|split|/|%)",
                                                     question, _I)):
        out["split_money"] = {"first": splits[0], "second": splits[1]}
    if _NET.search(question):
        net = ledger.net_of_costs()
        if net is not None:
            out["net_of_costs"] = net
    if _BUYOUT.search(asked):
        share = share_asked(question) or share_asked(case_text)
        if share:
            buyout = ledger.buyout(share)
            if buyout is not None:
                out["buyout"] = buyout
    for pattern, sign in ((_LESS_PERCENT, -1), (_PERCENT_OF, 0)):
        match = pattern.search(question)
        if match:
            figure = read_figures(match.group("fig"))
            if figure and figure[0].value:
                pct = float(match.group("pct")) / 100
                out["percent"] = figure[0].value * (1 - pct) if sign else figure[0].value * pct
    return out
