"""The nulägeskoll: the figures a manager has chosen for "full koll" on the unit.

`figures(node)` gathers every chosen nyckeltal with its series (the unit or the kommun, riket,
the comparison kommuner) in a fixed number of queries, whatever the number of indicators,
years or comparisons. The result is plain JSON (numbers as strings), so a snapshot is simply
a copy of it, and `with_charts` draws both the live page and a frozen snapshot the same way.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q

from tillit.org.models import OrgNode
from tillit.reports.charts import line_chart
from tillit.templatetags.tillit import num

from ..models.nulageskoll import NulageskollItem, NulageskollSnapshot
from ..models.nyckeltal import (
    RIKET,
    Gender,
    KoladaDrift,
    KoladaMunicipality,
    KoladaOuLink,
    NyckeltalSource,
    NyckeltalValue,
)
from .sync import comparison_ids, kommun_municipality_id

MAX_YEARS = 10
CHART_SERIES = 4  # tillit.reports.charts has four line styles


def _text(value):
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _dec(text):
    return None if text is None else Decimal(text)


def items_of(node):
    return list(
        NulageskollItem.objects.filter(node=node)
        .select_related("nyckeltal")
        .order_by("position", "id")
    )


def add_item(*, node, nyckeltal, user, target=None, comment=""):
    """Add a nyckeltal to the unit's nulägeskoll (or update its target/comment if present)."""
    last = NulageskollItem.objects.filter(node=node).aggregate(m=Max("position"))["m"] or 0
    item, created = NulageskollItem.objects.get_or_create(
        node=node,
        nyckeltal=nyckeltal,
        defaults={"target": target, "comment": comment, "added_by": user, "position": last + 1},
    )
    if not created:
        item.target, item.comment = target, comment
        item.save(update_fields=["target", "comment"])
    return item


def figures(node, items=None):
    """The nulägeskoll of `node` as JSON-ready dicts, one per chosen nyckeltal."""
    items = items_of(node) if items is None else items
    if not items:
        return []
    kommun = kommun_municipality_id()
    municipalities = [m for m in [kommun, RIKET, *comparison_ids()] if m]
    names = dict(
        KoladaMunicipality.objects.filter(id__in=municipalities).values_list("id", "title")
    )
    names.setdefault(RIKET, "Riket")
    if kommun and kommun not in names:
        root = OrgNode.objects.kommun()
        names[kommun] = root.namn if root else kommun
    kolada_ids = [i.nyckeltal_id for i in items if i.nyckeltal.source == NyckeltalSource.KOLADA]
    local_ids = [i.nyckeltal_id for i in items if i.nyckeltal.source != NyckeltalSource.KOLADA]
    series = {}  # (nyckeltal id, owner) → {year: value}
    ou = KoladaOuLink.objects.filter(node=node).values_list("ou", flat=True).first()
    which = Q(
        nyckeltal_id__in=kolada_ids, node__isnull=True, ou="", municipality__in=municipalities
    ) | Q(nyckeltal_id__in=local_ids, node=node, ou="")
    if ou:
        which |= Q(nyckeltal_id__in=kolada_ids, ou=ou)
    rows = NyckeltalValue.objects.filter(which, gender=Gender.TOTAL)
    for nid, municipality, node_id, period, value in rows.values_list(
        "nyckeltal_id", "municipality", "node_id", "period", "value"
    ):
        owner = "unit" if node_id else municipality
        series.setdefault((nid, owner), {})[period] = value

    result = []
    for item in items:
        n = item.nyckeltal
        if n.source != NyckeltalSource.KOLADA:
            owners = [("unit", node.namn)]
        else:
            owners = [(m, names.get(m, m)) for m in municipalities]
            if (n.pk, "unit") in series:  # Kolada has figures for this very unit
                owners.insert(0, ("unit", node.namn))
        data = [(name, series.get((n.pk, owner), {})) for owner, name in owners]
        years = sorted({y for _, values in data for y in values})
        if years:
            years = list(range(max(years[0], years[-1] - MAX_YEARS + 1), years[-1] + 1))
        own = data[0][1]
        latest = max((y for y, v in own.items() if v is not None), default=None)
        result.append(
            {
                "item": item.pk,
                "code": n.code,
                "title": n.title,
                "unit": n.unit,
                "description": n.description,
                "source": n.source,
                "source_label": n.source_label,
                "direction": n.get_direction_display(),
                "deleted_in_kolada": n.is_deleted_in_kolada,
                "target": _text(item.target),
                "comment": item.comment,
                "labels": years,
                "series": [
                    [name, [_text(values.get(y)) for y in years]]
                    for name, values in data
                    if any(values.get(y) is not None for y in years) or name == data[0][0]
                ],
                "latest": (
                    {"period": latest, "value": _text(own[latest]), "name": data[0][0]}
                    if latest
                    else None
                ),
            }
        )
    return result


def _places(values):
    return 1 if any(v is not None and v != v.to_integral_value() for v in values) else 0


def with_charts(items):
    """Add `chart` (inline SVG) and Decimal `target`/`latest_value` to figure dicts."""
    drawn = []
    for f in items:
        series = [(name, [_dec(v) for v in values]) for name, values in f["series"]]
        target = _dec(f.get("target"))
        all_values = [v for _, vs in series for v in vs] + [target]
        places = _places(all_values)
        latest = f.get("latest")
        drawn.append(
            {
                **f,
                "target_value": target,
                "latest_value": _dec(latest["value"]) if latest else None,
                "latest_period": latest["period"] if latest else None,
                "latest_name": latest.get("name", "") if latest else "",
                "places": places,
                # Pre-formatted (Swedish, half-up) so the page renders fast at any size.
                "rows": [
                    (str(year), [(name, num(values[i], places)) for name, values in series])
                    for i, year in enumerate(f["labels"])
                ],
                # The chart has four distinguishable line styles; the table has every series.
                "chart": line_chart(
                    f["labels"],
                    series[:CHART_SERIES],
                    target=target,
                    label=f"{f['title']}, {f['source_label']}",
                    places=places,
                    width=320,
                    height=190,
                ),
                "hidden_series": [name for name, _ in series[CHART_SERIES:]],
            }
        )
    return drawn


def drift_notices(node, items=None):
    """Kolada changes to nyckeltal in this nulägeskoll, newest first (shown on the page)."""
    items = items_of(node) if items is None else items
    return list(
        KoladaDrift.objects.filter(nyckeltal_id__in=[i.nyckeltal_id for i in items])
        .select_related("nyckeltal")
        .order_by("-detected_at")[:10]
    )


@transaction.atomic
def nulageskoll_snapshot_create(*, node, user, title):
    """Freeze the unit's nulägeskoll as it is now (figures copied) for a verksamhetsdialog."""
    return NulageskollSnapshot.objects.create(
        node=node,
        title=title,
        created_by=user,
        data={"node": {"kod": node.kod, "namn": node.namn}, "items": figures(node)},
    )
