"""Tillit maturity: aggregation up the tree by path prefix, the heat map, who may do what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.maturity.rules import children_aggregates, heat, subtree_aggregate
from surveys.models import MaturityAssessment
from surveys.models.maturity import PRINCIPLE_FIELDS

pytestmark = pytest.mark.django_db


def assess(node, year=2024, overall="3.00", **ratings):
    values = {f: ratings.get(f, 3) for f in PRINCIPLE_FIELDS}
    return MaturityAssessment.objects.create(
        node=node, year=year, overall=Decimal(overall), **values
    )


def test_a_subtree_mean_covers_every_unit_that_answered_and_counts_them(tree):
    assess(tree.SN, tillit=5, overall="4.50")
    assess(tree.SS, tillit=2, overall="2.25")
    assess(tree.FS, tillit=4, overall="3.75")
    assess(tree.HT, tillit=1, overall="1.00")  # another nämnd
    assess(tree.SN, year=2023, tillit=1, overall="1.00")  # another year
    agg = subtree_aggregate(tree.BUN, 2024)
    assert agg.count == 3
    assert agg.means[0] == Decimal(11) / 3 or abs(agg.means[0] - Decimal(11) / 3) < Decimal("1e-9")
    assert agg.overall == Decimal("3.5")
    k = subtree_aggregate(tree.K, 2024)
    assert k.count == 4 and k.overall == Decimal("2.875")
    assert subtree_aggregate(tree.VON, 2023).count == 0


def test_children_are_aggregated_in_one_query_by_path_prefix(tree, django_assert_num_queries):
    assess(tree.SN, kunskap=5, overall="5.00")
    assess(tree.SS, kunskap=3, overall="3.00")
    assess(tree.GS, kunskap=1, overall="1.00")  # the verksamhet itself counts in its subtree
    assess(tree.FS, kunskap=2, overall="2.00")
    assess(tree.BUF, kunskap=4, overall="4.00")  # the parent is not in any child's row
    with django_assert_num_queries(1):
        rows = children_aggregates(tree.BUF, [tree.GS, tree.FS], 2024)
    assert rows[tree.GS.pk].count == 3
    assert rows[tree.GS.pk].means[1] == Decimal(3)
    assert rows[tree.GS.pk].overall == Decimal(3)
    assert rows[tree.FS.pk].count == 1 and rows[tree.FS.pk].overall == Decimal(2)


def test_a_child_without_answers_shows_an_empty_row(tree):
    rows = children_aggregates(tree.K, [tree.BUN, tree.VON], 2024)
    assert rows[tree.BUN.pk].count == 0 and rows[tree.BUN.pk].overall is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "none"), (Decimal("2.49"), "low"), (Decimal("2.5"), "mid"), (Decimal("3.5"), "high")],
)
def test_the_heat_colour_shows_where_support_is_needed(value, expected):
    assert heat(value) == expected


def url(name, *args):
    return reverse(f"surveys:maturity:{name}", args=args)


@pytest.mark.parametrize(
    ("who", "kod", "expected"),
    [
        ("admin", "SN", 200),
        ("chef", "SN", 200),
        ("hr", "GS", 200),
        ("chef", "SS", 404),
        ("outsider", "K", 404),
        ("politiker", "BUN", 200),  # aggregates at nämnd level
        ("politiker", "K", 200),  # and at kommun level
        ("politiker", "GS", 403),  # not unit by unit
    ],
)
def test_who_may_see_the_heat_map(client, personas, who, kod, expected):
    client.force_login(personas[who])
    assert client.get(url("overview", kod) + "?ar=2024").status_code == expected


def test_politicians_see_aggregates_but_not_the_units_comments(client, personas, tree):
    a = assess(tree.BUN, overall="3.75")
    a.tillit_kommentar = "Hemlig reflektion"
    a.save()
    client.force_login(personas.politiker)
    page = client.get(url("overview", "BUN") + "?ar=2024").content.decode()
    assert "3,75" in page and "Hemlig reflektion" not in page
    client.force_login(personas.admin)
    assert "Hemlig reflektion" in client.get(url("overview", "BUN") + "?ar=2024").content.decode()


@pytest.mark.parametrize(
    ("who", "kod", "expected"),
    [
        ("chef", "SN", 200),
        ("fc", "SN", 200),
        ("hr", "SN", 403),
        ("politiker", "BUN", 403),
        ("outsider", "SN", 404),
        ("chef", "SS", 404),
    ],
)
def test_editing_needs_edit_on_the_node(client, personas, who, kod, expected):
    client.force_login(personas[who])
    assert client.get(url("edit", kod, 2024)).status_code == expected


def test_a_unit_fills_in_its_self_assessment_with_a_decimal_overall(client, personas, tree):
    client.force_login(personas.chef)
    data = dict.fromkeys(PRINCIPLE_FIELDS, 4) | {"overall": "3,75", "tillit_kommentar": "Bra"}
    response = client.post(url("edit", "SN", 2024), data)
    assert response.status_code == 302
    saved = MaturityAssessment.objects.get(node=tree.SN, year=2024)
    assert saved.overall == Decimal("3.75") and saved.tillit == 4
    assert saved.updated_by == personas.chef
    bad = client.post(url("edit", "SN", 2024), {**data, "overall": "6", "kundfokus": ""})
    text = bad.content.decode()
    assert "Den samlade bedömningen får vara högst 5." in text
    assert "Välj en nivå för kundfokus." in text
    saved.refresh_from_db()
    assert saved.overall == Decimal("3.75")
