"""The read-only API, version 1 (/api/v1/): what a token's reader may read, as the pages show it.

Every list is cursor-paged (100 a page, `next` is an opaque cursor or null) in a fixed key
order, and reads through the permission module with the token's reader (`api_reader`)."""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, F, Max, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from ninja.errors import AuthenticationError

from planning.ekonomi import cards
from planning.ekonomi.importer import parse_period
from planning.ekonomi.models import Feed, FeedPeriod
from planning.ekonomi.results import CACHE_SECONDS, ekonomi_rows, personal_rows_cached
from planning.models import (
    Activity,
    DocStatus,
    Malvarde,
    Namndmal,
    Nyckeltal,
    Uppfoljning,
    Verksamhetsplan,
)
from planning.models.nyckeltal import NyckeltalValue
from planning.services.followup import GOALS, ratings_as_read
from surveys.hme.results import published as hme_published
from surveys.hme.rules import PUBLISHED_DEPTH
from surveys.kompass.services import area_percentages, visible_evaluations
from surveys.models import HmeResult, HmeRound
from tillit.org.models import OrgNode
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can_see_feeds, node_q, nodes_where

from .machinery import (
    PAGE_SIZE,
    BadCursor,
    RateLimited,
    TillitAPI,
    TokenAuth,
    decode_cursor,
    encode_cursor,
    page,
)

api = TillitAPI(
    title="Tillit API",
    version="1",
    description=(
        "Läs-API för BI-verktyg och andra system. Skicka nyckeln som "
        "`Authorization: Bearer <nyckel>`. Varje lista delas i sidor om 100 rader; "
        "`next` är markören till nästa sida (null på sista sidan). Decimaltal skickas som text "
        "med decimalpunkt, exakt som de lagras."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    auth=TokenAuth(),
)


def _error(status, message, **headers):
    response = JsonResponse({"detail": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(
        401, "Nyckeln saknas, är okänd eller återkallad.", **{"WWW-Authenticate": "Bearer"}
    )


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return _error(
        429,
        f"För många anrop med den här nyckeln. Försök igen om {exc.retry_after} sekunder.",
        **{"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(BadCursor)
def _bad_cursor(request, exc):
    return _error(400, "Ogiltig markör (cursor): börja om från första sidan.")


class Problem(Schema):
    detail: str


ERRORS = {400: Problem, 401: Problem, 404: Problem, 429: Problem}


def _reader(request):
    return request.auth


# --- organisation ------------------------------------------------------------------------


class NodeOut(Schema):
    kod: str
    namn: str
    typ: str
    typ_namn: str
    niva: int
    overordnad: str | None
    stangd: datetime.date | None


class NodePage(Schema):
    results: list[NodeOut]
    next: str | None


@api.get("/organisation", response={200: NodePage, **ERRORS}, summary="Organisationsträdet")
def organisation(request, cursor: str | None = None):
    """Enheterna nyckeln får läsa, i trädordning."""
    after = decode_cursor(cursor)
    qs = nodes_where(_reader(request), VIEW_PUBLISHED).order_by("path")
    if after is not None:
        qs = qs.filter(path__gt=after)
    nodes, nxt = page(qs, key=lambda n: n.path)
    parents = {n.path[: -OrgNode.steplen] for n in nodes if n.depth > 1}
    kods = dict(OrgNode.objects.filter(path__in=parents).values_list("path", "kod"))
    return {
        "results": [
            {
                "kod": n.kod,
                "namn": n.namn,
                "typ": n.typ,
                "typ_namn": n.get_typ_display(),
                "niva": n.depth,
                "overordnad": kods.get(n.path[: -OrgNode.steplen]),
                "stangd": n.closed_on,
            }
            for n in nodes
        ],
        "next": nxt,
    }


# --- nämndmål and their målvärden ----------------------------------------------------------


class MalvardeOut(Schema):
    nyckeltal: str
    nyckeltal_namn: str
    ar: int
    malvarde: Decimal
    riktning: str


class NamndmalOut(Schema):
    id: int
    namnd: str
    titel: str
    beskrivning: str
    overgripande_mal: str
    budgetar: int
    malvarden: list[MalvardeOut]


class NamndmalPage(Schema):
    results: list[NamndmalOut]
    next: str | None


@api.get("/namndmal", response={200: NamndmalPage, **ERRORS}, summary="Nämndmål med målvärden")
def namndmal(request, budgetar: int | None = None, cursor: str | None = None):
    after = decode_cursor(cursor)
    qs = (
        Namndmal.objects.filter(node_q(_reader(request), VIEW_PUBLISHED))
        .select_related("node", "overarching__area__planperiod")
        .prefetch_related(
            Prefetch("targets", Malvarde.objects.select_related("nyckeltal").order_by("pk"))
        )
        .order_by("pk")
    )
    if budgetar is not None:
        qs = qs.filter(overarching__area__planperiod__budget_year=budgetar)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    goals, nxt = page(qs, key=lambda g: g.pk)
    return {
        "results": [
            {
                "id": g.pk,
                "namnd": g.node.kod,
                "titel": g.title,
                "beskrivning": g.description,
                "overgripande_mal": g.overarching.title,
                "budgetar": g.overarching.area.planperiod.budget_year,
                "malvarden": [
                    {
                        "nyckeltal": t.nyckeltal.code,
                        "nyckeltal_namn": t.nyckeltal.title,
                        "ar": t.year,
                        "malvarde": t.target,
                        "riktning": t.effective_direction,
                    }
                    for t in g.targets.all()
                ],
            }
            for g in goals
        ],
        "next": nxt,
    }


# --- follow-ups and goal statuses ----------------------------------------------------------


class UppfoljningOut(Schema):
    id: int
    ar: int
    typ: str
    typ_namn: str
    budgetar: int
    publicerad: bool
    publicerad_version: int
    publicerad_tid: datetime.datetime | None


class UppfoljningPage(Schema):
    results: list[UppfoljningOut]
    next: str | None


def _followups(reader):
    """Follow-ups the reader may open: all where it reads working material, else published."""
    qs = Uppfoljning.objects.select_related("planperiod")
    if nodes_where(reader, VIEW).exists():
        return qs
    return qs.filter(published=True)


@api.get("/uppfoljningar", response={200: UppfoljningPage, **ERRORS}, summary="Uppföljningar")
def uppfoljningar(request, cursor: str | None = None):
    after = decode_cursor(cursor)
    qs = _followups(_reader(request)).order_by("pk")
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda f: f.pk)
    return {
        "results": [
            {
                "id": f.pk,
                "ar": f.year,
                "typ": f.kind,
                "typ_namn": f.get_kind_display(),
                "budgetar": f.planperiod.budget_year,
                "publicerad": f.published,
                "publicerad_version": f.published_version,
                "publicerad_tid": f.published_at,
            }
            for f in rows
        ],
        "next": nxt,
    }


class MalstatusOut(Schema):
    enhet: str
    namndmal_id: int | None
    overgripande_mal_id: int | None
    mal: str
    status: str
    status_namn: str
    forslag: str
    analys: str
    version: int | None
    andrad: datetime.datetime


class MalstatusPage(Schema):
    uppfoljning: int
    results: list[MalstatusOut]
    next: str | None


def _status_key(row):
    return (row.node.path, row.overarching_id or 0, row.namndmal_id or 0)


@api.get(
    "/uppfoljningar/{uppfoljning_id}/malstatus",
    response={200: MalstatusPage, **ERRORS},
    summary="Målstatus per uppföljning",
)
def malstatus(request, uppfoljning_id: int, cursor: str | None = None):
    """Statusarna som nyckelns läsare ser dem: arbetsmaterialet där den får läsa det, annars
    den publicerade versionen (inget före publicering)."""
    reader = _reader(request)
    fu = get_object_or_404(_followups(reader), pk=uppfoljning_id)
    after = decode_cursor(cursor)
    q = node_q(reader, VIEW_PUBLISHED)
    skip = 0
    if after is not None:
        path, skip = after
        q &= Q(node__path__gte=path)
    order = (
        "node__path",
        F("overarching_id").asc(nulls_first=True),
        F("namndmal_id").asc(nulls_first=True),
    )
    rows = ratings_as_read(
        fu,
        reader,
        GOALS,
        q=q,
        related=("node", "namndmal", "overarching"),
        order=order,
        limit=skip + PAGE_SIZE + 1,
    )
    rows.sort(key=_status_key)
    # Rows of the cursor's node that earlier pages gave come first: drop them.
    rows = rows[skip:]
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    nxt = None
    if more:
        last = rows[-1].node.path
        given = sum(1 for r in rows if r.node.path == last)
        if after is not None and after[0] == last:
            given += skip
        nxt = encode_cursor([last, given])
    return {
        "uppfoljning": fu.pk,
        "results": [
            {
                "enhet": r.node.kod,
                "namndmal_id": r.namndmal_id,
                "overgripande_mal_id": r.overarching_id,
                "mal": str(r.goal),
                "status": r.status,
                "status_namn": r.get_status_display(),
                "forslag": r.suggested,
                "analys": r.analysis,
                "version": getattr(r, "version", None),
                "andrad": r.updated_at,
            }
            for r in rows
        ],
        "next": nxt,
    }


# --- nyckeltal -----------------------------------------------------------------------------


class NyckeltalOut(Schema):
    kod: str
    namn: str
    kalla: str
    enhet: str
    riktning: str
    konsuppdelat: bool


class NyckeltalPage(Schema):
    results: list[NyckeltalOut]
    next: str | None


@api.get("/nyckeltal", response={200: NyckeltalPage, **ERRORS}, summary="Nyckeltal (katalogen)")
def nyckeltal(request, cursor: str | None = None):
    after = decode_cursor(cursor)
    qs = Nyckeltal.objects.order_by("pk")
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda n: n.pk)
    return {
        "results": [
            {
                "kod": n.code,
                "namn": n.title,
                "kalla": n.source,
                "enhet": n.unit,
                "riktning": n.direction,
                "konsuppdelat": n.has_gender_split,
            }
            for n in rows
        ],
        "next": nxt,
    }


class VardeOut(Schema):
    nyckeltal: str
    kommun: str
    enhet: str | None
    kolada_enhet: str
    ar: int
    kon: str
    varde: Decimal | None
    status: str
    kalla: str


class VardePage(Schema):
    results: list[VardeOut]
    next: str | None


@api.get("/nyckeltal/varden", response={200: VardePage, **ERRORS}, summary="Nyckeltalens värden")
def nyckeltal_varden(
    request, nyckeltal: str | None = None, ar: int | None = None, cursor: str | None = None
):
    """Kommunernas och Kolada-enheternas värden (öppna data), och värden för egna enheter där
    nyckeln får läsa enhetens arbetsmaterial (nulägeskollen)."""
    after = decode_cursor(cursor)
    qs = (
        NyckeltalValue.objects.filter(Q(node__isnull=True) | node_q(_reader(request), VIEW))
        .select_related("nyckeltal", "node")
        .order_by("pk")
    )
    if nyckeltal:
        qs = qs.filter(nyckeltal__code=nyckeltal)
    if ar is not None:
        qs = qs.filter(period=ar)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda v: v.pk)
    return {
        "results": [
            {
                "nyckeltal": v.nyckeltal.code,
                "kommun": v.municipality,
                "enhet": v.node.kod if v.node_id else None,
                "kolada_enhet": v.ou,
                "ar": v.period,
                "kon": v.gender,
                "varde": v.value,
                "status": v.status,
                "kalla": v.source,
            }
            for v in rows
        ],
        "next": nxt,
    }


# --- HME -----------------------------------------------------------------------------------


class HmeOut(Schema):
    ar: int
    enhet: str
    grupp: str
    svarande: int
    dold: bool
    motivation: int | None
    ledarskap: int | None
    styrning: int | None
    hme: int | None


class HmePage(Schema):
    min_gruppstorlek: int
    results: list[HmeOut]
    next: str | None


@api.get("/hme", response={200: HmePage, **ERRORS}, summary="HME-resultat")
def hme(request, ar: int | None = None, cursor: str | None = None):
    """Beräknade omgångar, som resultatsidorna visar dem: hela trädet där nyckeln får läsa
    arbetsmaterial, annars ned till förvaltningsnivå; en grupp under minsta gruppstorlek
    (eller som skulle kunna räknas fram ur andra) är dold och har inga värden."""
    from surveys.hme.rules import min_group

    reader = _reader(request)
    after = decode_cursor(cursor)
    readable = node_q(reader, VIEW) | (
        node_q(reader, VIEW_PUBLISHED) & Q(node__depth__lte=PUBLISHED_DEPTH)
    )
    qs = (
        HmeResult.objects.filter(readable, round__status=HmeRound.Status.COMPUTED)
        .filter(Q(group=HmeResult.Group.T) | Q(node__depth=1))
        .select_related("round", "node")
        .order_by("pk")
    )
    if ar is not None:
        qs = qs.filter(round__year=ar)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda r: r.pk)
    return {
        "min_gruppstorlek": min_group(),
        "results": [
            {
                "ar": r.round.year,
                "enhet": r.node.kod,
                "grupp": r.group,
                **_hme_values(hme_published(r)),
            }
            for r in rows
        ],
        "next": nxt,
    }


def _hme_values(values):
    return {
        "svarande": values["respondents"],
        "dold": values["suppressed"],
        **{k: values[k] for k in ("motivation", "ledarskap", "styrning", "hme")},
    }


# --- Kommunkompassen -----------------------------------------------------------------------


class KompassOut(Schema):
    id: int
    ar: int
    typ: str
    status: str
    version: str
    total_procent: int | None
    total_poang: Decimal | None
    omraden_procent: list[int | None]
    publicerad_tid: datetime.datetime | None


class KompassPage(Schema):
    results: list[KompassOut]
    next: str | None


@api.get("/kommunkompassen", response={200: KompassPage, **ERRORS}, summary="Kommunkompassen")
def kommunkompassen(request, cursor: str | None = None):
    """Kommunens utvärderingar: utkast bara där nyckeln får läsa arbetsmaterial på kommunen."""
    kommun = OrgNode.objects.kommun()
    after = decode_cursor(cursor)
    if kommun is None:
        return {"results": [], "next": None}
    qs = visible_evaluations(_reader(request), kommun).order_by("pk")
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda e: e.pk)
    pct = area_percentages(rows)
    return {
        "results": [
            {
                "id": e.pk,
                "ar": e.year,
                "typ": e.kind,
                "status": e.status,
                "version": e.version.name,
                "total_procent": e.total_pct,
                "total_poang": e.total_points,
                "omraden_procent": pct.get(e.pk, []),
                "publicerad_tid": e.published_at,
            }
            for e in rows
        ],
        "next": nxt,
    }


# --- verksamhetsplaner ---------------------------------------------------------------------


class AktivitetOut(Schema):
    titel: str
    beskrivning: str
    ansvarig: str
    start: datetime.date | None
    klar_senast: datetime.date | None
    status: str


class PlanOut(Schema):
    id: int
    enhet: str
    budgetar: int
    uppdrag: str
    vill_uppna: str
    hur: str
    langre_sikt: str
    mal: list[int]
    aktiviteter: list[AktivitetOut]
    andrad: datetime.datetime


class PlanPage(Schema):
    results: list[PlanOut]
    next: str | None


@api.get(
    "/verksamhetsplaner",
    response={200: PlanPage, **ERRORS},
    summary="Verksamhetsplaner (klara)",
)
def verksamhetsplaner(request, budgetar: int | None = None, cursor: str | None = None):
    """Planer med status Klar; utkast lämnas aldrig ut."""
    after = decode_cursor(cursor)
    qs = (
        Verksamhetsplan.objects.filter(status=DocStatus.DONE)
        .filter(node_q(_reader(request), VIEW_PUBLISHED))
        .select_related("node", "planperiod")
        .order_by("pk")
    )
    if budgetar is not None:
        qs = qs.filter(planperiod__budget_year=budgetar)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows, nxt = page(qs, key=lambda p: p.pk)
    goals = {}
    links = Verksamhetsplan.goals.through.objects.filter(verksamhetsplan__in=rows).order_by(
        "namndmal_id"
    )
    for plan_id, goal_id in links.values_list("verksamhetsplan_id", "namndmal_id"):
        goals.setdefault(plan_id, []).append(goal_id)
    # Plain rows, not model instances: a page of plans carries some 300 activities.
    activities = {}
    fields = ("title", "description", "responsible", "starts_on", "ends_on", "status")
    names = ("titel", "beskrivning", "ansvarig", "start", "klar_senast", "status")
    for plan_id, *values in (
        Activity.objects.filter(plan__in=rows).order_by("pk").values_list("plan_id", *fields)
    ):
        activities.setdefault(plan_id, []).append(dict(zip(names, values, strict=True)))
    return {
        "results": [
            {
                "id": p.pk,
                "enhet": p.node.kod,
                "budgetar": p.planperiod.budget_year,
                "uppdrag": p.mission,
                "vill_uppna": p.aims,
                "hur": p.how,
                "langre_sikt": p.long_term,
                "mal": goals.get(p.pk, []),
                "aktiviteter": activities.get(p.pk, []),
                "andrad": p.updated_at,
            }
            for p in rows
        ],
        "next": nxt,
    }


# --- ekonomi and personal ------------------------------------------------------------------


def _period(text):
    if text:
        try:
            return parse_period(text)
        except ValueError:
            return None
    available = cards.periods()
    return available[0] if available else None


def _ekonomi_rows_cached(period):
    """`ekonomi_rows(period)` for the whole tree, cached until the feed is imported again (and
    for at most CACHE_SECONDS, as the personal figures): every page of the list needs it."""
    version = FeedPeriod.objects.filter(feed=Feed.EKONOMI).aggregate(
        last=Max("imported_at"), n=Count("pk")
    )
    last = version["last"].isoformat() if version["last"] else "-"
    key = f"api:ekonomi:{period:%Y-%m}:{version['n']}:{last}"
    return cache.get_or_set(key, lambda: ekonomi_rows(period), CACHE_SECONDS)


class _Place(NamedTuple):
    """What `can_see_feeds` reads of a node (its path and type), without a model instance."""

    path: str
    typ: str


def _feed_rows(reader, rows, after):
    """The rows (in kod order) whose node the reader may read figures of, after the cursor:
    one query for the nodes' types, then `can_see_feeds` row by row until the page is full."""
    if after is not None:
        rows = [r for r in rows if r.kod > after]
    kinds = dict(
        OrgNode.objects.filter(path__startswith=reader.api_scope).values_list("path", "typ")
    )
    shown = []
    for r in rows:
        typ = kinds.get(r.path)
        if typ is not None and can_see_feeds(reader, _Place(r.path, typ)):
            shown.append(r)
            if len(shown) > PAGE_SIZE:
                break
    return shown


class EkonomiOut(Schema):
    enhet: str
    namn: str
    budget_helar: Decimal
    budget_ack: Decimal
    utfall_ack: Decimal
    prognos_helar: Decimal
    avvikelse_helar: Decimal
    utfall_andel_ack: Decimal | None
    status: str


class EkonomiPage(Schema):
    period: str | None
    results: list[EkonomiOut]
    next: str | None


@api.get("/ekonomi", response={200: EkonomiPage, **ERRORS}, summary="Ekonomi per enhet")
def ekonomi(request, period: str | None = None, cursor: str | None = None):
    """Nettokostnader per enhet och månad (ÅÅÅÅ-MM, senaste importerade om den utelämnas)."""
    month = _period(period)
    if month is None:
        if period:
            return Status(400, {"detail": "Ogiltig period: skriv ÅÅÅÅ-MM, t.ex. 2026-10."})
        return {"period": None, "results": [], "next": None}
    after = decode_cursor(cursor)
    rows, nxt = page(
        _feed_rows(_reader(request), _ekonomi_rows_cached(month), after), key=lambda e: e.kod
    )
    return {
        "period": f"{month:%Y-%m}",
        "results": [
            {
                "enhet": e.kod,
                "namn": e.namn,
                "budget_helar": e.budget_helar,
                "budget_ack": e.budget_ack,
                "utfall_ack": e.utfall_ack,
                "prognos_helar": e.prognos_helar,
                "avvikelse_helar": e.avvikelse_helar,
                "utfall_andel_ack": e.utfall_andel_ack,
                "status": e.status,
            }
            for e in rows
        ],
        "next": nxt,
    }


class PersonalOut(Schema):
    enhet: str
    namn: str
    anstallda: int
    manader: int
    dold: bool
    sjukfranvaro_12m: Decimal | None
    langtid_andel_12m: Decimal | None
    personalomsattning_12m: Decimal | None


class PersonalPage(Schema):
    period: str | None
    min_gruppstorlek: int
    results: list[PersonalOut]
    next: str | None


@api.get("/personal", response={200: PersonalPage, **ERRORS}, summary="Personal per enhet")
def personal(request, period: str | None = None, cursor: str | None = None):
    """Sjukfrånvaro och personalomsättning de senaste 12 månaderna; en grupp under minsta
    gruppstorlek (eller som skulle kunna räknas fram ur andra) är dold och har inga värden."""
    from planning.ekonomi.results import min_group

    month = _period(period)
    if month is None:
        if period:
            return Status(400, {"detail": "Ogiltig period: skriv ÅÅÅÅ-MM, t.ex. 2026-10."})
        return {"period": None, "min_gruppstorlek": min_group(), "results": [], "next": None}
    after = decode_cursor(cursor)
    rows, nxt = page(
        _feed_rows(_reader(request), personal_rows_cached(month), after), key=lambda p: p.kod
    )
    return {
        "period": f"{month:%Y-%m}",
        "min_gruppstorlek": min_group(),
        "results": [
            {
                "enhet": p.kod,
                "namn": p.namn,
                "anstallda": p.anstallda,
                "manader": p.manader,
                "dold": p.suppressed,
                "sjukfranvaro_12m": p.sjukfranvaro_12m,
                "langtid_andel_12m": p.langtid_andel_12m,
                "personalomsattning_12m": p.personalomsattning_12m,
            }
            for p in rows
        ],
        "next": nxt,
    }
