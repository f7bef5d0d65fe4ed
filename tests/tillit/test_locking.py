"""No lost update: two people open the same record's form and both save.

Each case is a record a form edits, reached through its real page: both people load the form,
type different text and save; the first wins, the second is told, keeps what they typed and can
save again on top. A POST that does not say which revision it was opened at is refused."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from dialogue.models import Action, AgendaItem, Experience
from dialogue.services import create_dialogue
from planning.models import (
    Activity,
    GoalStatus,
    Nulageskarta,
    NulageskollItem,
    Omvarldsanalys,
    Trend,
    TrendResponse,
    Uppdrag,
    Verksamhetsplan,
)
from planning.services.followup import followup_create
from surveys.models import HmeAction, HmePlan, HmeRound, KompassAction, KompassEvaluation
from surveys.models.kompass import KompassVersion
from tests.factories import PASSWORD
from tests.planning.conftest import chain, period  # noqa: F401 (fixtures)
from tillit.cycle.models import CycleStep
from tillit.locking import (
    MISSING_MESSAGE,
    STALE_MESSAGE,
    Revisioned,
    RevisionForm,
    StaleEdit,
    current_revision,
    save_checked,
)
from tillit.org.models import OrgNode

HX = {"HTTP_HX_REQUEST": "true"}


class _Forms(HTMLParser):
    """What a browser would send for each form on the page (all successful controls)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            s = self._select
            for value in s["chosen"] or ([s["first"]] if s["first"] is not None else []):
                self._form["fields"].append([s["name"], value])
            self._select = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_data(html, field, action=None):
    """The data of the form on the page that has `field` in it (and posts to `action`, if
    given), as a dict of lists."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if action and form["action"] not in (action, None, ""):
            continue
        if any(name == field for name, _ in form["fields"]):
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with {field!r} on the page")


def signed_in(user):
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


# --- the records, each through its own edit page -------------------------------------------
# A case returns (user, page url, post url or None, field typed into, stored value getter,
# extra request headers).


def _omvarld(ctx):
    om = Omvarldsanalys.objects.get()
    return (
        ctx.personas.admin,
        reverse("planning:omvarld_edit"),
        None,
        "introduction",
        lambda: Omvarldsanalys.objects.get(pk=om.pk).introduction,
    )


def _trend(ctx):
    t = ctx.chain.trend
    return (
        ctx.personas.admin,
        reverse("planning:trend_edit", args=[t.pk]),
        None,
        "description",
        lambda: Trend.objects.get(pk=t.pk).description,
    )


def _trend_response(ctx):
    t = ctx.chain.trend
    TrendResponse.objects.create(trend=t, node=ctx.tree.SN, affects_us="Från början")
    return (
        ctx.personas.chef,
        reverse("planning:trend_responses", args=["SN"]),
        None,
        f"t{t.pk}-affects_us",
        lambda: TrendResponse.objects.get(trend=t, node=ctx.tree.SN).affects_us,
    )


def _trend_response_new(ctx):
    """Nobody had answered when both opened the page: the second is told, not duplicated."""
    t = ctx.chain.trend
    return (
        ctx.personas.chef,
        reverse("planning:trend_responses", args=["SN"]),
        None,
        f"t{t.pk}-affects_us",
        lambda: TrendResponse.objects.get(trend=t, node=ctx.tree.SN).affects_us,
    )


def _analysis(ctx):
    return (
        ctx.personas.chef,
        reverse("planning:analysis_edit", args=["SN"]),
        None,
        "resultat_text",
        lambda: ctx.chain.sn.sections.get(key="resultat").text,
    )


def _karta(ctx):
    return (
        ctx.personas.fc,
        reverse("planning:karta_edit", args=["BUN"]),
        None,
        "summary",
        lambda: Nulageskarta.objects.get(pk=ctx.chain.bun.pk).summary,
    )


def _theme(ctx):
    theme = ctx.chain.theme
    return (
        ctx.personas.fc,
        reverse("planning:theme_edit", args=["BUN", theme.pk]),
        None,
        "summary",
        lambda: type(theme).objects.get(pk=theme.pk).summary,
    )


def _conclusion(ctx):
    c = ctx.chain.conclusion
    return (
        ctx.personas.fc,
        reverse("planning:conclusion_edit", args=[c.pk]),
        None,
        "text",
        lambda: type(c).objects.get(pk=c.pk).text,
    )


def _area(ctx):
    a = ctx.chain.area
    return (
        ctx.personas.admin,
        reverse("planning:area_edit", args=[a.pk]),
        None,
        "description",
        lambda: type(a).objects.get(pk=a.pk).description,
    )


def _overarching(ctx):
    g = ctx.chain.over
    return (
        ctx.personas.admin,
        reverse("planning:overarching_edit", args=[g.pk]),
        None,
        "description",
        lambda: type(g).objects.get(pk=g.pk).description,
    )


def _namndmal(ctx):
    g = ctx.chain.goal
    return (
        ctx.personas.fc,
        reverse("planning:goal_edit", args=["BUN", g.pk]),
        None,
        "description",
        lambda: type(g).objects.get(pk=g.pk).description,
    )


def _uppdrag(ctx):
    u = Uppdrag.objects.create(node=ctx.tree.BUN, planperiod=ctx.period, title="Utred skolskjuts")
    return (
        ctx.personas.fc,
        reverse("planning:uppdrag_edit", args=["BUN", u.pk]),
        None,
        "description",
        lambda: Uppdrag.objects.get(pk=u.pk).description,
    )


def _plan(ctx):
    return (
        ctx.personas.chef,
        reverse("planning:plan_edit", args=["SN"]),
        None,
        "mission",
        lambda: Verksamhetsplan.objects.get(node=ctx.tree.SN).mission,
    )


def _activity(ctx):
    plan = Verksamhetsplan.objects.get(node=ctx.tree.SN)
    a = Activity.objects.create(plan=plan, title="Rastvärdar", description="Från början")
    a.namndmal.add(ctx.chain.goal)
    return (
        ctx.personas.chef,
        reverse("planning:activity_edit", args=["SN", a.pk]),
        None,
        "description",
        lambda: Activity.objects.get(pk=a.pk).description,
    )


def _goal_status(ctx):
    fu = followup_create(period=ctx.period, kind="delar", year=ctx.period.budget_year)
    g = ctx.chain.goal
    GoalStatus.objects.create(followup=fu, node=ctx.tree.BUN, namndmal=g, status="gron")
    return (
        ctx.personas.fc,
        reverse("planning:followup_node", args=[fu.pk, "BUN"]),
        None,
        f"g{g.pk}-analysis",
        lambda: GoalStatus.objects.get(followup=fu, namndmal=g).analysis,
    )


def _nulageskoll_item(ctx):
    item = NulageskollItem.objects.create(node=ctx.tree.SN, nyckeltal=ctx.chain.nyckeltal)
    return (
        ctx.personas.chef,
        reverse("planning:nyckeltal:item_edit", args=["SN", item.pk]),
        None,
        "comment",
        lambda: NulageskollItem.objects.get(pk=item.pk).comment,
    )


def _dialogue(ctx):
    d = ctx.dialogue()
    return (
        ctx.personas.hr,
        reverse("dialogue:edit", args=[d.pk]),
        None,
        "theme",
        lambda: type(d).objects.get(pk=d.pk).theme,
    )


def _agenda_item(kind):
    def case(ctx):
        d = ctx.dialogue()
        item = d.items.order_by("order").first()
        user = ctx.personas.hr if kind == "material" else ctx.personas.chef
        post = "dialogue:item_material" if kind == "material" else "dialogue:item_notes"
        return (
            user,
            d.get_absolute_url(),
            reverse(post, args=[d.pk, item.pk]),
            kind,
            lambda: getattr(AgendaItem.objects.get(pk=item.pk), kind),
            HX,
        )

    return case


def _economy(ctx):
    from dialogue.models import EconomyFigures

    d = ctx.dialogue()
    EconomyFigures.objects.create(dialogue=d, comment="Från början")
    return (
        ctx.personas.hr,
        d.get_absolute_url(),
        reverse("dialogue:economy", args=[d.pk]),
        "comment",
        lambda: EconomyFigures.objects.get(dialogue=d).comment,
    )


def _dialogue_action(ctx):
    d = ctx.dialogue()
    action = Action.objects.create(
        dialogue=d, item=d.items.first(), text="Ny rastplan", created_by=ctx.personas.hr
    )
    return (
        ctx.personas.hr,
        d.get_absolute_url(),
        reverse("dialogue:action_status", args=[action.pk]),
        "comment",
        lambda: Action.objects.get(pk=action.pk).comment,
        HX,
    )


def _experience(ctx):
    exp = Experience.objects.create(
        node=ctx.tree.SN,
        author=ctx.personas.chef,
        title="Rastvärdar",
        topic="Trygghet",
        problem="Från början",
        measure="Rastvärdar",
        outcome="Lugnare raster",
        analysis="Synlighet",
    )
    return (
        ctx.personas.chef,
        reverse("dialogue:experience_edit", args=[exp.pk]),
        None,
        "problem",
        lambda: Experience.objects.get(pk=exp.pk).problem,
    )


def _hme_plan(ctx):
    rnd = HmeRound.objects.create(year=2026, status=HmeRound.Status.COMPUTED)
    HmePlan.objects.create(round=rnd, node=ctx.tree.SN)
    return (
        ctx.personas.chef,
        reverse("surveys:hme_plan", args=[2026, "SN"]),
        None,
        "focus_other",
        lambda: HmePlan.objects.get(round=rnd, node=ctx.tree.SN).focus_other,
        {"button": ("save_plan", "1")},
    )


def _kompass(ctx):
    version = KompassVersion.objects.get(name="2019/2020")
    return KompassEvaluation.objects.create(
        node=ctx.tree.K, version=version, year=2026, kind="extern"
    )


def _kompass_findings(ctx):
    ev = _kompass(ctx)
    return (
        ctx.personas.admin,
        reverse("surveys:kompass:findings", args=["K", ev.pk]),
        None,
        "evaluators",
        lambda: KompassEvaluation.objects.get(pk=ev.pk).evaluators,
    )


def _kompass_action(ctx):
    from surveys.kompass.services import plan_for

    ev = _kompass(ctx)
    action = KompassAction.objects.create(
        plan=plan_for(ev),
        area=ev.version.areas.order_by("number").first(),
        text="Från början",
        responsible="Kommundirektören",
    )
    return (
        ctx.personas.admin,
        reverse("surveys:kompass:action_edit", args=["K", ev.pk, action.pk]),
        None,
        "text",
        lambda: KompassAction.objects.get(pk=action.pk).text,
    )


def _maturity(ctx):
    from surveys.models import MaturityAssessment
    from surveys.models.maturity import PRINCIPLE_FIELDS

    MaturityAssessment.objects.create(
        node=ctx.tree.SN, year=2026, overall=3, **dict.fromkeys(PRINCIPLE_FIELDS, 3)
    )
    return (
        ctx.personas.chef,
        reverse("surveys:maturity:edit", args=["SN", 2026]),
        None,
        "tillit_kommentar",
        lambda: MaturityAssessment.objects.get(node=ctx.tree.SN, year=2026).tillit_kommentar,
    )


def _org_node(ctx):
    return (
        ctx.personas.admin,
        reverse("org:node_edit", args=["SN"]),
        None,
        "namn",
        lambda: OrgNode.objects.get(kod="SN").namn,
    )


def _cycle_step(ctx):
    step = CycleStep.objects.filter(planperiod=ctx.period).order_by("pk").first()
    index = list(CycleStep.objects.filter(planperiod=ctx.period).order_by("pk")).index(step)
    return (
        ctx.personas.admin,
        reverse("cycle:period", args=[ctx.period.budget_year]),
        None,
        f"steps-{index}-description",
        lambda: CycleStep.objects.get(pk=step.pk).description,
    )


CASES = {
    "omvärldsanalysens inledning": _omvarld,
    "trend": _trend,
    "verksamhetens svar på en trend": _trend_response,
    "verksamhetens första svar på en trend": _trend_response_new,
    "nulägesanalys": _analysis,
    "nulägeskarta": _karta,
    "nulägeskartans tema": _theme,
    "slutsats": _conclusion,
    "strategiskt område": _area,
    "övergripande mål": _overarching,
    "nämndmål": _namndmal,
    "uppdrag": _uppdrag,
    "verksamhetsplan": _plan,
    "aktivitet": _activity,
    "uppföljningens målstatus": _goal_status,
    "nulägeskollens nyckeltal": _nulageskoll_item,
    "verksamhetsdialog": _dialogue,
    "dialogpunktens underlag": _agenda_item("material"),
    "dialogpunktens anteckningar": _agenda_item("notes"),
    "dialogens ekonomi": _economy,
    "dialogens åtgärd": _dialogue_action,
    "delad erfarenhet": _experience,
    "HME-handlingsplan": _hme_plan,
    "Kommunkompassens omdömen": _kompass_findings,
    "Kommunkompassens åtgärd": _kompass_action,
    "tillitsmognad": _maturity,
    "organisationsnod": _org_node,
    "årshjulets steg": _cycle_step,
}


class Ctx(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def ctx(tree, personas, chain, period):  # noqa: F811
    from tests.factories import UserFactory, give_role
    from tillit.org.models import Role

    gs_chef = UserFactory(username="verksamhetschef")
    give_role(gs_chef, tree.GS, Role.CHEF)

    def dialogue():
        return create_dialogue(
            node=tree.SN,
            date=datetime.date(2027, 2, 10),
            created_by=personas.hr,
            managers=[personas.chef, gs_chef],
            support=[personas.hr],
            planperiod=period,
        )

    return Ctx(tree=tree, personas=personas, chain=chain, period=period, dialogue=dialogue)


def _open(case, ctx):
    user, page, post, field, stored, *rest = CASES[case](ctx)
    options = rest[0] if rest else {}
    headers = options if options is HX else {}
    return user, page, post or page, field, stored, headers, options


def _typed(client, page, post, field, text, options):
    html = client.get(page).content.decode()
    data = form_data(html, field, post)
    data[field] = [text]
    if "button" in options:
        name, value = options["button"]
        data[name] = [value]
    return data


def _texts(case):
    return "Anna skrev detta", "Bertil skrev detta"


@pytest.mark.parametrize("case", list(CASES))
def test_the_second_of_two_writers_is_told_keeps_their_text_and_the_first_is_intact(case, ctx):
    user, page, post, field, stored, headers, options = _open(case, ctx)
    anna, bertil = signed_in(user), signed_in(user)
    first_text, second_text = _texts(case)
    first = _typed(anna, page, post, field, first_text, options)
    second = _typed(bertil, page, post, field, second_text, options)

    saved = anna.post(post, first, **headers)
    assert saved.status_code in (200, 302)
    assert STALE_MESSAGE not in saved.content.decode()
    assert str(stored()) == first_text, saved.content.decode()[-3000:]

    refused = bertil.post(post, second, **headers)
    page_back = refused.content.decode()
    assert refused.status_code == 200
    assert STALE_MESSAGE in page_back
    assert second_text in page_back  # what Bertil typed is still there
    assert str(stored()) == first_text  # and Anna's text is intact

    # Bertil compares and saves again: the form he got back carries the latest revision.
    again = form_data(page_back, field, post)
    again[field] = [second_text]
    if "button" in options:
        name, value = options["button"]
        again[name] = [value]
    resaved = bertil.post(post, again, **headers)
    assert STALE_MESSAGE not in resaved.content.decode()
    assert str(stored()) == second_text


@pytest.mark.parametrize("case", [c for c in CASES if c != "verksamhetens första svar på en trend"])
def test_a_save_that_does_not_say_which_version_it_was_opened_at_is_refused(case, ctx):
    user, page, post, field, stored, headers, options = _open(case, ctx)
    client = signed_in(user)
    before = stored()
    first_text, _ = _texts(case)
    data = _typed(client, page, post, field, first_text, options)
    for name in [n for n in data if n.endswith("seen_revision")]:
        del data[name]
    response = client.post(post, data, **headers)
    assert response.status_code in (200, 400)
    assert MISSING_MESSAGE in response.content.decode()
    assert stored() == before


# --- the mechanism itself ------------------------------------------------------------------


def _model_forms():
    """Every ModelForm the project defines."""
    import importlib

    from django import forms

    for module in (
        "planning.forms",
        "planning.nyckeltal.forms",
        "dialogue.forms",
        "surveys.hme.forms",
        "surveys.kompass.forms",
        "surveys.maturity.forms",
        "tillit.org.forms",
        "tillit.cycle.forms",
    ):
        importlib.import_module(module)
    seen, todo = set(), [forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen and sub.__module__.split(".")[0] in (
                "planning",
                "dialogue",
                "surveys",
                "tillit",
            ):
                seen.add(sub)
            todo.append(sub)
    return [f for f in seen if getattr(getattr(f, "_meta", None), "model", None)]


# Forms that only ever create a record (nothing to overwrite), or edit a person's account.
NOT_A_SHARED_EDIT = {
    "tillit.org.forms.NodeForm",  # a new node; renaming is RenameForm
    "tillit.org.forms.UserForm",  # a new account
    "tillit.org.forms.RoleForm",  # a new role assignment
    "tillit.cycle.forms.PlanperiodForm",  # a new planperiod; its steps are StepForm
    "planning.nyckeltal.forms.LocalNyckeltalForm",  # a new local nyckeltal
    "dialogue.forms.ActionForm",  # a new action; its follow-up is ActionStatusForm
    "dialogue.forms.DelaktighetForm",  # a new delaktighetsdialog
    "surveys.hme.forms.RoundForm",  # a new round
    "surveys.hme.forms.ReferenceForm",  # the national reference, replaced by year
    "surveys.hme.forms.ActionForm",  # a new HME action; its status has the revision
}


def test_every_model_form_carries_the_revision_and_its_model_has_one():
    found = _model_forms()
    assert len(found) > 20
    for form in found:
        if f"{form.__module__}.{form.__name__}" in NOT_A_SHARED_EDIT:
            continue
        assert issubclass(form, RevisionForm), form.__qualname__
        assert issubclass(form._meta.model, Revisioned), form._meta.model.__name__


def test_a_save_on_an_old_revision_is_refused_in_one_update(ctx, django_assert_num_queries):
    plan = Verksamhetsplan.objects.get(node=ctx.tree.SN)
    activity = Activity.objects.create(plan=plan, title="Rastvärdar")
    first = Activity.objects.get(pk=activity.pk)
    second = Activity.objects.get(pk=activity.pk)
    first.description = "Anna"
    save_checked(first, 1)
    second.description = "Bertil"
    with pytest.raises(StaleEdit):
        save_checked(second, 1)
    assert Activity.objects.get(pk=activity.pk).description == "Anna"
    assert current_revision(activity) == 2
    # The compare-and-increment is one UPDATE … WHERE revision = seen.
    activity.refresh_from_db()
    recorder = _Recorder()
    with connection.execute_wrapper(recorder):
        save_checked(activity, 2)
    claim = [sql for sql in recorder.sql if sql.startswith("UPDATE") and "revision" in sql]
    assert claim and '"revision" = ' in claim[0] and "WHERE" in claim[0]


def test_a_save_without_a_revision_is_refused_by_the_service(ctx):
    action = HmeAction.objects.create(
        plan=HmePlan.objects.create(
            round=HmeRound.objects.create(year=2026, status=HmeRound.Status.COMPUTED),
            node=ctx.tree.SN,
        ),
        text="Från början",
    )
    action.text = "Utan version"
    with pytest.raises(StaleEdit):
        save_checked(action, None)
    assert HmeAction.objects.get(pk=action.pk).text == "Från början"


class _Recorder:
    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def test_a_write_refused_in_the_last_moment_answers_409_in_swedish_not_500(rf):
    from tillit.locking import StaleEditMiddleware

    request = rf.post("/")
    response = StaleEditMiddleware(lambda r: None).process_exception(request, StaleEdit())
    assert response.status_code == 409
    assert STALE_MESSAGE in response.content.decode()


def test_the_hme_action_status_without_its_revision_changes_nothing(ctx):
    rnd = HmeRound.objects.create(year=2026, status=HmeRound.Status.COMPUTED)
    plan = HmePlan.objects.create(round=rnd, node=ctx.tree.SN)
    action = HmeAction.objects.create(plan=plan, text="Medarbetarsamtal")
    client = signed_in(ctx.personas.chef)
    url = reverse("surveys:hme_action_status", args=[action.pk])
    client.post(url, {"status": "done"})
    assert HmeAction.objects.get(pk=action.pk).status != "done"
    client.post(url, {"status": "ongoing", "seen_revision": action.revision})
    page = client.post(
        url, {"status": "done", "seen_revision": action.revision}, follow=True
    ).content.decode()
    assert STALE_MESSAGE in page
    assert HmeAction.objects.get(pk=action.pk).status == "ongoing"
