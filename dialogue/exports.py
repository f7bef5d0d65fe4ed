"""The dialogue pages' tables as Excel and CSV (tillit/exports.py), built from what the page's
view computed for the reader."""

from tillit.exports import DATE, Column, Table

from .models import ItemKind

ACTION_COLUMNS = [
    Column("Punkt", width=28),
    Column("Åtgärd", width=48),
    Column("Ansvarig", width=24),
    Column("Klart senast", DATE),
    Column("Status"),
    Column("Klar", DATE),
    Column("Kommentar", width=40),
    Column("Beslutad i dialogen", DATE),
]


def _action_row(item_title, a):
    responsible = str(a.responsible) if a.responsible else ""
    return [
        item_title,
        a.text,
        responsible,
        a.due_on,
        a.get_status_display(),
        a.done_on,
        a.comment,
        a.dialogue.date,
    ]


def dialogue_actions_table(context):
    """A dialogue's actions item by item as its page (`_detail_context`) lists them: those
    brought back from earlier dialogues under their item, then those decided at each item."""
    dialogue = context["dialogue"]
    rows = []
    for item in context["items"]:
        title = f"{item.order}. {item.title}"
        # the follow-up item's material: the earlier dialogues' actions (other items' material
        # may list actions of other instruments, which are not the dialogue's)
        carried = item.data["actions"] if item.kind == ItemKind.UPPFOLJNING and item.data else []
        rows += [_action_row(title, a) for a in carried]
        rows += [_action_row(title, a) for a in item.item_actions]
    return Table(
        title=f"Åtgärder {dialogue}",
        columns=ACTION_COLUMNS,
        rows=rows,
        source="Tillit (verksamhetsdialogen)",
        as_of=dialogue.date,
        filename=f"atgarder-dialog-{dialogue.date:%Y-%m-%d}-{dialogue.node.kod}",
    )
