"""Ändringslogg: who changed published material, and when (issue 10).

Published material is what politicians read. The core does not know which material that is:
each feature app registers the sources of its changes in its own `<app>/changelog.py`,
found at start-up like the report kinds (see ReportsConfig.ready):

    from tillit.reports.changelog import Change, register_changes

    @register_changes
    def evaluations(limit):          # -> iterable of Change, newest first, at most `limit`
        ...

Each source reads with bounded queries; the log merges them, newest first.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

LIMIT = 200
CHANGE = {"+": "Skapad", "~": "Ändrad", "-": "Borttagen"}  # simple-history's history_type


@dataclass
class Change:
    when: datetime
    who: object  # User or None
    material: str
    change: str
    url: str = ""


Source = Callable[[int], Iterable[Change]]
_SOURCES: list[Source] = []


def register_changes(source):
    """Add `source(limit) -> iterable of Change` to the log (usable as a decorator)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def sources():
    return list(_SOURCES)


def published_changes(limit=LIMIT):
    rows = [change for source in _SOURCES for change in source(limit)]
    rows.sort(key=lambda c: c.when, reverse=True)
    return rows[:limit]
