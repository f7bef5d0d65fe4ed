"""Views of the planning chain: fetch, check access, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from surveys.handlingsplaner import open_handlingsplan_actions
from tillit.org.models import NodeType, OrgNode
from tillit.org.permissions import (
    COMPILE,
    EDIT,
    MANAGE,
    VIEW,
    VIEW_PUBLISHED,
    authorize,
    can,
    get_node,
    nodes_where,
)

from . import services as s
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
    Conclusion,
    KartaStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    NulageskartaVersion,
    OverarchingGoal,
    StrategicArea,
    Trend,
    TrendResponse,
    Uppdrag,
    Uppfoljning,
)


def _root():
    root = OrgNode.objects.filter(depth=1).first()
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
    period = s.planperiod_from(request)
    ctx = s.overview(request.user, period)
    return render(request, "planning/index.html", {"period": period, **ctx})


# --- omvärldsanalys -----------------------------------------------------------------------


@login_required
def omvarld(request):
    period = s.planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    analysis = s.omvarldsanalys_for(period)
    own = nodes_where(request.user, EDIT).exclude(typ=NodeType.KOMMUN)[:20]
    return render(
        request,
        "planning/omvarld.html",
        {
            "period": period,
            "analysis": analysis,
            "trends": analysis.trends.all() if analysis else [],
            "can_manage": can(request.user, MANAGE, root),
            "own_nodes": own,
        },
    )


@login_required
def omvarld_edit(request):
    period = s.planperiod_from(request)
    authorize(request.user, MANAGE, _root())
    analysis = s.omvarldsanalys_for(period, create=True)
    form = OmvarldForm(request.POST or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Omvärldsanalysen har sparats.")
        return redirect("planning:omvarld")
    return _form_page(request, form, f"Inledning till omvärldsanalysen {period.budget_year}")


@login_required
def trend_edit(request, pk=None):
    period = s.planperiod_from(request)
    authorize(request.user, MANAGE, _root())
    analysis = s.omvarldsanalys_for(period, create=True)
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
    period = s.planperiod_from(request)
    analysis = s.omvarldsanalys_for(period)
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
        s.save_trend_responses(forms_, request.user)
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
    period = s.planperiod_from(request)
    analysis = s.analysis_for(node, period)
    sections = s.sections_of(analysis) if analysis else []
    cited = s.citing_conclusions(sections)
    return render(
        request,
        "planning/analysis.html",
        {
            "node": node,
            "period": period,
            "analysis": analysis,
            "sections": [(sec, cited.get(sec.pk, [])) for sec in sections],
            "can_edit": can(request.user, EDIT, node),
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def analysis_edit(request, kod):
    node = get_node(request.user, kod, EDIT)
    period = s.planperiod_from(request)
    analysis = s.analysis_for(node, period, create=True)
    sections = s.sections_of(analysis)
    om = s.omvarldsanalys_for(period)
    trends = om.trends.all() if om else Trend.objects.none()
    data = request.POST.copy() if request.method == "POST" else None
    form = AnalysisForm(
        data,
        sections=sections,
        trends=trends,
        revision=analysis.revision,
        initial={"status": analysis.status},
    )
    if data is not None and form.is_valid():
        try:
            s.save_analysis(analysis, form, request.user)
        except s.StaleEdit:
            form = s.stale_form(form, data, analysis)
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
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, VIEW_PUBLISHED)
    karta = s.karta_for(node, period)
    if not s.can_for(request.user, VIEW, node):
        version = s.latest_version(karta)
        if version is None:
            return render(
                request,
                "planning/karta_none.html",
                {"node": node, "period": period, "crumbs": node.ancestors()},
            )
        return redirect(version)
    return render(
        request,
        "planning/karta.html",
        {
            "node": node,
            "period": period,
            "karta": karta,
            "themes": s.themes_of(karta) if karta else [],
            "versions": karta.versions.select_related("handed_over_by") if karta else [],
            "can_compile": s.can_for(request.user, COMPILE, node),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def karta_edit(request, kod):
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
    karta = s.karta_for(node, period, create=True)
    data = request.POST.copy() if request.method == "POST" else None
    form = KartaForm(data, instance=karta, revision=karta.revision)
    if data is not None and form.is_valid():
        try:
            s.save_karta(form.instance, form.seen(), request.user)
        except s.StaleEdit:
            form = s.stale_form(form, data, karta)
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
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
    karta = s.karta_for(node, period, create=True)
    theme = get_object_or_404(KartaTheme, pk=pk, karta=karta) if pk else None
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        if theme is None:
            s.add_theme(
                karta, form.cleaned_data["title"], form.cleaned_data["summary"], request.user
            )
        else:
            form.save()
            s.note_karta_changed(karta, request.user)
        messages.success(request, "Temat har sparats.")
        return redirect("planning:karta", kod=node.kod)
    title = f"Ändra temat {theme.title}" if theme else "Nytt tema i nulägeskartan"
    return _form_page(request, form, title, [*node.ancestors(), node])


@login_required
def karta_compile(request, kod):
    """Pick conclusions from the units' nulägesanalyser: copy, edit, keep the link."""
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
    karta = s.karta_for(node, period, create=True)
    kod_under = request.GET.get("enhet") or request.POST.get("enhet") or ""
    under = OrgNode.objects.filter(kod=kod_under, path__startswith=node.path).first()
    units = s.compile_units(karta)
    source = None
    if request.method == "POST":
        source = get_object_or_404(s.source_sections(karta), pk=request.POST.get("source"))
        form = ConclusionForm(request.POST, karta=karta, prefix=f"s{source.pk}")
        if form.is_valid():
            s.add_conclusion(
                form.cleaned_data["theme"], form.cleaned_data["text"], source, request.user
            )
            messages.success(
                request, f"Slutsatsen från {source.analysis.node.namn} har lagts till."
            )
            query = f"?period={period.pk}&enhet={kod_under}" if under else f"?period={period.pk}"
            return redirect(f"{request.path}{query}#s{source.pk}")
    show_rows = under is not None or len(units) <= s.COMPILE_ALL_LIMIT
    rows = (
        s.compile_rows(karta, bound=(source.pk, form) if source else None, under=under)
        if show_rows
        else []
    )
    return render(
        request,
        "planning/karta_compile.html",
        {
            "node": node,
            "period": period,
            "karta": karta,
            "rows": rows,
            "units": units,
            "under": under,
            "show_rows": show_rows,
            "has_themes": karta.themes.exists(),
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def conclusion_edit(request, pk):
    conclusion = get_object_or_404(
        Conclusion.objects.select_related("theme__karta__node", "source__analysis__node"), pk=pk
    )
    karta = conclusion.theme.karta
    s.authorize_for(request.user, COMPILE, karta.node)
    if request.method == "POST" and "delete" in request.POST:
        conclusion.delete()
        s.note_karta_changed(karta, request.user)
        messages.success(request, "Slutsatsen har tagits bort.")
        return redirect("planning:karta", kod=karta.node.kod)
    form = ConclusionForm(request.POST or None, instance=conclusion, karta=karta)
    if request.method == "POST" and form.is_valid():
        form.save()
        s.note_karta_changed(karta, request.user)
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
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
    karta = s.karta_for(node, period, create=True)
    if request.POST.get("action") == "overlamna":
        try:
            version = s.hand_over(karta, request.user)
        except s.HandoverError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request,
                f"Nulägeskartan har lämnats över till {node.namn} (version {version.number}).",
            )
    elif request.POST.get("action") == "klar":
        karta.status = KartaStatus.READY
        s.save_checked(karta, None, request.user)
        messages.success(request, "Nulägeskartan är markerad som klar.")
    return redirect("planning:karta", kod=node.kod)


@login_required
def karta_version(request, pk):
    version = get_object_or_404(
        NulageskartaVersion.objects.select_related(
            "karta__node", "karta__planperiod", "handed_over_by"
        ),
        pk=pk,
    )
    node = version.karta.node
    s.authorize_for(request.user, VIEW_PUBLISHED, node)
    return render(
        request,
        "planning/karta_version.html",
        {
            "version": version,
            "node": node,
            "content": version.content,
            "can_view_live": s.can_for(request.user, VIEW, node),
            "others": version.karta.versions.only("pk", "number", "handed_over_at"),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def karta_history(request, kod):
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, VIEW)
    karta = s.karta_for(node, period)
    if karta is None:
        raise Http404("Nulägeskartan finns inte.")
    return render(
        request,
        "planning/history.html",
        {
            "title": f"Ändringshistorik – {karta}",
            "rows": s.karta_revisions(karta),
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
    period = s.planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    return render(
        request,
        "planning/goals.html",
        {
            "period": period,
            "can_manage": can(request.user, MANAGE, root),
            **s.goal_overview(request.user, period),
        },
    )


@login_required
def area_edit(request, pk=None):
    period = s.planperiod_from(request)
    authorize(request.user, MANAGE, _root())
    area = get_object_or_404(StrategicArea, pk=pk) if pk else StrategicArea(planperiod=period)
    form = StrategicAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Det strategiska området har sparats.")
        return redirect("planning:goals")
    return _form_page(request, form, "Strategiskt område (beslutas av kommunfullmäktige)")


@login_required
def overarching_edit(request, pk=None):
    period = s.planperiod_from(request)
    authorize(request.user, MANAGE, _root())
    goal = get_object_or_404(OverarchingGoal, pk=pk) if pk else None
    form = OverarchingGoalForm(
        request.POST or None,
        instance=goal,
        period=period,
        initial={"area": request.GET.get("area")},
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
            "can_manage": can(request.user, MANAGE, root),
            **s.overarching_detail(request.user, goal),
        },
    )


@login_required
def board_goals(request, kod):
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, VIEW_PUBLISHED)
    return render(
        request,
        "planning/board_goals.html",
        {
            "node": node,
            "period": period,
            "goals": s.goals_of_board(node, period),
            "uppdrag": Uppdrag.objects.filter(node=node, planperiod=period).select_related(
                "owner", "owner_node"
            ),
            "warning": s.goal_count_warning(node, period),
            "can_compile": s.can_for(request.user, COMPILE, node),
            "crumbs": node.ancestors(),
        },
    )


@login_required
def goal_edit(request, kod, pk=None):
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
    goal = get_object_or_404(Namndmal, pk=pk, node=node) if pk else Namndmal(node=node)
    form = NamndmalForm(
        request.POST or None, instance=goal, period=period, karta=s.karta_for(node, period)
    )
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, "Nämndmålet har sparats.")
        warning = s.goal_count_warning(node, period)
        if warning:
            messages.warning(request, warning)
        return redirect(goal)
    return _form_page(
        request,
        form,
        "Ändra nämndmål" if pk else f"Nytt nämndmål för {node.namn}",
        [*node.ancestors(), node],
        intro=s.goal_count_warning(node, period),
    )


@login_required
def goal(request, pk):
    goal = get_object_or_404(
        Namndmal.objects.select_related("node", "overarching__area__planperiod"), pk=pk
    )
    s.authorize_for(request.user, VIEW_PUBLISHED, goal.node)
    return render(
        request,
        "planning/goal.html",
        {
            "goal": goal,
            "node": goal.node,
            "can_compile": s.can_for(request.user, COMPILE, goal.node),
            "crumbs": [*goal.node.ancestors(), goal.node],
            **s.goal_detail(request.user, goal),
        },
    )


@login_required
def target_add(request, pk):
    goal = get_object_or_404(Namndmal.objects.select_related("node"), pk=pk)
    s.authorize_for(request.user, COMPILE, goal.node)
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
        authorize(request.user, MANAGE, _root())
        target.delete()
        return redirect(target.overarching)
    s.authorize_for(request.user, COMPILE, target.namndmal.node)
    target.delete()
    messages.success(request, "Målvärdet har tagits bort.")
    return redirect(target.namndmal)


@login_required
def overarching_target_add(request, pk):
    goal = get_object_or_404(OverarchingGoal.objects.select_related("area__planperiod"), pk=pk)
    authorize(request.user, MANAGE, _root())
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
    period = s.planperiod_from(request)
    node = s.get_board(request.user, kod, COMPILE)
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
    period = s.planperiod_from(request)
    plan = s.plan_for(node, period)
    return render(
        request,
        "planning/plan.html",
        {
            "node": node,
            "period": period,
            "plan": plan,
            "goals": plan.goals.select_related("overarching") if plan else [],
            "activities": s.activities_of(plan) if plan else [],
            "can_edit": can(request.user, EDIT, node),
            "crumbs": [*node.ancestors(), node],
        },
    )


@login_required
def plan_edit(request, kod):
    node = get_node(request.user, kod, EDIT)
    period = s.planperiod_from(request)
    plan = s.plan_for(node, period, create=True)
    data = request.POST.copy() if request.method == "POST" else None
    form = PlanForm(
        data, instance=plan, revision=plan.revision, goals=s.goals_for_unit(node, period)
    )
    if data is not None and form.is_valid():
        try:
            s.save_plan(form, request.user)
        except s.StaleEdit:
            form = s.stale_form(form, data, plan)
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
    period = s.planperiod_from(request)
    plan = s.plan_for(node, period, create=True)
    activity = get_object_or_404(Activity, pk=pk, plan=plan) if pk else Activity(plan=plan)
    form = ActivityForm(
        request.POST or None, instance=activity, goals=s.goals_for_unit(node, period), period=period
    )
    if request.method == "POST" and form.is_valid():
        s.save_activity(form, plan, request.user)
        messages.success(request, f"Aktiviteten ”{form.instance.title}” har sparats.")
        if form.instance.status == "klar":
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
    plan = s.plan_for(node, s.planperiod_from(request))
    if plan is None:
        raise Http404("Verksamhetsplanen finns inte.")
    return render(
        request,
        "planning/history.html",
        {
            "title": f"Ändringshistorik – {plan}",
            "rows": s.plan_revisions(plan),
            "back": plan.get_absolute_url(),
            "crumbs": [*node.ancestors(), node],
        },
    )


# --- uppföljning --------------------------------------------------------------------------


@login_required
def followups(request):
    period = s.planperiod_from(request)
    root = _root()
    authorize(request.user, VIEW_PUBLISHED, root)
    return render(
        request,
        "planning/followups.html",
        {
            "period": period,
            "followups": Uppfoljning.objects.filter(planperiod=period),
            "can_manage": can(request.user, MANAGE, root),
        },
    )


@login_required
@require_POST
def followup_create(request):
    period = s.planperiod_from(request)
    authorize(request.user, MANAGE, _root())
    fu = s.followup_create(period, request.POST.get("kind"), request.POST.get("year"))
    if fu is None:
        messages.error(request, "Välj typ och ett år i planperioden.")
        return redirect("planning:followups")
    return redirect(fu)


@login_required
@require_POST
def followup_publish(request, pk):
    fu = get_object_or_404(Uppfoljning, pk=pk)
    authorize(request.user, MANAGE, _root())
    fu.published = not fu.published
    fu.save(update_fields=["published"])
    messages.success(
        request,
        "Uppföljningen är publicerad."
        if fu.published
        else "Uppföljningen är inte längre publicerad.",
    )
    return redirect(fu)


@login_required
def followup(request, pk):
    fu = get_object_or_404(Uppfoljning.objects.select_related("planperiod"), pk=pk)
    authorize(request.user, VIEW_PUBLISHED, _root())
    return render(
        request, "planning/followup.html", {"fu": fu, **s.followup_rollup(request.user, fu)}
    )


@login_required
def followup_node(request, pk, kod):
    """One node's assessment at a follow-up: a status and an analysis per goal (and uppdrag)."""
    fu = get_object_or_404(Uppfoljning.objects.select_related("planperiod"), pk=pk)
    node = OrgNode.objects.filter(kod=kod).first() or _404()
    action = s.followup_action(node)
    s.authorize_for(request.user, action, node)
    items = s.followup_items(fu, node)
    data = request.POST if request.method == "POST" else None
    suggested = s.suggestions_for(fu, node, [g for g, _ in items["goals"]])
    goal_forms = [
        (g, GoalStatusForm(data, instance=st, prefix=f"g{g.pk}", suggested=suggested[g.pk]))
        for g, st in items["goals"]
    ]
    upp_forms = [
        (u, UppdragReportForm(data, instance=r, prefix=f"u{u.pk}")) for u, r in items["uppdrag"]
    ]
    if data is not None and all(f.is_valid() for _, f in goal_forms + upp_forms):
        s.save_followup(goal_forms, upp_forms, request.user)
        messages.success(request, f"Uppföljningen för {node.namn} har sparats.")
        return redirect(fu)
    return render(
        request,
        "planning/followup_node.html",
        {
            "fu": fu,
            "node": node,
            "goal_forms": goal_forms,
            "upp_forms": upp_forms,
            "crumbs": [*node.ancestors(), node],
            "handlingsplan_actions": open_handlingsplan_actions(node),
        },
    )


def _404():
    raise Http404("Enheten finns inte.")
