"""The organisation of a Göteborg-size kommun for `seed_scale` and the benchmarks.

Shape: kommun → 8 nämnder → a förvaltning each → 6 verksamheter → 6 avdelningar → enheter,
about `units` nodes in all, depth 6. One enhetschef per enhet, a förvaltningschef and an HR
partner per förvaltning, three politicians per nämnd. Users share one password hash so that
creating 3,000 of them does not take minutes.
"""

import io
import math

from django.contrib.auth.hashers import make_password

from tillit.org.importer import import_org
from tillit.org.models import NodeType, OrgNode, Role, RoleAssignment, SupportFunction, User

SCALE_PASSWORD = "tillit-skala"


def generated_tree(units=3000, namnder=8, verksamheter=6, avdelningar=6, prefix=""):
    """CSV text for `import_org` with about `units` rows, and the row count. `prefix` goes
    before every kod below the kommun (a second set of nämnder for the import benchmark)."""
    per_avdelning = max(1, math.ceil(units / (namnder * verksamheter * avdelningar)) - 1)
    out = io.StringIO()
    p = prefix
    out.write("kod;namn;typ;foralder\nGBG;Storstads kommun;kommun;\n")
    count = 1
    for n in range(namnder):
        out.write(f"{p}N{n};Nämnd {n + 1};nämnd;GBG\n")
        out.write(f"{p}F{n};Förvaltning {n + 1};förvaltning;{p}N{n}\n")
        count += 2
        for v in range(verksamheter):
            out.write(f"{p}V{n}-{v};Verksamhet {n + 1}.{v + 1};verksamhet;{p}F{n}\n")
            count += 1
            for a in range(avdelningar):
                name = f"Avdelning {n + 1}.{v + 1}.{a + 1}"
                out.write(f"{p}A{n}-{v}-{a};{name};avdelning;{p}V{n}-{v}\n")
                count += 1
                for e in range(per_avdelning):
                    if count >= units:
                        break
                    name = f"Enhet {n + 1}.{v + 1}.{a + 1}.{e + 1}"
                    out.write(f"{p}E{n}-{v}-{a}-{e};{name};enhet;{p}A{n}-{v}-{a}\n")
                    count += 1
    return out.getvalue(), count


def seed(ctx):
    if OrgNode.objects.get_root_nodes().exclude(kod="GBG").exists():
        raise RuntimeError("seed_scale needs an empty database (another kommun exists).")
    text, _ = generated_tree(ctx["units"])
    import_org(text)
    nodes = list(OrgNode.objects.all())
    password = make_password(SCALE_PASSWORD)
    wanted = []
    for node in nodes:
        if node.typ == NodeType.ENHET:
            wanted.append((f"chef.{node.kod}", node, Role.CHEF, ""))
        elif node.typ == NodeType.FORVALTNING:
            wanted.append((f"fc.{node.kod}", node, Role.FORVALTNINGSCHEF, ""))
            wanted.append((f"hr.{node.kod}", node, Role.STOD, SupportFunction.HR))
        elif node.typ == NodeType.NAMND:
            wanted += [(f"pol{i}.{node.kod}", node, Role.FORTROENDEVALD, "") for i in range(3)]
    wanted.append(("admin", nodes[0], Role.ADMIN, ""))
    existing = set(User.objects.values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=u, password=password, email=f"{u}@storstad.example", first_name=u)
            for u, *_ in wanted
            if u not in existing
        ],
        batch_size=2000,
    )
    users = dict(User.objects.values_list("username", "id"))
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user_id=users[u], node=node, role=role, support_function=function)
            for u, node, role, function in wanted
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    ctx.update(kommun=nodes[0], nodes={n.kod: n for n in nodes}, users=users)
    ctx["log"].append(f"Organisation: {len(nodes)} enheter, {len(users)} användare.")
