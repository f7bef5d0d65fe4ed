"""HME: the index exactly as SKR computes it, and the anonymity rules of Tillit (HME.md).

Pure functions only (scoring, indices, rounding, suppression and subtraction protection); the
round's computation over the database is in `results.py`. All arithmetic is exact
(`Fraction`); floats and `round()` are never used.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings

STATEMENTS = [
    (1, "motivation", "Mitt arbete känns meningsfullt."),
    (2, "motivation", "Jag lär nytt och utvecklas i mitt dagliga arbete."),
    (3, "motivation", "Jag ser fram emot att gå till arbetet."),
    (4, "ledarskap", "Min närmaste chef visar uppskattning för mina arbetsinsatser."),
    (5, "ledarskap", "Min närmaste chef visar förtroende för mig som medarbetare."),
    (6, "ledarskap", "Min närmaste chef ger mig förutsättningar att ta ansvar i mitt arbete."),
    (7, "styrning", "Jag är insatt i min arbetsplats mål."),
    (8, "styrning", "Min arbetsplats mål följs upp och utvärderas på ett bra sätt."),
    (9, "styrning", "Jag vet vad som förväntas av mig i mitt arbete."),
]
SUBINDICES = {"motivation": (0, 1, 2), "ledarskap": (3, 4, 5), "styrning": (6, 7, 8)}
SUBINDEX_LABELS = {"motivation": "Motivation", "ledarskap": "Ledarskap", "styrning": "Styrning"}
# SKR labels the ends of the scale only.
SCALE = {1: "Stämmer mycket dåligt", 2: "", 3: "", 4: "", 5: "Stämmer mycket bra"}
MISSING_MARKERS = {"", "-", "vet ej", "ej aktuellt"}
STORED_PLACES = 10
# Politicians see published results of the kommun and the nämnder only, never of units.
PUBLISHED_DEPTH = 2


def min_group():
    return settings.HME_MIN_GROUP


# --- answers and scores -------------------------------------------------------------------


def parse_answer(text):
    """An answer as written in an import file: 1–5, or None for a missing marker.

    Raises ValueError for anything else."""
    cleaned = (text or "").strip()
    if cleaned.lower() in MISSING_MARKERS:
        return None
    if cleaned in ("1", "2", "3", "4", "5"):
        return int(cleaned)
    raise ValueError(cleaned)


def score(answer):
    """1→0, 2→25, 3→50, 4→75, 5→100; a missing answer has no score."""
    if answer is None:
        return None
    if answer not in (1, 2, 3, 4, 5):
        raise ValueError(answer)
    return (answer - 1) * 25


# --- indices ------------------------------------------------------------------------------


@dataclass
class Tally:
    """What a group's indices are computed from: per statement the sum of the answers (1–5)
    and the number of valid answers, and the number of respondents (≥ 1 valid answer)."""

    respondents: int = 0
    sums: list = field(default_factory=lambda: [0] * 9)
    counts: list = field(default_factory=lambda: [0] * 9)

    def add_answers(self, answers):
        valid = False
        for i, answer in enumerate(answers):
            if answer is not None:
                score(answer)  # validates
                self.sums[i] += answer
                self.counts[i] += 1
                valid = True
        if valid:
            self.respondents += 1

    def add(self, other):
        self.respondents += other.respondents
        sums, counts = self.sums, self.counts
        for i in range(9):
            sums[i] += other.sums[i]
            counts[i] += other.counts[i]


@dataclass(frozen=True)
class Indices:
    respondents: int
    statements: tuple  # nine Fraction | None
    motivation: Fraction | None
    ledarskap: Fraction | None
    styrning: Fraction | None
    hme: Fraction | None

    def sub(self, name):
        return getattr(self, name)


def _mean(values):
    if any(v is None for v in values):
        return None
    return sum(values, Fraction(0)) / len(values)


def indices_from_tally(tally):
    # Mean score = 25 × (mean answer − 1), exactly.
    statements = tuple(
        Fraction(25 * (s - n), n) if n else None
        for s, n in zip(tally.sums, tally.counts, strict=True)
    )
    subs = {name: _mean([statements[i] for i in idx]) for name, idx in SUBINDICES.items()}
    return Indices(
        respondents=tally.respondents,
        statements=statements,
        hme=_mean(list(statements)),
        **subs,
    )


def compute_indices(responses):
    """The indices of one group. `responses`: answer sequences of nine (int 1–5 or None), or
    objects with `.answers`."""
    tally = Tally()
    for response in responses:
        tally.add_answers(getattr(response, "answers", response))
    return indices_from_tally(tally)


def round_half_up(value):
    """A whole number, rounded half up (76.5 → 77); None stays None. Never Python's round()."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return math.floor(value + Fraction(1, 2))
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_stored(value):
    """A Fraction as the Decimal we store: truncated to 10 decimals.

    Truncation (not rounding) keeps `round_half_up` of the stored value equal to that of the exact
    value: x ≥ n + ½ exactly when its truncation is, since n + ½ is itself representable."""
    if value is None:
        return None
    scale = 10**STORED_PLACES
    return Decimal((value.numerator * scale) // value.denominator).scaleb(-STORED_PLACES)


def _truncated(num, den):
    return Decimal((num * 10**STORED_PLACES) // den).scaleb(-STORED_PLACES)


def stored_values(tally):
    """`to_stored` of every index of `indices_from_tally(tally)`, as {field: Decimal | None}.

    The same exact values with plain integer numerators and denominators: a round of 3,000
    nodes spends most of its Python time here, and Fraction reduces every step by a gcd."""
    parts = [
        (25 * (s - n), n) if n else None for s, n in zip(tally.sums, tally.counts, strict=True)
    ]
    values = {f"s{i}": _truncated(*p) if p else None for i, p in enumerate(parts, start=1)}
    subs = []
    for name, (i, j, k) in SUBINDICES.items():
        if parts[i] is None or parts[j] is None or parts[k] is None:
            values[name] = None
            subs.append(None)
            continue
        (a, x), (b, y), (c, z) = parts[i], parts[j], parts[k]
        sub = (a * y * z + b * x * z + c * x * y, 3 * x * y * z)
        values[name] = _truncated(*sub)
        subs.append(sub)
    if None in subs:
        values["hme"] = None
    else:
        (p, q), (r, t), (u, v) = subs
        values["hme"] = _truncated(p * t * v + r * q * v + u * q * t, 3 * q * t * v)
    return values


# --- anonymity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    kod: str
    respondents: int


def shown_nodes(groups, minimum=None, steplen=4):
    """Which nodes may show figures. `groups`: {path: Group} for the nodes with respondents.

    A node below `minimum` is suppressed. Then, deepest first and the root last, each shown
    node's remainder (its respondents not covered by a shown node below it) must be 0 or ≥
    `minimum`; otherwise the nearest shown node below it with the fewest respondents (lowest
    kod on a tie) is hidden, one at a time, until it is. A shown node is never hidden by its own
    check, so the root stays shown whenever it has `minimum` respondents."""
    minimum = min_group() if minimum is None else minimum
    children = defaultdict(list)
    for path in groups:
        parent = path[:-steplen]
        if parent in groups:
            children[parent].append(path)
    shown = {path for path, g in groups.items() if g.respondents >= minimum}

    def nearest_shown_below(path):
        found, stack = [], list(children[path])
        while stack:
            child = stack.pop()
            if child in shown:
                found.append(child)
            else:
                stack.extend(children[child])
        return found

    for path in sorted(shown, key=lambda p: (-len(p), p)):
        if path not in shown:
            continue
        while True:
            below = nearest_shown_below(path)
            remainder = groups[path].respondents - sum(groups[p].respondents for p in below)
            if remainder == 0 or remainder >= minimum:
                break
            victim = min(below, key=lambda p: (groups[p].respondents, groups[p].kod))
            shown.discard(victim)
    return shown


def shown_genders(total, women, men, minimum=None):
    """Which of K and M the kommun may show, given its respondents in all (T) and per gender.

    Each needs `minimum` respondents; and if the respondents that no shown K or M covers
    (unknown gender plus the suppressed) number 1 … minimum − 1, the smaller shown one is
    suppressed too (K on a tie, as the lower code)."""
    minimum = min_group() if minimum is None else minimum
    counts = {"K": women, "M": men}
    shown = {g for g, n in counts.items() if n >= minimum}
    rest = total - sum(counts[g] for g in shown)
    if shown and 0 < rest < minimum:
        shown.discard(min(shown, key=lambda g: (counts[g], g)))
    return shown
