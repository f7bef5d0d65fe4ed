"""Which årshjul steps are carried by a document. Each app registers the documents of its
steps (in its `AppConfig.ready`), so the core names no feature app:

    from tillit.cycle import documents
    from tillit.cycle.models import StepKind

    documents.register(
        StepKind.VERKSAMHETSPLAN,
        url=lambda node, period: reverse("planning:plan", args=[node.kod]),
        done=lambda node_ids, period: set(
            Verksamhetsplan.objects.filter(node_id__in=node_ids, planperiod=period, status="klar")
            .values_list("node_id", flat=True)
        ),
    )

A task of such a step links to the document itself, and is done when the document is (`done`
answers the ids of the nodes whose document is done, in one query) — not by "Markera klar".
A step with a `url` and no `done` links to its page and is still marked done by hand; a step
with neither (no document at all) is marked done by hand, after a confirmation.
"""

from collections.abc import Callable
from dataclasses import dataclass

_DOCUMENTS = {}


@dataclass(frozen=True)
class StepDocument:
    kind: str
    url: Callable | None = None  # (node, period) -> url, or None where the node has none
    done: Callable | None = None  # (node_ids, period) -> set of node ids whose document is done


def register(kind, *, url=None, done=None):
    _DOCUMENTS[str(kind)] = StepDocument(str(kind), url, done)
    return _DOCUMENTS[str(kind)]


def get(kind):
    return _DOCUMENTS.get(str(kind))


def has_document(kind):
    """Is the step done by its document (so never marked done by hand)?"""
    doc = get(kind)
    return doc is not None and doc.done is not None


def url_of(kind, node, period):
    doc = get(kind)
    return doc.url(node, period) if doc is not None and doc.url is not None else None


def done_by_document(steps, node_ids, period):
    """{(step_id, node_id)} done because the step's document is done, one query per kind."""
    done, by_kind = set(), {}
    for step in steps:
        if has_document(step.kind):
            by_kind.setdefault(step.kind, []).append(step)
    for kind, kind_steps in by_kind.items():
        finished = get(kind).done(set(node_ids), period)
        done |= {(s.id, n) for s in kind_steps for n in finished}
    return done
