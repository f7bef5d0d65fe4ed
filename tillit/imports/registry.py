"""Kinds of import that can run as a job. Every app with an upload page registers its kinds in
an `import_kinds` module, which `autodiscover` (ImportsConfig.ready) imports; the core imports
no feature app by name.

`run(job, file)` checks and saves the file (an open binary file, streamed) and returns the
summary shown when it is done. It raises `tillit.csvimport.ImportError_` for a bad file and
checks the orderer's permission again (a role may have been removed since the upload): the
file is imported with the rights of the person who uploaded it, at the time it runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class ImportKind:
    kind: str
    label: str  # "organisationsfil": what the job page calls the file
    run: Callable  # (job, binary file) -> summary text
    back: Callable  # (job) -> URL of the upload's page, for "Tillbaka"


_KINDS: dict[str, ImportKind] = {}


def register(kind, *, label, run, back):
    _KINDS[kind] = ImportKind(kind=kind, label=label, run=run, back=back)
    return _KINDS[kind]


def get(kind):
    return _KINDS.get(kind)


def all_kinds():
    return list(_KINDS.values())


def autodiscover(submodule="import_kinds"):
    for config in apps.get_app_configs():
        module = f"{config.name}.{submodule}"
        if find_spec(module) is not None:
            import_module(module)
