"""Every form page starts with an error summary (WCAG 3.3.1): each problem listed, each field's
problem a link to that field, and the fields keep what was typed (templates/_form_errors.html,
issue 18 item 6)."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="#([^"]+)">')


def _summary(html):
    match = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return match.group(1)


def test_a_rejected_form_lists_every_error_linked_to_its_field_and_keeps_the_text(client, personas):
    client.force_login(personas.admin)
    typed = "Nya skolan med ett långt namn som någon har skrivit"
    response = client.post("/organisation/K/ny/", {"kod": "A/B", "namn": typed, "typ": ""})
    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert html.index('class="error-summary"') < html.index('name="kod"')  # at the top
    targets = LINK.findall(summary)
    assert targets == ["id_kod", "id_typ"]
    for target in targets:
        assert f'id="{target}"' in html  # every link leads to a field on the page
    assert "Kod: " in summary and "Typ: " in summary  # each named by its label
    assert f'value="{typed}"' in html  # typed text kept
    assert 'value="A/B"' in html


class _Sample(forms.Form):
    title = forms.CharField(label="Rubrik", max_length=5)
    choice = forms.ChoiceField(
        label="Val", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Någon annan har sparat under tiden.")


def test_radio_buttons_prefixes_hidden_fields_and_form_wide_errors_are_covered():
    form = _Sample({"x-title": "för lång text"}, prefix="x")
    assert not form.is_valid()
    html = render_to_string("_form_errors.html", {"form": form}) + "".join(
        render_to_string("_field.html", {"field": field}) for field in form
    )
    summary = _summary(html)
    assert "Någon annan har sparat under tiden." in summary
    targets = LINK.findall(summary)
    assert targets == ["id_x-title", "id_x-choice"]
    for target in targets:
        assert f'id="{target}"' in html
    assert summary.count("<li>") == 4  # form-wide, title, choice and the hidden revision


def test_a_valid_or_unbound_form_shows_no_summary():
    assert "error-summary" not in render_to_string("_form_errors.html", {"form": _Sample()})
