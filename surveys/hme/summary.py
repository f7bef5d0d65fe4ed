"""The HME section of the nämnd summary and the HME report, as plain data: whole numbers, and
"För få svar" where a group is too small to be shown."""

from surveys.models import HmeRound

from .results import node_report
from .rules import min_group


def hme(node, year=None):
    """The HME result of the node, the kommun and riket in the latest computed round (or
    `year`), whole numbers; suppressed results carry no values (5 queries)."""
    rounds = HmeRound.objects.filter(status=HmeRound.Status.COMPUTED)
    if year:
        rounds = rounds.filter(year=int(year))
    rnd = rounds.order_by("-year").first()
    if rnd is None:
        return None
    report = node_report(rnd, node, max_depth=node.depth + 2)
    return {
        "table": hme_table(report.result, report.kommun, report.riket),
        "year": rnd.year,
        "computed_at": rnd.computed_at,
        "result": report.result,
        "statements": report.statements,
        "kommun": report.kommun,
        "riket": report.riket,
        "rows": report.rows,
    }


HME_INDICES = [
    ("motivation", "Motivation"),
    ("ledarskap", "Ledarskap"),
    ("styrning", "Styrning"),
    ("hme", "HME totalt"),
]
TOO_FEW = "För få svar"


def _cell(result, key):
    if result is None:
        return None
    if result.get("suppressed"):
        return TOO_FEW
    return result.get(key)


def hme_table(own, kommun, riket):
    """Rows (label, own, kommun, riket): whole numbers, None when missing, "För få svar" when
    the group is too small to be shown."""
    return [
        (label, _cell(own, key) if own else TOO_FEW, _cell(kommun, key), _cell(riket, key))
        for key, label in HME_INDICES
    ]


def hme_min_group():
    return min_group()
