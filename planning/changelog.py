"""Planning's entries in the Ändringslogg (tillit/reports/changelog.py).

Nulägeskartor handed over to a nämnd (each hand-over, and every change to a karta, its themes or
conclusions after its first hand-over, from the simple-history tables, with old → new values),
and published follow-ups (each published version with its old → new values against the version
before, and edits made since the last publication that politicians do not see yet; a re-save
that changes nothing is not a change). Each source is read with bounded queries, newest first.
"""

from django.db.models import Min

from tillit.reports.changelog import CHANGE, Change, register_changes

from .models import Conclusion, KartaTheme, Nulageskarta, NulageskartaVersion, Uppfoljning
from .services.followup import UPPDRAG, followup_changes


@register_changes
def handed_over_kartor(limit):
    rows = []
    versions = NulageskartaVersion.objects.select_related(
        "karta__node", "karta__planperiod", "handed_over_by"
    ).order_by("-handed_over_at")[:limit]
    for v in versions:
        rows.append(
            Change(
                v.handed_over_at,
                v.handed_over_by,
                _karta_name(v.karta),
                f"Överlämnad till nämnden (version {v.number})",
                v.get_absolute_url(),
            )
        )
    first = dict(
        NulageskartaVersion.objects.values("karta")
        .annotate(first=Min("handed_over_at"))
        .values_list("karta", "first")
    )
    kartor = {
        k.pk: k
        for k in Nulageskarta.objects.filter(pk__in=first).select_related("node", "planperiod")
    }
    theme_karta = dict(
        KartaTheme.history.filter(karta_id__in=first).values_list("id", "karta_id").distinct()
    )
    # (history, karta of a record, what it is, the fields a person reads)
    sources = [
        (Nulageskarta.history.filter(id__in=first), lambda h: h.id, "nulägeskarta", KARTA_FIELDS),
        (KartaTheme.history.filter(karta_id__in=first), lambda h: h.karta_id, "tema", THEME_FIELDS),
        (
            Conclusion.history.filter(theme_id__in=list(theme_karta)),
            lambda h: theme_karta.get(h.theme_id),
            "slutsats",
            CONCLUSION_FIELDS,
        ),
    ]
    for qs, karta_of, what, fields in sources:
        records = list(qs.select_related("history_user").order_by("-history_date")[:limit])
        previous = _previous_records(qs, records)
        for h in records:
            karta_id = karta_of(h)
            if karta_id not in first or h.history_date <= first[karta_id]:
                continue
            change = _record_change(h, previous.get(h.history_id), what, fields)
            if change is None:
                continue  # a re-save that changed nothing a person reads
            karta = kartor[karta_id]
            rows.append(
                Change(
                    h.history_date,
                    h.history_user,
                    _karta_name(karta),
                    change,
                    karta.get_absolute_url(),
                )
            )
    return rows


KARTA_FIELDS = {"summary": "sammanfattning", "status": "status"}
THEME_FIELDS = {"title": "rubrik", "summary": "sammanfattning"}
CONCLUSION_FIELDS = {"text": "text", "theme_id": "tema"}


def _previous_records(qs, records):
    """{history_id: the record before it of the same object} (one query)."""
    ids = {h.id for h in records}
    by_object = {}
    for h in qs.filter(id__in=ids).order_by("id", "history_date", "history_id"):
        by_object.setdefault(h.id, []).append(h)
    previous = {}
    for chain in by_object.values():
        for before, after in zip(chain, chain[1:], strict=False):
            previous[after.history_id] = before
    return previous


def _display(record, field):
    if field == "status":
        return record.get_status_display()
    if field == "theme_id":
        return str(getattr(record, "theme", "") or "")
    return _short(getattr(record, field, ""))


def _record_change(h, before, what, fields):
    """ "Ändrad slutsats: <new> (tidigare: <old>)", or None when nothing read changed."""
    verb = CHANGE.get(h.history_type, h.history_type)
    label = _short(getattr(h, "title", "") or getattr(h, "text", ""), 60)
    if h.history_type != "~" or before is None:
        return f"{verb} {what}" + (f": {label}" if label else "")
    changed = [f for f in fields if getattr(h, f, None) != getattr(before, f, None)]
    if changed == ["status"] and h.status == "overlamnad":
        return None  # the hand-over has its own row ("Överlämnad till nämnden (version n)")
    if not changed:
        return None
    if what in ("tema", "slutsats") and changed[:1] in (["title"], ["text"]):
        old = _short(getattr(before, changed[0]), 60)
        parts = [f"{verb} {what}: {label} (tidigare: {old or '(tom)'})"]
        changed = changed[1:]
    else:
        parts = [f"{verb} {what}" + (f": {label}" if label else "")]
    parts += [
        f"{fields[f]}: {_display(before, f) or '(tom)'} → {_display(h, f) or '(tom)'}"
        for f in changed
    ]
    return "; ".join(parts)


@register_changes
def published_followups(limit):
    """Each published version of a follow-up: when it was published, and what differs from
    the version before (old → new); then what changed since and is not yet published."""
    rows = []
    followups = Uppfoljning.objects.filter(published_version__gt=0).order_by("-published_at")
    for fu in followups[:20]:
        url = fu.get_absolute_url()
        if fu.published_at:
            state = "" if fu.published else " (avpublicerad sedan)"
            rows.append(
                Change(
                    fu.published_at,
                    None,
                    str(fu),
                    f"Publicerad version {fu.published_version}{state}",
                    url,
                )
            )
        versions = [(v, "") for v in range(fu.published_version, 0, -1)]
        versions.insert(0, (None, "Ändrad efter publicering, inte publicerad än: "))
        for version, prefix in versions:
            for kind, old, new in followup_changes(fu, version=version, limit=limit):
                if kind == UPPDRAG:
                    material, what = str(fu), f"återrapportering av uppdraget {new.uppdrag}"
                else:
                    material, what = f"{fu} – {new.node.namn}", f"{new.goal}"
                rows.append(
                    Change(
                        new.updated_at,
                        new.updated_by,
                        material,
                        prefix + _rating_change(old, new, what),
                        url,
                    )
                )
    return rows


def _rating_change(old, new, what):
    """ "Status delvis uppfyllt → ej uppfyllt för X; analys: "…" → "…"" (only what differs)."""
    status = new.get_status_display().lower()
    if old is None:
        return f"Status {status} för {what}" + (
            f"; analys: {_short(new.analysis)}" if new.analysis else ""
        )
    parts = []
    if old.status != new.status:
        parts.append(f"Status {old.get_status_display().lower()} → {status} för {what}")
    else:
        parts.append(f"Status {status} för {what}")
    if old.analysis != new.analysis:
        parts.append(
            f"analys: {_short(old.analysis) or '(tom)'} → {_short(new.analysis) or '(tom)'}"
        )
    return "; ".join(parts)


def _short(text, length=80):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _karta_name(karta):
    return f"Nulägeskarta {karta.node.namn} {karta.planperiod.budget_year}"
