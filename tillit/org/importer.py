"""Organisation import: `kod;namn;typ;foralder`, atomic, errors by row and column in Swedish.

Re-importing updates nodes by `kod` (name, type, parent) and never deletes. The whole file is
validated before anything is written; one error rejects it all.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tillit.csvimport import Errors, ImportError_, decode_csv, read_rows

from .models import KOD_RULE, NodeType, OrgNode, validate_kod

HEADER = ["kod", "namn", "typ", "foralder"]

__all__ = ["ImportError_", "decode_csv", "import_org", "read_rows"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    messages: list = field(default_factory=list)

    def summary(self):
        return (
            f"{self.created} nya, {self.updated} ändrade, {self.moved} flyttade, "
            f"{self.unchanged} oförändrade enheter."
        )


def parse(data):
    """Validate a whole file against itself and the tree; return {kod: (namn, typ, förälder)}."""
    errors = Errors()
    wanted = {}
    for number, row, ncols in read_rows(data, HEADER, kind="organisation"):
        if row is None:
            errors.append(f"Rad {number}: raden har {ncols} kolumner, väntade {len(HEADER)}.")
            continue
        kod, namn, typ_text, parent = row["kod"], row["namn"], row["typ"], row["foralder"]
        if not kod:
            errors.append(f"Rad {number}, kolumn kod: koden saknas.")
            continue
        if len(kod) > 40 or not _valid_kod(kod):
            errors.append(
                f"Rad {number}, kolumn kod: ogiltig kod {kod!r} (högst 40 tecken; {KOD_RULE})."
            )
            continue
        if kod in wanted:
            errors.append(
                f"Rad {number}, kolumn kod: koden {kod!r} finns redan på rad {wanted[kod][3]}."
            )
            continue
        if not namn:
            errors.append(f"Rad {number}, kolumn namn: namnet saknas.")
        elif len(namn) > 200:
            errors.append(f"Rad {number}, kolumn namn: namnet är längre än 200 tecken.")
        typ = NodeType.parse(typ_text)
        if typ is None:
            allowed = ", ".join(label.lower() for _, label in NodeType.choices)
            errors.append(
                f"Rad {number}, kolumn typ: okänd typ {typ_text!r} (tillåtna: {allowed})."
            )
        if parent == kod:
            errors.append(
                f"Rad {number}, kolumn foralder: en enhet kan inte vara sin egen förälder."
            )
        wanted[kod] = (namn, typ, parent or None, number)

    existing = {n.kod: n for n in OrgNode.objects.only("id", "kod", "namn", "typ", "path", "depth")}
    existing_parent = _existing_parents(existing)

    def parent_of(kod):
        if kod in wanted:
            return wanted[kod][2]
        return existing_parent.get(kod)

    roots = []
    for kod, (_namn, _typ, parent, number) in wanted.items():
        if parent is None:
            roots.append((kod, number))
        elif parent not in wanted and parent not in existing:
            errors.append(f"Rad {number}, kolumn foralder: okänd förälder {parent!r}.")
    # One tree: at most one root, and it must be the existing root if there is one.
    existing_roots = [k for k, p in existing_parent.items() if p is None]
    all_roots = {k for k, _ in roots} | {k for k in existing_roots if k not in wanted}
    if len(all_roots) > 1:
        for kod, number in roots:
            if kod not in existing_roots or len(roots) > 1:
                errors.append(
                    f"Rad {number}, kolumn foralder: bara en enhet (kommunen) får sakna förälder; "
                    f"{', '.join(sorted(all_roots))} saknar förälder."
                )
                break
    # Cycles: walk up from every imported node.
    reported = set()
    for kod, (_n, _t, _p, number) in wanted.items():
        seen = []
        current = kod
        while current is not None and current not in seen:
            seen.append(current)
            current = parent_of(current)
            if current is not None and current not in wanted and current not in existing:
                current = None
        if current is not None and current not in reported:
            cycle = seen[seen.index(current) :]
            reported.update(cycle)
            chain = " → ".join([*cycle, current])
            errors.append(f"Rad {number}, kolumn foralder: cirkulär koppling ({chain}).")
    if errors:
        raise ImportError_(errors)
    return {kod: (namn, typ, parent) for kod, (namn, typ, parent, _n) in wanted.items()}


def _valid_kod(kod):
    try:
        validate_kod(kod)
    except ValidationError:
        return False
    return True


def _existing_parents(existing):
    by_path = {n.path: n.kod for n in existing.values()}
    return {
        kod: (by_path.get(n.path[: -OrgNode.steplen]) if n.depth > 1 else None)
        for kod, n in existing.items()
    }


@transaction.atomic
def import_org(data):
    """Import a file (bytes or text). Raises ImportError_ and saves nothing on any error."""
    wanted = parse(data)
    result = ImportResult()
    order = _parents_first(wanted)
    nodes = {n.kod: n for n in OrgNode.objects.select_for_update()}
    existing = set(nodes)
    # New nodes first, under their parents' current paths; a parent that moves below takes
    # its new children along.
    _create_new(order, wanted, nodes, result)
    # Then renames and moves of existing nodes (a move rewrites paths: re-read after one).
    for kod in order:
        if kod not in existing:
            continue
        node = nodes[kod]
        namn, typ, parent_kod = wanted[kod]
        parent = nodes.get(parent_kod) if parent_kod else None
        renamed = node.namn != namn or node.typ != typ
        current_parent_path = node.path[: -OrgNode.steplen] if node.depth > 1 else None
        moved = parent is not None and parent.path != current_parent_path
        if moved:
            OrgNode.objects.move(node, parent, "last-child")
            result.moved += 1
            nodes = {n.kod: n for n in OrgNode.objects.all()}
            node = nodes[kod]
        if renamed:
            node.namn, node.typ = namn, typ
            node.save(update_fields=["namn", "typ"])
            result.updated += 1
        if not (moved or renamed):
            result.unchanged += 1
    return result


def _create_new(order, wanted, nodes, result):
    """Insert the new nodes in bulk, computing their materialised paths here.

    Adding nodes one at a time through treebeard costs three queries each (30 s for a 3,000-unit
    kommun); the paths are simple to compute: the parent's path plus the next free step.
    """
    new = [kod for kod in order if kod not in nodes]
    if not new:
        return
    step = OrgNode.steplen
    last_step = {}
    for node in nodes.values():
        key = node.path[:-step]
        last_step[key] = max(last_step.get(key, 0), OrgNode._str2int(node.path[-step:]))
    added_children = {}
    created = []
    for kod in new:
        namn, typ, parent_kod = wanted[kod]
        parent = nodes.get(parent_kod) if parent_kod else None
        base = parent.path if parent else ""
        number = last_step.get(base, 0) + 1
        if len(OrgNode._int2str(number)) > step:
            raise ImportError_([f"För många enheter under {parent_kod or 'roten'}."])
        last_step[base] = number
        node = OrgNode(
            kod=kod,
            namn=namn,
            typ=typ,
            path=base + OrgNode._int2str(number).rjust(step, OrgNode.alphabet[0]),
            depth=(parent.depth + 1) if parent else 1,
            numchild=0,
        )
        nodes[kod] = node
        created.append(node)
        if parent is not None:
            added_children[parent_kod] = added_children.get(parent_kod, 0) + 1
    for kod, count in added_children.items():
        nodes[kod].numchild += count
    bulk_create_with_history(created, OrgNode, batch_size=1000)
    created_kods = {n.kod for n in created}
    OrgNode.objects.bulk_update(
        [nodes[k] for k in added_children if k not in created_kods], ["numchild"]
    )
    result.created += len(created)


def _parents_first(wanted):
    """Kods ordered so every parent in the file comes before its children."""
    order, placed = [], set()

    def place(kod):
        if kod in placed or kod not in wanted:
            return
        parent = wanted[kod][2]
        if parent in wanted and parent not in placed:
            place(parent)
        placed.add(kod)
        order.append(kod)

    for kod in wanted:
        place(kod)
    return order
