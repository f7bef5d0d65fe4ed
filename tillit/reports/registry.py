"""Which reports exist. Each app registers its own in `<app>/reports.py`:

    from tillit.reports.registry import ReportType, register

    def build(job):          # job.node, job.params -> template context
        return {"evaluation": ..., "sources": [...],
                "contents": Contents(working=not evaluation.is_published, nodes=[job.node])}

    register(ReportType(
        kind="kommunkompassen",
        label="Kommunkompassen",
        template="reports/kommunkompassen.html",   # extends "reports/base_print.html"
        build_context=build,
        title=lambda job: f"Kommunkompassen {job.params['year']} – {job.node.namn}",
        params=["year"],                           # names of the POSTed parameters it takes
    ))

Reports (and the Ändringslogg's sources, see changelog.py) are discovered when the app
registry is ready (see ReportsConfig.ready).


Reports are read in the reader's rights: each build says what went into the file with
`Contents` (working material or published only, and the nodes whose material it lists), and
the job and its file are readable only by those who may read all of it (`readable_jobs_q` in
tillit/reports/services.py). A build that says nothing counts as working material of the
job's node. Builds select by the orderer's rights: a politician's report lists what her pages
show, so it stays readable by her.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from tillit.org.permissions import VIEW_PUBLISHED

_REGISTRY = {}


@dataclass
class Contents:
    """What a built report contains: `working` when any unpublished (working) material went
    in, and the nodes whose material it lists (the job's node is always among them)."""

    working: bool = True
    nodes: list = field(default_factory=list)


@dataclass(frozen=True)
class ReportType:
    kind: str
    label: str
    template: str
    build_context: Callable
    title: Callable
    params: list = field(default_factory=list)
    action: str = VIEW_PUBLISHED  # permission needed on the job's node
    node_types: tuple = ()  # node types it applies to; empty = any
    # False for kinds that need a specific object (a dialogue, a handed-over version): they are
    # ordered from that object's page, not from the report list.
    listed: bool = True
    # (node, user) -> {param: [(value, label), ...]}: what the report list offers to choose.
    param_choices: Callable | None = None

    def applies_to(self, node):
        return not self.node_types or node.typ in self.node_types

    def choices(self, node, user):
        return self.param_choices(node, user) if self.param_choices else {}


def register(report_type):
    _REGISTRY[report_type.kind] = report_type
    return report_type


def get(kind):
    return _REGISTRY.get(kind)


def all_types():
    return sorted(_REGISTRY.values(), key=lambda t: t.label)


def autodiscover(submodules=("reports", "changelog")):
    """Import every other app's `reports` (its report kinds) and `changelog` (its Ändringslogg
    sources), so that each registers itself; the core imports no feature app by name."""
    for config in apps.get_app_configs():
        if config.name == "tillit.reports":
            continue
        for submodule in submodules:
            module = f"{config.name}.{submodule}"
            if find_spec(module) is not None:
                import_module(module)
