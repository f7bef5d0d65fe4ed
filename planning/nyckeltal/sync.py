"""Fetch the Kolada figures the kommun uses, idempotently, and notice Kolada drift.

`sync(first_year, last_year, kpis=None, compare=None, client=None)` is called by the Celery
task, the `kolada_sync` command and tests alike. It:

1. decides which KPIs to fetch (those cited by a nulägeskoll or flagged `in_use`),
2. reads their metadata; a changed title or a KPI Kolada no longer returns is recorded as a
   `KoladaDrift` and the people whose nulägeskoll uses it are told (page notice + e-mail),
3. upserts the values for the kommun, riket (0000) and the comparison kommuner — running it
   twice changes nothing; a value Kolada marks `isdeleted` is removed here too,
4. asks only for what changed since the last successful sync of the same scope (Kolada's
   `from_date`, see `KoladaSyncMark`); `full=True` fetches everything again.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tillit.org.models import OrgNode, RoleAssignment
from tillit.org.permissions import EDIT, ROLE_ACTIONS

from ..models.nulageskoll import NulageskollItem
from ..models.nyckeltal import (
    RIKET,
    DriftKind,
    KoladaComparison,
    KoladaDrift,
    KoladaMunicipality,
    KoladaOuLink,
    KoladaSyncMark,
    Nyckeltal,
    NyckeltalSource,
    NyckeltalValue,
)
from .kolada import KoladaClient


@dataclass
class SyncResult:
    kpis: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    requests: int = 0
    drifts: list = field(default_factory=list)
    since: date | None = None  # asked only for changes since this day

    def summary(self):
        text = (
            f"{self.kpis} nyckeltal: {self.created} nya, {self.updated} ändrade, "
            f"{self.unchanged} oförändrade och {self.deleted} borttagna värden "
            f"({self.requests} frågor till Kolada)."
        )
        if self.since:
            text += f" Bara ändringar sedan {self.since:%Y-%m-%d} hämtades."
        if self.drifts:
            text += f" {len(self.drifts)} förändringar i Kolada har meddelats användarna."
        return text


def kommun_municipality_id():
    """The kommun's id in Kolada: settings.KOLADA_MUNICIPALITY, else the root node's kod."""
    configured = getattr(settings, "KOLADA_MUNICIPALITY", "")
    if configured:
        return configured
    root = OrgNode.objects.kommun()
    return root.kod if root else ""


def comparison_ids():
    return list(KoladaComparison.objects.values_list("municipality", flat=True))


def municipalities_for_charts():
    """(kommun id, riket, comparisons) in the order charts draw them."""
    return [kommun_municipality_id(), RIKET, *comparison_ids()]


def kpis_in_use():
    return list(
        Nyckeltal.objects.filter(source=NyckeltalSource.KOLADA)
        .filter(
            Q(in_use=True)
            | Q(nulageskoll_items__isnull=False)
            | Q(targets__isnull=False)  # målvärden on goals
            | Q(analysis_sections__isnull=False)  # cited in a nulägesanalys
        )
        .values_list("code", flat=True)
        .distinct()
        .order_by("code")
    )


def scope_key(*, kpis, ou_kpis, municipalities, ous, first_year, last_year):
    """What a sync asks Kolada for, as one key: a `from_date` holds only for the same scope."""
    scope = {
        "kpis": sorted(kpis),
        "ou_kpis": sorted(ou_kpis),
        "municipalities": sorted(municipalities),
        "ous": sorted(ous),
        "years": [first_year, last_year],
    }
    return hashlib.sha256(json.dumps(scope, sort_keys=True).encode()).hexdigest()


def sync(first_year, last_year, *, kpis=None, compare=None, client=None, full=False):
    codes = list(kpis) if kpis else kpis_in_use()
    if compare is not None:
        set_comparisons(compare)
    own = client is None
    client = client or KoladaClient()
    result = SyncResult(kpis=len(codes))
    started = timezone.now()
    years = range(first_year, last_year + 1)
    try:
        if not codes:
            return result
        metadata = {k.id: k for k in client.kpis(codes)}
        municipalities = [m for m in municipalities_for_charts() if m]
        links = {link.ou: link.node_id for link in KoladaOuLink.objects.all()}
        data_kpis = [c for c in codes if c in metadata]
        ou_kpis = [c for c in data_kpis if metadata[c].has_ou_data] if links else []
        scope = scope_key(
            kpis=data_kpis,
            ou_kpis=ou_kpis,
            municipalities=municipalities,
            ous=links,
            first_year=first_year,
            last_year=last_year,
        )
        mark = None if full else KoladaSyncMark.objects.filter(scope=scope).first()
        # Kolada's from_date is a day; asking from the day the last sync started re-reads a
        # few of that day's values (harmless, the upsert is idempotent) and misses none.
        result.since = timezone.localdate(mark.synced_at) if mark else None
        points = client.data(data_kpis, municipalities, years, from_date=result.since)
        names = client.municipalities(municipalities)
        ou_points = (
            client.oudata(ou_kpis, list(links), years, from_date=result.since) if ou_kpis else []
        )
        result.requests = client.requests
    finally:
        if own:
            client.close()

    now = timezone.now()
    with transaction.atomic():
        for m in names:
            KoladaMunicipality.objects.update_or_create(
                id=m.id, defaults={"title": m.title, "type": m.type}
            )
        for comparison in KoladaComparison.objects.filter(title=""):
            title = next((m.title for m in names if m.id == comparison.municipality), "")
            if title:
                comparison.title = title
                comparison.save(update_fields=["title"])
        by_code = _catalogue(codes, metadata, now, result)
        _upsert(points, by_code, now, result)
        _upsert_ou(ou_points, by_code, links, now, result)
        # Stamped with the values, so a run that fails does not move the mark.
        KoladaSyncMark.objects.update_or_create(scope=scope, defaults={"synced_at": started})
    notify_drift(result.drifts)
    return result


def set_comparisons(ids):
    ids = [i.strip() for i in ids if i.strip()]
    KoladaComparison.objects.exclude(municipality__in=ids).delete()
    for position, municipality in enumerate(ids):
        KoladaComparison.objects.update_or_create(
            municipality=municipality, defaults={"position": position}
        )


def _catalogue(codes, metadata, now, result):
    """Create/update the catalogue from Kolada's metadata; record title changes and removals."""
    existing = {n.code: n for n in Nyckeltal.objects.filter(code__in=codes)}
    for code in codes:
        kpi = metadata.get(code)
        n = existing.get(code)
        if kpi is None:
            if n is not None and not n.is_deleted_in_kolada:
                n.is_deleted_in_kolada = True
                n.save(update_fields=["is_deleted_in_kolada"])
                result.drifts.append(
                    KoladaDrift.objects.create(
                        nyckeltal=n, kind=DriftKind.DELETED, old_title=n.title
                    )
                )
            continue
        if n is None:
            n = Nyckeltal(code=code, source=NyckeltalSource.KOLADA, in_use=True)
        elif n.kolada_title_seen and n.kolada_title_seen != kpi.title:
            result.drifts.append(
                KoladaDrift(
                    nyckeltal=n,
                    kind=DriftKind.TITLE,
                    old_title=n.kolada_title_seen,
                    new_title=kpi.title,
                )
            )
        n.source = NyckeltalSource.KOLADA
        n.title = kpi.title[:300]
        n.kolada_title_seen = kpi.title[:300]
        n.description = kpi.description
        n.operating_area = kpi.operating_area[:200]
        n.has_gender_split = kpi.is_divided_by_gender
        n.is_deleted_in_kolada = False
        n.fetched_at = now
        n.save()
        existing[code] = n
    for drift in result.drifts:
        if drift.pk is None:
            drift.save()
    return existing


def _upsert(points, by_code, now, result):
    ids = [n.pk for n in by_code.values() if n.pk]
    current = {
        (v.nyckeltal_id, v.municipality, v.period, v.gender): v
        for v in NyckeltalValue.objects.filter(nyckeltal_id__in=ids, node__isnull=True, ou="")
    }
    create, update, delete = [], [], []
    for p in points:
        n = by_code.get(p.kpi)
        if n is None:
            continue
        key = (n.pk, p.municipality, p.period, p.gender)
        row = current.get(key)
        if p.isdeleted:
            if row is not None:
                delete.append(row.pk)
            continue
        if row is None:
            current[key] = row = NyckeltalValue(
                nyckeltal=n,
                municipality=p.municipality,
                period=p.period,
                gender=p.gender,
                value=p.value,
                status=p.status[:40],
                source=NyckeltalSource.KOLADA,
                fetched_at=now,
            )
            create.append(row)
        elif row.value != p.value or row.status != p.status[:40]:
            row.value, row.status, row.fetched_at = p.value, p.status[:40], now
            update.append(row)
        else:
            result.unchanged += 1
    NyckeltalValue.objects.bulk_create(create, batch_size=1000)
    NyckeltalValue.objects.bulk_update(update, ["value", "status", "fetched_at"], batch_size=1000)
    NyckeltalValue.objects.filter(pk__in=delete).delete()
    result.created, result.updated, result.deleted = len(create), len(update), len(delete)


def _upsert_ou(points, by_code, links, now, result):
    """Kolada's unit-level values, keyed by ou and attached to the linked unit."""
    ids = [n.pk for n in by_code.values() if n.pk]
    current = {
        (v.nyckeltal_id, v.ou, v.period, v.gender): v
        for v in NyckeltalValue.objects.filter(nyckeltal_id__in=ids).exclude(ou="")
    }
    create, update, delete = [], [], []
    for p in points:
        n = by_code.get(p.kpi)
        if n is None or p.ou not in links:
            continue
        row = current.get((n.pk, p.ou, p.period, p.gender))
        if p.isdeleted:
            if row is not None:
                delete.append(row.pk)
        elif row is None:
            create.append(
                NyckeltalValue(
                    nyckeltal=n,
                    ou=p.ou,
                    node_id=links[p.ou],
                    period=p.period,
                    gender=p.gender,
                    value=p.value,
                    status=p.status[:40],
                    source=NyckeltalSource.KOLADA,
                    fetched_at=now,
                )
            )
        elif (row.value, row.status, row.node_id) != (p.value, p.status[:40], links[p.ou]):
            row.value, row.status, row.node_id, row.fetched_at = (
                p.value,
                p.status[:40],
                links[p.ou],
                now,
            )
            update.append(row)
        else:
            result.unchanged += 1
    NyckeltalValue.objects.bulk_create(create, batch_size=1000)
    NyckeltalValue.objects.bulk_update(update, ["value", "status", "node", "fetched_at"])
    NyckeltalValue.objects.filter(pk__in=delete).delete()
    result.created += len(create)
    result.updated += len(update)
    result.deleted += len(delete)


def users_of(nyckeltal):
    """People whose nulägeskoll uses `nyckeltal`: who added it, and who may edit that unit."""
    items = list(NulageskollItem.objects.filter(nyckeltal=nyckeltal).select_related("node"))
    users = {i.added_by for i in items if i.added_by_id}
    editing_roles = [role for role, actions in ROLE_ACTIONS.items() if EDIT in actions]
    for a in RoleAssignment.objects.filter(
        node__in=[i.node for i in items], role__in=editing_roles
    ).select_related("user"):
        users.add(a.user)
    return sorted((u for u in users if u.is_active), key=lambda u: u.pk)


def notify_drift(drifts):
    """E-mail each person using a drifted KPI, once per sync, and stamp the drifts."""
    per_user = {}
    for drift in drifts:
        for user in users_of(drift.nyckeltal):
            per_user.setdefault(user, []).append(drift)
    for user, items in per_user.items():
        if not user.email:
            continue
        body = "\n\n".join(d.message for d in items)
        send_mail(
            subject="Tillit: nyckeltal i din nulägeskoll har ändrats i Kolada",
            message=f"Hej {user.get_full_name() or user.username}!\n\n{body}\n\n"
            "Du ser meddelandet också på nulägeskollen i Tillit.\n\nKälla: Kolada",
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )
    KoladaDrift.objects.filter(pk__in=[d.pk for d in drifts]).update(notified_at=timezone.now())
