"""HmeAction and KompassAction take the one handlingsplan-action shape
(surveys/models/actions.py): KompassAction's `what` → `text` and `due_date` → `due_on`, both get
`done_on` and `created_at` (null for the actions written before), and Kommunkompassen's Swedish
status values become the shared ones. HME's values ("planned", "ongoing", "done") already are."""

from django.db import migrations, models

STATUS = models.CharField(
    choices=[("planned", "Planerad"), ("ongoing", "Pågår"), ("done", "Klar")],
    default="planned",
    max_length=10,
    verbose_name="status",
)
FORWARD = {"planerad": "planned", "pagar": "ongoing", "klar": "done"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def remap(mapping):
    def run(apps, schema_editor):
        KompassAction = apps.get_model("surveys", "KompassAction")
        for old, new in mapping.items():
            KompassAction.objects.filter(status=old).update(status=new)

    return run


forwards = remap(FORWARD)
backwards = remap(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_kommunkompassen_framework")]

    operations = [
        migrations.RenameField("kompassaction", "what", "text"),
        migrations.RenameField("kompassaction", "due_date", "due_on"),
        migrations.AlterModelOptions(
            name="kompassaction",
            options={
                "ordering": ["area__number", "due_on", "pk"],
                "verbose_name": "åtgärd",
                "verbose_name_plural": "åtgärder",
            },
        ),
        migrations.AddField(
            model_name="hmeaction",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="skapad"),
        ),
        migrations.AddField(
            model_name="hmeaction",
            name="done_on",
            field=models.DateField(blank=True, null=True, verbose_name="klar den"),
        ),
        migrations.AddField(
            model_name="kompassaction",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="skapad"),
        ),
        migrations.AddField(
            model_name="kompassaction",
            name="done_on",
            field=models.DateField(blank=True, null=True, verbose_name="klar den"),
        ),
        migrations.AlterField(model_name="kompassaction", name="status", field=STATUS),
        migrations.RunPython(forwards, backwards),
    ]
