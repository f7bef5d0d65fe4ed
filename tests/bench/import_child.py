"""One import in a process of its own, so that its peak memory (ru_maxrss) is the import's
alone. Used by bench_imports.py.

`python -m tests.bench.import_child measure OUT.json ARGS…` forks and execs `python ARGS…` and
writes that process's ru_maxrss (os.wait4) to OUT.json. The detour matters on Linux: a process
forked from the big bench process inherits its memory high-water mark, and exec keeps it, so
measuring a direct child of the bench would report the bench's own peak. This small launcher
imports nothing of Django, so its grandchild starts from the launcher's few MB.

`python -m tests.bench.import_child job KIND FILE USERNAME [NODE_KOD] [key=value …]` runs the
file through the import job a web upload over IMPORT_ASYNC_BYTES becomes (tillit/imports:
ImportJob + run_import) and deletes the job afterwards. Prints one JSON line."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.settings")


def measure(out, args):
    pid = os.fork()
    if pid == 0:  # the grandchild: the import itself
        os.execv(sys.executable, [sys.executable, *args])
    _pid, status, usage = os.wait4(pid, 0)
    with open(out, "w") as f:
        json.dump({"exit": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss}, f)


def main(argv):
    if argv[0] == "measure":
        return measure(argv[1], argv[2:])
    import django

    django.setup()
    from django.core.files import File

    from tillit.imports.models import ImportJob
    from tillit.imports.tasks import run_import
    from tillit.org.models import OrgNode, User

    _mode, kind, path, username, *rest = argv
    node = OrgNode.objects.get(kod=rest.pop(0)) if rest and "=" not in rest[0] else None
    params = dict(item.split("=", 1) for item in rest)
    user = User.objects.get(username=username)
    with open(path, "rb") as stream:
        job = ImportJob(kind=kind, node=node, params=params, created_by=user)
        job.file.save(f"{kind}.csv", File(stream), save=False)
        job.save()
    run_import(job.pk)
    job.refresh_from_db()
    print(json.dumps({"status": job.status, "summary": job.summary, "errors": job.errors[:3]}))
    job.delete()


if __name__ == "__main__":
    main(sys.argv[1:])
