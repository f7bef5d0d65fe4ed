"""Views of the planning chain: fetch, check access, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from surveys.handlingsplaner import open_handlingsplan_actions
from tillit.exports import export_format, table_response
from tillit.locking import StaleEdit
from tillit.org.models import NodeType, OrgNode
from tillit.org.permissions import (
    COMPILE,
    EDIT,
    VIEW,
    VIEW_PUBLISHED,
    authorize,
    authorize_comments,
    authorize_kommun_admin,
    can,
    can_read_comments,
    get_board,
    get_node,
    is_kommun_admin,
    nodes_where,
)

from . import exports, summary
from . import notifications as planning_notifications
from .charts_data import summary_charts
from .ekonomi import cards as feed_cards
from .forms import (
    ActivityForm,
    AnalysisForm,
    ConclusionForm,
    GoalStatusForm,
    KartaForm,
    MalvardeForm,
    NamndmalForm,
    OmvarldForm,
    OverarchingGoalForm,
    PlanForm,
    StrategicAreaForm,
    ThemeForm,
    TrendForm,
    TrendResponseForm,
    UppdragForm,
    UppdragReportForm,
)
from .models import (
    Activity,
    ActivityStatus,
    CommentDoc,
    Conclusion,
    KartaStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nulagesanalys,
    Nulageskarta,
    NulageskartaVersion,
    Nyckeltal,
    Omvarldsanalys,
    OverarchingGoal,
    StrategicArea,
    Trend,
    TrendResponse,
    Uppdrag,
    Uppfoljning,
    Verksamhetsplan,
)
from .nyckeltal.picker import cited_values, relevant_q
from .services import analysis as sa
from .services import comments as sc
from .services import followup as sf
from .services import goals as sg
from .services import karta as sk
from .services import omvarld as so
from .services import plan as sp
from .services.common import has_working_access, planperiod_from
from .services.overview import ReminderRefused, overview, remind_units


def _root():
    root = OrgNode.objects.kommun()
    if root is None:
        raise Http404("Det finns ingen kommun.")
    return root


def _form_page(request, form, title, crumbs=(), back=None, intro=""):
    return render(
        request,
        "planning/form.html",
        {"form": form, "title": title, "crumbs": crumbs, "back": back, "intro": intro},
    )


# --- overview -----------------------------------------------------------------------------


@login_required
def index(request):
    """The planning start page: the user's boards and units with the state of their documents."""
    period = planperiod_from(request)
    ctx = overview(request.user, period)
    if fmt := export_format(request):
        return table_response(request, exports.overview_table(period, ctx), fmt)
    return render(request, "planning/index.html", {"period": period, **ctx})


@login_required
@require_POST
def remind(request):
    """Påminn: the selected late units' responsible people get one reminder each."""
    period = planperiod_from(request)
    try:
        units = remind_units(user=request.user, period=period, kods=request.POST.getlist("enhet"))
    except ReminderRefused as e:
        messages.error(request, str(e))
    else:
        names = ", ".join(u.namn for u in units)
        messages.success(request, f"Påminnelse skickad till ansvariga för {names}.")
    return redirect(reverse("planning:index") + f"?period={period.pk}#units-heading")


# --- omvärldsanalys -----------------------------------------------------------------------


@login_required
def omvarld(request):
    period = planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    analysis = Omvarldsanalys.objects.for_period(period).first()
    own = nodes_where(request.user, EDIT).exclude(typ=NodeType.KOMMUN)[:20]
    return render(
        request,
        "planning/omvarld.html",
        {
            "period": period,
            "analysis": analysis,
            "trends": analysis.trends.all() if analysis else [],
            "can_manage": is_kommun_admin(request.user),
            "own_nodes": own,
        },
    )


@login_required
def omvarld_edit(request):
    period = planperiod_from(request)
    authorize_kommun_admin(request.user)
    analysis = so.omvarldsanalys_ensure(period=period)
    form = OmvarldForm(request.POST or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Omvärldsanalysen har sparats.")
        return redirect("planning:omvarld")
    return _form_page(request, form, f"Inledning till omvärldsanalysen {period.budget_year}")


@login_required
def trend_edit(request, pk=None):
    period = planperiod_from(request)
    authorize_kommun_admin(request.user)
    analysis = so.omvarldsanalys_ensure(period=period)
    trend = get_object_or_404(Trend, pk=pk) if pk else Trend(analysis=analysis)
    form = TrendForm(request.POST or None, instance=trend)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"”{trend.title}” har sparats.")
        return redirect("planning:omvarld")
    title = f"Ändra {trend.title}" if pk else "Ny trend eller händelse"
    return _form_page(request, form, title)


@login_required
def trend_responses(request, kod):
    """A verksamhet answers the three questions for each trend that applies to it."""
    node = get_node(request.user, kod, VIEW)
    period = planperiod_from(request)
    analysis = Omvarldsanalys.objects.for_period(period).first()
    trends = list(analysis.trends.all()) if analysis else []
    existing = {r.trend_id: r for r in TrendResponse.objects.filter(node=node, trend__in=trends)}
    editable = can(request.user, EDIT, node)
    if request.method == "POST":
        authorize(request.user, EDIT, node)
    data = request.POST if request.method == "POST" else None
    forms_ = [
        (
            t,
            TrendResponseForm(
                data,
                instance=existing.get(t.pk) or TrendResponse(trend=t, node=node),
                prefix=f"t{t.pk}",
            ),
        )
        for t in trends
    ]
    if data is not None and all(f.is_valid() for _, f in forms_):
        so.trend_responses_save(forms=forms_, user=request.user)
        messages.success(request, "Verksamhetens omvärldsanalys har sparats.")
        return redirect("planning:trend_responses", kod=node.kod)
    return render(
        request,
        "planning/trend_responses.html",
        {
            "node": node,
            "period": period,
            "forms": forms_,
            "editable": editable,
            "crumbs": [*node.ancestors(), node],
        },
    )


# --- nulägesanalys ------------------------------------------------------------------------


@login_required
def analysis(request, kod):
    node = get_node(request.user, kod, VIEW)
    period = planperiod_from(request)
    analysis = Nulagesanalys.objects.of_node(node, period).first()
    sections = sa.sections_of(analysis) if analysis else []
    cited = sa.citing_conclusions(sections)
    threads = sc.threads(request.user, CommentDoc.ANALYSIS, analysis, node) or {}
    # Cited nyckeltal with the unit's (or kommun's) latest value and year, riket beside it.
    used = {n.pk: n for sec in sections for n in sec.nyckeltal.all()}
    figures = cited_values(node, used.values())
    return render(
        request,
        "planning/analysis.html",
        {
            "node": node,
            "period": period,
            "analysis": analysis,
            "sections": [
                (
                    sec,
                    cited.get(sec.pk, []),
                    [(n, *figures[n.pk]) for n in sec.nyckeltal.all()],
                    threads.get(sec.key),
                )
                for sec in sections
            ],
            "can_edit": can(request.user, EDIT, node),
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def analysis_edit(request, kod):
    node = get_node(request.user, kod, EDIT)
    period = planperiod_from(request)
    analysis = sa.analysis_ensure(node=node, period=period)
    sections = sa.sections_of(analysis)
    om = Omvarldsanalys.objects.for_period(period).first()
    trends = om.trends.all() if om else Trend.objects.none()
    data = request.POST.copy() if request.method == "POST" else None
    offered = Nyckeltal.objects.filter(relevant_q(node) | Q(pk__in=sa.cited_ids(analysis)))
    form = AnalysisForm(
        data,
        sections=sections,
        trends=trends,
        nyckeltal=offered,
        record=analysis,
        initial={"status": analysis.status},
    )
    if data is not None and form.is_valid():
        try:
            sa.analysis_save(analysis=analysis, form=form, user=request.user)
        except StaleEdit:
            form.mark_stale()
        else:
            messages.success(request, "Nulägesanalysen har sparats.")
            return redirect("planning:analysis", kod=node.kod)
    return render(
        request,
        "planning/analysis_edit.html",
        {
            "node": node,
            "period": period,
            "form": form,
            "analysis": analysis,
            "crumbs": [*node.ancestors(), node],
        },
    )


# --- nulägeskarta -------------------------------------------------------------------------


@login_required
def karta(request, kod):
    period = planperiod_from(request)
    node = get_board(request.user, kod, VIEW_PUBLISHED)
    karta = Nulageskarta.objects.of_node(node, period).first()
    if not can(request.user, VIEW, node):
        version = sk.latest_version(karta)
        if version is None:
            return render(
                request,
                "planning/karta_none.html",
                {"node": node, "period": period, "crumbs": node.ancestors()},
            )
        return redirect(version)
    themes = sk.themes_of(karta) if karta else []
    return render(
        request,
        "planning/karta.html",
        {
            "node": node,
            "period": period,
            "karta": karta,
            "themes": themes,
            "unsent": sk.unsent_conclusion_ids(karta, themes) if karta else set(),
            "versions": karta.versions.select_related("handed_over_by") if karta else [],
            "can_compile": can(request.user, COMPILE, node),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def karta_edit(request, kod):
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    karta = sk.karta_ensure(node=node, period=period)
    data = request.POST.copy() if request.method == "POST" else None
    form = KartaForm(data, instance=karta)
    if data is not None and form.is_valid():
        try:
            sk.karta_save(karta=form.instance, seen=form.seen(), user=request.user)
        except StaleEdit:
            form.mark_stale()
        else:
            messages.success(request, "Sammanfattningen har sparats.")
            return redirect("planning:karta", kod=node.kod)
    return _form_page(
        request,
        form,
        f"Sammanfattning – nulägeskarta {node.namn}",
        [*node.ancestors(), node],
        intro="En kort inledning till nämnden: de viktigaste utmaningarna och möjligheterna.",
    )


@login_required
def theme_edit(request, kod, pk=None):
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    karta = sk.karta_ensure(node=node, period=period)
    theme = get_object_or_404(KartaTheme, pk=pk, karta=karta) if pk else None
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        if theme is None:
            sk.theme_add(
                karta=karta,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                user=request.user,
            )
        else:
            form.save()
            sk.karta_note_changed(karta=karta, user=request.user)
        messages.success(request, "Temat har sparats.")
        return redirect("planning:karta", kod=node.kod)
    title = f"Ändra temat {theme.title}" if theme else "Nytt tema i nulägeskartan"
    return _form_page(request, form, title, [*node.ancestors(), node])


@login_required
def karta_compile(request, kod):
    """Pick conclusions from the units' nulägesanalyser: copy, edit, keep the link. Many at
    once: one form, every chosen row checked together, nothing added unless all are right."""
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    karta = sk.karta_ensure(node=node, period=period)
    kod_under = request.GET.get("enhet") or request.POST.get("enhet") or ""
    under = OrgNode.objects.filter(kod=kod_under, path__startswith=node.path).first()
    units = sk.compile_units(karta)
    bound, errors = {}, []
    if request.method == "POST":
        bound, errors = _compile_forms(request.POST, karta)
        if bound and not errors:
            chosen = [
                (f.source, f.cleaned_data["theme"], f.cleaned_data["text"]) for f in bound.values()
            ]
            sk.conclusions_add(karta=karta, chosen=chosen, user=request.user)
            messages.success(request, _added_message(chosen))
            query = f"?period={period.pk}&enhet={kod_under}" if under else f"?period={period.pk}"
            if request.htmx:
                bound = {}
            else:
                anchor = f"#s{chosen[0][0].pk}" if len(chosen) == 1 else ""
                return redirect(f"{request.path}{query}{anchor}")
    show_rows = under is not None or len(units) <= sk.COMPILE_ALL_LIMIT
    rows = sk.compile_rows(karta, bound=bound, under=under) if show_rows else []
    context = {
        "node": node,
        "period": period,
        "karta": karta,
        "rows": rows,
        "units": units,
        "under": under,
        "show_rows": show_rows,
        "errors": errors,
        "themes": list(karta.themes.all()),
        "common_theme": request.POST.get("tema", ""),
        "has_themes": karta.themes.exists(),
        "crumbs": [*node.ancestors(), node],
    }
    if request.htmx:
        return render(request, "planning/karta_compile.html#picker", context)
    return render(request, "planning/karta_compile.html", context)


def _compile_forms(post, karta):
    """The chosen rows' forms ({section id: form}) and the error summary's lines. A row without
    its own theme takes the one chosen for all; a source outside the nämnd's klar analyses is
    404."""
    ids = post.getlist("valj") or ([post["source"]] if post.get("source") else [])
    if not ids:
        return {}, [("", "Välj minst en slutsats att lägga till.")]
    try:
        wanted = {int(i) for i in ids}
    except ValueError:
        raise Http404("Källan finns inte.") from None
    sections = {s.pk: s for s in sk.source_sections(karta).filter(pk__in=wanted)}
    if len(sections) != len(wanted):
        raise Http404("Källan finns inte.")
    data = post.copy()
    bound, errors = {}, []
    for pk in sorted(wanted, key=lambda i: (sections[i].analysis.node.path, i)):
        section = sections[pk]
        if not data.get(f"s{pk}-theme") and data.get("tema"):
            data[f"s{pk}-theme"] = data["tema"]
        form = ConclusionForm(data, karta=karta, prefix=f"s{pk}")
        form.source = section
        bound[pk] = form
        if not form.is_valid():
            where = f"{section.analysis.node.namn} – {section.short_label}"
            for field_errors in form.errors.values():
                errors += [(f"s{pk}", f"{where}: {e}") for e in field_errors]
    return bound, errors


def _added_message(chosen):
    if len(chosen) == 1:
        return f"Slutsatsen från {chosen[0][0].analysis.node.namn} har lagts till."
    return f"{len(chosen)} slutsatser har lagts till i nulägeskartan."


@login_required
def conclusion_edit(request, pk):
    conclusion = get_object_or_404(
        Conclusion.objects.select_related("theme__karta__node", "source__analysis__node"), pk=pk
    )
    karta = conclusion.theme.karta
    authorize(request.user, COMPILE, karta.node)
    if request.method == "POST" and "delete" in request.POST:
        conclusion.delete()
        sk.karta_note_changed(karta=karta, user=request.user)
        messages.success(request, "Slutsatsen har tagits bort.")
        return redirect("planning:karta", kod=karta.node.kod)
    form = ConclusionForm(request.POST or None, instance=conclusion, karta=karta)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():  # a re-save that changes nothing starts no new version
            form.save()
            sk.karta_note_changed(karta=karta, user=request.user)
        messages.success(request, "Slutsatsen har sparats.")
        return redirect("planning:karta", kod=karta.node.kod)
    return render(
        request,
        "planning/conclusion_edit.html",
        {
            "form": form,
            "conclusion": conclusion,
            "karta": karta,
            "crumbs": [*karta.node.ancestors(), karta.node],
        },
    )


@login_required
@require_POST
def karta_status(request, kod):
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    karta = sk.karta_ensure(node=node, period=period)
    if request.POST.get("action") == "overlamna":
        # Handing over is confirmed on a page that shows what changed since the last version.
        return redirect(f"{reverse_karta_handover(node)}?period={period.pk}")
    if request.POST.get("action") == KartaStatus.READY:
        sk.karta_mark_ready(karta=karta, user=request.user)
        messages.success(request, "Nulägeskartan är markerad som klar.")
    return redirect("planning:karta", kod=node.kod)


@login_required
def karta_handover(request, kod):
    """Confirm the hand-over: what changed since the last handed-over version, then hand over."""
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    karta = sk.karta_ensure(node=node, period=period)
    if request.method == "POST" and request.POST.get("bekrafta"):
        try:
            version = sk.karta_hand_over(karta=karta, user=request.user)
        except sk.HandoverError as e:
            messages.error(request, str(e))
        else:
            planning_notifications.karta_handed_over(version)
            messages.success(
                request,
                f"Nulägeskartan har lämnats över till {node.namn} (version {version.number}).",
            )
        return redirect(f"{reverse_karta(node)}?period={period.pk}")
    return render(
        request,
        "planning/karta_handover.html",
        {
            "node": node,
            "period": period,
            "karta": karta,
            "last": sk.latest_version(karta),
            "diff": sk.karta_changes(karta),
            "crumbs": [*node.ancestors(), node],
        },
    )


def reverse_karta_handover(node):
    from django.urls import reverse

    return reverse("planning:karta_handover", args=[node.kod])


@login_required
def karta_version(request, pk):
    version = get_object_or_404(
        NulageskartaVersion.objects.select_related(
            "karta__node", "karta__planperiod", "handed_over_by"
        ),
        pk=pk,
    )
    node = version.karta.node
    authorize(request.user, VIEW_PUBLISHED, node)
    return render(
        request,
        "planning/karta_version.html",
        {
            "version": version,
            "node": node,
            "content": version.content,
            "can_view_live": can(request.user, VIEW, node),
            "others": version.karta.versions.only("pk", "number", "handed_over_at"),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def karta_history(request, kod):
    period = planperiod_from(request)
    node = get_board(request.user, kod, VIEW)
    karta = Nulageskarta.objects.of_node(node, period).first()
    if karta is None:
        raise Http404("Nulägeskartan finns inte.")
    return render(
        request,
        "planning/history.html",
        {
            "title": f"Ändringshistorik – {karta}",
            "rows": sk.karta_revisions(karta),
            "back": reverse_karta(node),
            "crumbs": [*node.ancestors(), node],
        },
    )


def reverse_karta(node):
    from django.urls import reverse

    return reverse("planning:karta", args=[node.kod])


# --- mål och budget -----------------------------------------------------------------------


@login_required
def goals(request):
    """Kommun level: strategic areas → overarching goals → the nämnder's goals beneath."""
    period = planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    return render(
        request,
        "planning/goals.html",
        {
            "period": period,
            "can_manage": is_kommun_admin(request.user),
            **sg.goal_overview(request.user, period),
            "rams": feed_cards.board_rams(
                OrgNode.objects.boards().order_by("path"), request.user, period.budget_year
            ),
        },
    )


@login_required
def area_edit(request, pk=None):
    period = planperiod_from(request)
    authorize_kommun_admin(request.user)
    area = get_object_or_404(StrategicArea, pk=pk) if pk else StrategicArea(planperiod=period)
    form = StrategicAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Det strategiska området har sparats.")
        return redirect("planning:goals")
    return _form_page(request, form, "Strategiskt område (beslutas av kommunfullmäktige)")


@login_required
def overarching_edit(request, pk=None):
    period = planperiod_from(request)
    authorize_kommun_admin(request.user)
    goal = get_object_or_404(OverarchingGoal, pk=pk) if pk else None
    form = OverarchingGoalForm(
        request.POST or None,
        instance=goal,
        period=period,
        # Only a new goal takes its area from the link; an edit keeps the goal's own.
        initial={"area": request.GET["area"]} if request.GET.get("area") else {},
    )
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, "Det övergripande målet har sparats.")
        return redirect(goal)
    return _form_page(request, form, "Övergripande mål (beslutas av kommunfullmäktige)")


@login_required
def overarching(request, pk):
    goal = get_object_or_404(OverarchingGoal.objects.select_related("area__planperiod"), pk=pk)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    return render(
        request,
        "planning/overarching.html",
        {
            "goal": goal,
            "can_manage": is_kommun_admin(request.user),
            **sg.overarching_detail(request.user, goal),
        },
    )


@login_required
def board_goals(request, kod):
    period = planperiod_from(request)
    node = get_board(request.user, kod, VIEW_PUBLISHED)
    return render(
        request,
        "planning/board_goals.html",
        {
            "node": node,
            "period": period,
            "goals": sg.goals_of_board(node, period),
            "uppdrag": Uppdrag.objects.of_node(node, period).select_related("owner", "owner_node"),
            "warning": sg.goal_count_warning(node, period),
            "rams": feed_cards.board_rams([node], request.user, period.budget_year),
            "can_compile": can(request.user, COMPILE, node),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def goal_edit(request, kod, pk=None):
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    goal = get_object_or_404(Namndmal, pk=pk, node=node) if pk else Namndmal(node=node)
    form = NamndmalForm(
        request.POST or None,
        instance=goal,
        period=period,
        karta=Nulageskarta.objects.of_node(node, period).first(),
    )
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, "Nämndmålet har sparats.")
        warning = sg.goal_count_warning(node, period)
        if warning:
            messages.warning(request, warning)
        return redirect(goal)
    return _form_page(
        request,
        form,
        "Ändra nämndmål" if pk else f"Nytt nämndmål för {node.namn}",
        [*node.ancestors(), node],
        intro=sg.goal_count_warning(node, period),
    )


@login_required
def goal(request, pk):
    goal = get_object_or_404(
        Namndmal.objects.select_related("node", "overarching__area__planperiod"), pk=pk
    )
    authorize(request.user, VIEW_PUBLISHED, goal.node)
    return render(
        request,
        "planning/goal.html",
        {
            "goal": goal,
            "node": goal.node,
            "can_compile": can(request.user, COMPILE, goal.node),
            "crumbs": [*goal.node.ancestors(), goal.node],
            **sg.goal_detail(request.user, goal),
        },
    )


@login_required
def target_add(request, pk):
    goal = get_object_or_404(Namndmal.objects.select_related("node"), pk=pk)
    authorize(request.user, COMPILE, goal.node)
    period = goal.overarching.area.planperiod
    form = MalvardeForm(request.POST or None, instance=Malvarde(namndmal=goal), period=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Målvärdet har sparats.")
        return redirect(goal)
    return _form_page(
        request,
        form,
        f"Nytt målvärde – {goal.title}",
        [*goal.node.ancestors(), goal.node],
        back=goal.get_absolute_url(),
    )


@login_required
@require_POST
def target_delete(request, pk):
    target = get_object_or_404(Malvarde.objects.select_related("namndmal__node"), pk=pk)
    if target.namndmal is None:
        authorize_kommun_admin(request.user)
        target.delete()
        return redirect(target.overarching)
    authorize(request.user, COMPILE, target.namndmal.node)
    target.delete()
    messages.success(request, "Målvärdet har tagits bort.")
    return redirect(target.namndmal)


@login_required
def overarching_target_add(request, pk):
    goal = get_object_or_404(OverarchingGoal.objects.select_related("area__planperiod"), pk=pk)
    authorize_kommun_admin(request.user)
    form = MalvardeForm(
        request.POST or None, instance=Malvarde(overarching=goal), period=goal.area.planperiod
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Målvärdet har sparats.")
        return redirect(goal)
    return _form_page(request, form, f"Nytt målvärde – {goal.title}", back=goal.get_absolute_url())


@login_required
def uppdrag_edit(request, kod, pk=None):
    period = planperiod_from(request)
    node = get_board(request.user, kod, COMPILE)
    item = (
        get_object_or_404(Uppdrag, pk=pk, node=node)
        if pk
        else Uppdrag(node=node, planperiod=period)
    )
    form = UppdragForm(request.POST or None, instance=item, board=node)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Uppdraget har sparats.")
        return redirect("planning:board_goals", kod=node.kod)
    return _form_page(
        request,
        form,
        "Ändra uppdrag" if pk else f"Nytt uppdrag från {node.namn}",
        [*node.ancestors(), node],
    )


# --- verksamhetsplan ----------------------------------------------------------------------


@login_required
def plan(request, kod):
    node = get_node(request.user, kod, VIEW)
    period = planperiod_from(request)
    plan = Verksamhetsplan.objects.of_node(node, period).first()
    return render(
        request,
        "planning/plan.html",
        {
            "node": node,
            "period": period,
            "plan": plan,
            "goals": plan.goals.select_related("overarching") if plan else [],
            "activities": sp.activities_of(plan) if plan else [],
            "can_edit": can(request.user, EDIT, node),
            "comments": sc.threads(request.user, CommentDoc.PLAN, plan, node),
            "kvittering": sc.acknowledgement_state(request.user, node, plan=plan)
            if plan and can_read_comments(request.user, node)
            else None,
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def plan_edit(request, kod):
    node = get_node(request.user, kod, EDIT)
    period = planperiod_from(request)
    plan = sp.plan_ensure(node=node, period=period)
    data = request.POST.copy() if request.method == "POST" else None
    form = PlanForm(data, instance=plan, goals=sg.goals_for_unit(node, period))
    if data is not None and form.is_valid():
        try:
            sp.plan_save(form=form, user=request.user)
        except StaleEdit:
            form.mark_stale()
        else:
            messages.success(request, "Verksamhetsplanen har sparats.")
            return redirect("planning:plan", kod=node.kod)
    return render(
        request,
        "planning/plan_edit.html",
        {
            "node": node,
            "period": period,
            "form": form,
            "plan": plan,
            "latest": getattr(form, "latest", None),
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def activity_edit(request, kod, pk=None):
    node = get_node(request.user, kod, EDIT)
    period = planperiod_from(request)
    plan = sp.plan_ensure(node=node, period=period)
    activity = get_object_or_404(Activity, pk=pk, plan=plan) if pk else Activity(plan=plan)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        goals=sg.goals_for_unit(node, period),
        period=period,
    )
    if request.method == "POST" and form.is_valid():
        sp.activity_save(form=form, plan=plan, user=request.user)
        messages.success(request, f"Aktiviteten ”{form.instance.title}” har sparats.")
        if form.instance.status == ActivityStatus.DONE:
            messages.info(request, "Aktiviteten är klar – vad ska ni ta er an härnäst?")
        return redirect("planning:plan", kod=node.kod)
    return _form_page(
        request,
        form,
        "Ändra aktivitet" if pk else "Ny aktivitet",
        [*node.ancestors(), node],
        back=plan.get_absolute_url(),
    )


@login_required
def plan_history(request, kod):
    node = get_node(request.user, kod, VIEW)
    plan = Verksamhetsplan.objects.of_node(node, planperiod_from(request)).first()
    if plan is None:
        raise Http404("Verksamhetsplanen finns inte.")
    return render(
        request,
        "planning/history.html",
        {
            "title": f"Ändringshistorik – {plan}",
            "rows": sorted(
                sp.plan_revisions(plan)
                + sc.history_rows(request.user, CommentDoc.PLAN, plan, node),
                key=lambda r: r["when"],
                reverse=True,
            ),
            "back": plan.get_absolute_url(),
            "crumbs": [*node.ancestors(), node],
        },
    )


# --- uppföljning --------------------------------------------------------------------------


@login_required
def followups(request):
    period = planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    return render(
        request,
        "planning/followups.html",
        {
            "period": period,
            "followups": Uppfoljning.objects.for_period(period),
            "can_manage": is_kommun_admin(request.user),
        },
    )


@login_required
@require_POST
def followup_create(request):
    period = planperiod_from(request)
    authorize_kommun_admin(request.user)
    fu = sf.followup_create(
        period=period, kind=request.POST.get("kind"), year=request.POST.get("year")
    )
    if fu is None:
        messages.error(request, "Välj typ och ett år i planperioden.")
        return redirect("planning:followups")
    return redirect(fu)


@login_required
@require_POST
def followup_publish(request, pk):
    """Publish the follow-up as a new frozen version, or (avpublicera) withdraw it."""
    fu = get_object_or_404(Uppfoljning, pk=pk)
    authorize_kommun_admin(request.user)
    if request.POST.get("avpublicera"):
        sf.followup_unpublish(fu=fu)
        messages.success(request, "Uppföljningen är inte längre publicerad.")
    else:
        fu = sf.followup_publish(fu=fu)
        planning_notifications.followup_published(fu)
        messages.success(
            request, f"Uppföljningen är publicerad som version {fu.published_version}."
        )
    return redirect(fu)


@login_required
def followup(request, pk):
    fu = get_object_or_404(Uppfoljning.objects.select_related("planperiod"), pk=pk)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    if fmt := export_format(request):
        rollup = sf.followup_rollup(request.user, fu, extras=False)
        return table_response(request, exports.followup_table(fu, rollup, root.namn), fmt)
    rollup = sf.followup_rollup(request.user, fu)
    return render(
        request,
        "planning/followup.html",
        {
            "fu": fu,
            **rollup,
            "changed_since_published": has_working_access(request.user)
            and sf.followup_changed_since_published(fu),
        },
    )


@login_required
def followup_node(request, pk, kod):
    """One node's assessment at a follow-up: a status and an analysis per goal (and uppdrag)."""
    fu = get_object_or_404(Uppfoljning.objects.select_related("planperiod"), pk=pk)
    node = OrgNode.objects.filter(kod=kod).first() or _404()
    action = sf.followup_action(node)
    editable = can(request.user, action, node)
    if not editable:
        # Support staff read the unit's draft to comment on it; they do not assess it.
        authorize_comments(request.user, node)
        if request.method == "POST":
            authorize(request.user, action, node)
    items = sf.followup_items(fu, node)
    data = request.POST if request.method == "POST" else None
    suggested = sf.suggestions_for(fu, node, [g for g, _ in items["goals"]])
    goal_forms = [
        (g, GoalStatusForm(data, instance=st, prefix=f"g{g.pk}", suggested=suggested[g.pk]))
        for g, st in items["goals"]
    ]
    upp_forms = [
        (u, UppdragReportForm(data, instance=r, prefix=f"u{u.pk}")) for u, r in items["uppdrag"]
    ]
    if data is not None and all(f.is_valid() for _, f in goal_forms + upp_forms):
        sf.followup_save(goal_forms=goal_forms, upp_forms=upp_forms, user=request.user)
        messages.success(request, f"Uppföljningen för {node.namn} har sparats.")
        return redirect(fu)
    return render(
        request,
        "planning/followup_node.html",
        {
            "fu": fu,
            "node": node,
            "editable": editable,
            "goal_forms": goal_forms,
            "upp_forms": upp_forms,
            "crumbs": [*node.ancestors(), node],
            "handlingsplan_actions": open_handlingsplan_actions(node),
            "comments": sc.threads(request.user, CommentDoc.FOLLOWUP, fu, node),
            "kvittering": sc.acknowledgement_state(request.user, node, followup=fu),
        },
    )


# --- the nämnd summary ---------------------------------------------------------------------


@login_required
def namnd_summary(request, kod):
    """The nämnd summary for förtroendevalda: published material only, phone first."""
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    if not node.is_board:
        raise Http404("Sammanfattningen finns för nämnder och styrelser.")
    context = summary.namnd_summary(node)
    context["feeds"] = feed_cards.board_overview(node, request.user)
    context["charts"] = summary_charts(context)
    context["crumbs"] = [*nodes_where(request.user, VIEW_PUBLISHED, node.ancestors()), node]
    return render(request, "planning/summary.html", context)


def _404():
    raise Http404("Enheten finns inte.")
