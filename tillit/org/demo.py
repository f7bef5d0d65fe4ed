"""The Tomelilla-like demo kommun: its tree and a user for every role.

`seed_demo` calls `seed(ctx)` in every app's `demo.py`, in INSTALLED_APPS order; each adds its
own records to `ctx` for the apps after it. Every seed is idempotent (get_or_create by a stable
key), so running `seed_demo` twice changes nothing.
"""

from tillit.org.models import NodeType, OrgNode, Role, RoleAssignment, SupportFunction, User

DEMO_PASSWORD = "tillit-demo"

K, NAMND, STYR, FORV, VERK, AVD, ENH, BOLAG = (
    NodeType.KOMMUN,
    NodeType.NAMND,
    NodeType.STYRELSE,
    NodeType.FORVALTNING,
    NodeType.VERKSAMHET,
    NodeType.AVDELNING,
    NodeType.ENHET,
    NodeType.BOLAG,
)

# (kod, namn, typ, förälder)
TREE = [
    ("1270", "Tomelilla kommun", K, None),
    ("KS", "Kommunstyrelsen", STYR, "1270"),
    ("KLK", "Kommunledningskontoret", FORV, "KS"),
    ("KLK-EKO", "Ekonomiavdelningen", AVD, "KLK"),
    ("KLK-HR", "HR-avdelningen", AVD, "KLK"),
    ("KLK-KANS", "Kansliavdelningen", AVD, "KLK"),
    ("KLK-KVAL", "Kvalitet och utveckling", AVD, "KLK"),
    ("KLK-KOMM", "Kommunikation och näringsliv", AVD, "KLK"),
    ("BUN", "Barn- och utbildningsnämnden", NAMND, "1270"),
    ("BUF", "Barn- och utbildningsförvaltningen", FORV, "BUN"),
    ("BUF-FSK", "Förskola", VERK, "BUF"),
    ("FSK-SOL", "Förskolan Solrosen", ENH, "BUF-FSK"),
    ("FSK-EKB", "Förskolan Ekbacken", ENH, "BUF-FSK"),
    ("FSK-BRO", "Förskolan Brösarp", ENH, "BUF-FSK"),
    ("BUF-GRU", "Grundskola", VERK, "BUF"),
    ("GRU-BYA", "Byavångsskolan", ENH, "BUF-GRU"),
    ("GRU-LIN", "Lindesborgsskolan", ENH, "BUF-GRU"),
    ("GRU-BRO", "Brösarps skola", ENH, "BUF-GRU"),
    ("GRU-SME", "Smedstorps skola", ENH, "BUF-GRU"),
    ("GRU-KAS", "Kastanjeskolan", ENH, "BUF-GRU"),
    ("BUF-GYM", "Gymnasium och vuxenutbildning", VERK, "BUF"),
    ("GYM-OST", "Österlengymnasiet", ENH, "BUF-GYM"),
    ("GYM-VUX", "Vuxenutbildningen", ENH, "BUF-GYM"),
    ("BUF-EH", "Elevhälsan", AVD, "BUF"),
    ("VON", "Vård- och omsorgsnämnden", NAMND, "1270"),
    ("VOF", "Vård- och omsorgsförvaltningen", FORV, "VON"),
    ("VOF-HT", "Hemtjänst", VERK, "VOF"),
    ("HT-TOM", "Hemtjänst Tomelilla", ENH, "VOF-HT"),
    ("HT-BRO", "Hemtjänst Brösarp", ENH, "VOF-HT"),
    ("VOF-SÄBO", "Särskilt boende", VERK, "VOF"),
    ("SÄBO-SAL", "Sälgens äldreboende", ENH, "VOF-SÄBO"),
    ("SÄBO-MOS", "Mossagårdens äldreboende", ENH, "VOF-SÄBO"),
    ("VOF-LSS", "Funktionsstöd (LSS)", VERK, "VOF"),
    ("LSS-GRB", "Gruppbostäder", ENH, "VOF-LSS"),
    ("LSS-DV", "Daglig verksamhet", ENH, "VOF-LSS"),
    ("VOF-HSL", "Hälso- och sjukvård", AVD, "VOF"),
    ("SBN", "Samhällsbyggnadsnämnden", NAMND, "1270"),
    ("SBF", "Samhällsbyggnadsförvaltningen", FORV, "SBN"),
    ("SBF-PB", "Plan och bygg", AVD, "SBF"),
    ("SBF-MIL", "Miljö", AVD, "SBF"),
    ("SBF-GP", "Gata och park", AVD, "SBF"),
    ("SBF-FAST", "Fastighet", AVD, "SBF"),
    ("SBF-KOST", "Kost och lokalvård", AVD, "SBF"),
    ("FN", "Familjenämnden", NAMND, "1270"),
    ("FF", "Familjeförvaltningen", FORV, "FN"),
    ("FF-IFO", "Individ- och familjeomsorg", VERK, "FF"),
    ("IFO-BU", "Barn och unga", ENH, "FF-IFO"),
    ("IFO-VUX", "Vuxen och försörjningsstöd", ENH, "FF-IFO"),
    ("FF-AME", "Arbetsmarknadsenheten", ENH, "FF"),
    ("FF-INT", "Integration", ENH, "FF"),
    ("OSTH", "AB Österlenhem", BOLAG, "1270"),
]

# (username, first, last, [(role, kod, support function)])
USERS = [
    ("admin", "Alva", "Administratör", [(Role.ADMIN, "1270", "")]),
    ("kommundirektor", "Karl", "Kommundirektör", [(Role.FORVALTNINGSCHEF, "KS", "")]),
    ("anna.bu", "Anna", "Berg", [(Role.FORVALTNINGSCHEF, "BUF", "")]),
    ("erik.rektor", "Erik", "Lund", [(Role.CHEF, "GRU-BYA", "")]),
    ("lisa.rektor", "Lisa", "Holm", [(Role.CHEF, "GRU-LIN", "")]),
    ("petra.forskola", "Petra", "Nilsson", [(Role.CHEF, "BUF-FSK", "")]),
    ("maria.vo", "Maria", "Ek", [(Role.FORVALTNINGSCHEF, "VOF", "")]),
    ("karin.hemtjanst", "Karin", "Persson", [(Role.CHEF, "HT-TOM", "")]),
    (
        "sara.hr",
        "Sara",
        "Lindqvist",
        [
            (Role.STOD, "BUF", SupportFunction.HR),
            (Role.STOD, "VOF", SupportFunction.HR),
        ],
    ),
    ("olof.ekonom", "Olof", "Svensson", [(Role.STOD, "BUF", SupportFunction.EKONOMI)]),
    ("ida.kvalitet", "Ida", "Andersson", [(Role.STOD, "1270", SupportFunction.KVALITET)]),
    ("lena.politiker", "Lena", "Ström", [(Role.FORTROENDEVALD, "BUN", "")]),
    ("bengt.politiker", "Bengt", "Olsson", [(Role.FORTROENDEVALD, "VON", "")]),
]


def seed(ctx):
    nodes = {n.kod: n for n in OrgNode.objects.all()}
    for kod, namn, typ, parent in TREE:
        if kod in nodes:
            continue
        data = {"kod": kod, "namn": namn, "typ": typ}
        if parent is None:
            nodes[kod] = OrgNode.objects.add_root(data)
        else:
            parent_node = OrgNode.objects.get(kod=parent)
            nodes[kod] = OrgNode.objects.add_child(parent_node, data)
    nodes = {n.kod: n for n in OrgNode.objects.all()}

    users = {}
    for username, first, last, roles in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@tomelilla.example",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role, kod, function in roles:
            RoleAssignment.objects.get_or_create(
                user=user, node=nodes[kod], role=role, support_function=function
            )
        users[username] = user
    ctx.update(kommun=nodes["1270"], nodes=nodes, users=users)
    ctx["log"].append(f"Organisation: {len(nodes)} enheter, {len(users)} användare.")
