"""One search over what the person may read. Each app registers its searchable querysets in
its `AppConfig.ready` (in its `search.py`), with one call:

    from tillit import search

    search.register(
        "plan",
        "Verksamhetsplan",
        queryset=lambda user: Verksamhetsplan.objects.filter(node_q(user, VIEW)),
        fields=["mission", "aims", "how", "long_term"],
        title=lambda plan: f"Verksamhetsplan {plan.node.namn}",
        url=lambda plan: plan.get_absolute_url(),
    )

`queryset(user)` answers only what `user` may read — through the permission module (`node_q`,
`nodes_where`, or the app's own `readable_…` built on them); the search adds no rule of its own.
On PostgreSQL the text is matched with full-text search in the `swedish` configuration (stems:
"förskolor" finds "förskola"), ranked (`SearchRank`) and shown with the matched words marked
(`SearchHeadline`). On SQLite (the quick start) every word must occur in one of the fields
(icontains), in no particular rank.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

_SOURCES = {}

CONFIG = "swedish"
PER_SOURCE = 20  # hits fetched from each source before ranking them together
MAX_RESULTS = 50
MAX_QUERY = 200  # characters of the query that are used
# Marks the headline puts around matched words: characters that never occur in the text, so
# the text is escaped as a whole and only these become <mark>.
_START, _STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    queryset: Callable
    fields: tuple
    title: Callable
    url: Callable


@dataclass(frozen=True)
class Hit:
    label: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    rank: float


def register(key, label, *, queryset, fields, title, url):
    """Add (or replace, by key) one searchable kind of thing."""
    _SOURCES[key] = Source(key, label, queryset, tuple(fields), title, url)
    return _SOURCES[key]


def sources():
    return list(_SOURCES.values())


def _is_postgres():
    return connection.vendor == "postgresql"


def _marked(text):
    """Escape the headline and turn the match marks into <mark>."""
    html = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)


def _document(fields):
    parts = []
    for i, f in enumerate(fields):
        if i:
            parts.append(Value(" · "))
        parts.append(Coalesce(f, Value(""), output_field=TextField()))
    return Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]


def _postgres_hits(source, user, text):
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    vector = SearchVector(*source.fields, config=CONFIG)
    qs = (
        source.queryset(user)
        .annotate(
            _search=vector,
            _rank=SearchRank(vector, query),
            _headline=SearchHeadline(
                _document(source.fields),
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=10,
                max_fragments=2,
            ),
        )
        .filter(_search=query)
        .order_by("-_rank", "pk")[:PER_SOURCE]
    )
    return [
        Hit(source.label, source.title(o), source.url(o), _marked(o._headline), float(o._rank))
        for o in qs
    ]


def _fallback_snippet(obj, fields, words, width=160):
    body = " · ".join(str(getattr(obj, f) or "") for f in fields)
    lower = body.lower()
    at = min((lower.find(w) for w in words if w in lower), default=0)
    start = max(at - width // 3, 0)
    piece = body[start : start + width]
    marked = escape(piece)
    for w in words:
        marked = re.sub(f"({re.escape(escape(w))})", r"<mark>\1</mark>", marked, flags=re.I)
    return mark_safe(("…" if start else "") + marked + ("…" if start + width < len(body) else ""))


def _fallback_hits(source, user, text):
    words = [w.lower() for w in text.split() if w.strip('"-')]
    words = [w.strip('"') for w in words if not w.startswith("-")]
    if not words:
        return []
    condition = Q()
    for w in words:
        any_field = Q()
        for f in source.fields:
            any_field |= Q(**{f"{f}__icontains": w})
        condition &= any_field
    qs = source.queryset(user).filter(condition).order_by("pk")[:PER_SOURCE]
    return [
        Hit(
            source.label,
            source.title(o),
            source.url(o),
            _fallback_snippet(o, source.fields, words),
            0.0,
        )
        for o in qs
    ]


def search(user, text, only=None):
    """The hits for `text` among what `user` may read, best first (at most MAX_RESULTS)."""
    text = " ".join((text or "").split())[:MAX_QUERY]
    if not text or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    find = _postgres_hits if _is_postgres() else _fallback_hits
    hits = []
    for source in _SOURCES.values():
        if only and source.key not in only:
            continue
        hits.extend(find(source, user, text))
    hits.sort(key=lambda h: -h.rank)
    return hits[:MAX_RESULTS]
