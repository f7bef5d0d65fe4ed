import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# With USE_THOUSAND_SEPARATOR, a bare {{ obj.pk }} or {{ year }} renders as "1 232" / "2 026":
# broken ids, form names and headings. Ids and years go through |unlocalize (or {% url %}).
def _numberish(name):
    """Names that hold ids or years: pk, id, year, budget_year, latest_period, …"""
    return name in ("pk", "id") or name.endswith(("year", "period", "_id"))


EXPR = re.compile(r"\{\{\s*([\w.]+)((?:\s*\|[^}]*)?)\}\}")
SAFE = ("unlocalize", "stringformat", "date", "urlencode", "num", "pct")


def test_no_template_prints_an_id_or_a_year_with_a_thousand_separator():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in EXPR.finditer(line)
        if _numberish(match.group(1).split(".")[-1])
        and not any(f in match.group(2) for f in SAFE)
        and match.group(0) != "{{ form.id }}"  # a form's hidden id field, not a number
    ]
    assert offenders == []
