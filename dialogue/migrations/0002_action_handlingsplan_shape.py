"""dialogue.Action takes the one handlingsplan-action shape (surveys/models/actions.py):
`what` → `text`, `due` → `due_on`, and the shared statuses ("open" is now "planned")."""

from django.db import migrations, models

# The stored status values that change; "ongoing" and "done" keep theirs.
FORWARD = {"open": "planned"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def remap(mapping):
    def run(apps, schema_editor):
        Action = apps.get_model("dialogue", "Action")
        for old, new in mapping.items():
            Action.objects.filter(status=old).update(status=new)

    return run


forwards = remap(FORWARD)
backwards = remap(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0001_initial")]

    operations = [
        migrations.RenameField("action", "what", "text"),
        migrations.RenameField("action", "due", "due_on"),
        migrations.AlterModelOptions(
            name="action",
            options={
                "ordering": ["due_on", "id"],
                "verbose_name": "åtgärd",
                "verbose_name_plural": "åtgärder",
            },
        ),
        migrations.AlterField(
            model_name="action",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="skapad"),
        ),
        migrations.AlterField(
            model_name="action",
            name="status",
            field=models.CharField(
                choices=[("planned", "Planerad"), ("ongoing", "Pågår"), ("done", "Klar")],
                default="planned",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="text",
            field=models.CharField(max_length=300, verbose_name="åtgärd"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
