"""HME anonymity against an insider: the record of each issuing of personal invitations, and
the releases of a round's results (the rounds computed before this migration count as released
when they were computed, with the groups their stored results show)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def record_earlier_releases(apps, schema_editor):
    HmeRound = apps.get_model("surveys", "HmeRound")
    HmeRelease = apps.get_model("surveys", "HmeRelease")
    HmeResult = apps.get_model("surveys", "HmeResult")
    for rnd in HmeRound.objects.filter(status="computed"):
        released_at = rnd.computed_at or django.utils.timezone.now()
        shown = HmeResult.objects.filter(round=rnd, suppressed=False)
        HmeRelease.objects.create(
            round=rnd,
            released_at=released_at,
            respondents={
                f"{node_id}:{group}": n
                for node_id, group, n in shown.values_list("node_id", "group", "respondents")
            },
        )
        rnd.released_at = released_at
        rnd.save(update_fields=["released_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('surveys', '0004_handlingsplan_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='hmeround',
            name='released_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='publicerad första gången'),
        ),
        migrations.CreateModel(
            name='HmeInvitationBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('count', models.PositiveIntegerField(verbose_name='antal inbjudningar')),
                ('headcount', models.PositiveIntegerField(blank=True, null=True, verbose_name='antal anställda')),
                ('issued_on', models.DateField(auto_now_add=True, verbose_name='skickad')),
                ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='skickad av')),
                ('node', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='hme_batches', to='org.orgnode')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='batches', to='surveys.hmeround')),
            ],
            options={
                'verbose_name': 'utskick av inbjudningar',
                'verbose_name_plural': 'utskick av inbjudningar',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='HmeRelease',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('released_at', models.DateTimeField(verbose_name='publicerad')),
                ('respondents', models.JSONField(default=dict, verbose_name='antal svarande per grupp')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='releases', to='surveys.hmeround')),
            ],
            options={
                'verbose_name': 'publicering av HME-resultat',
                'verbose_name_plural': 'publiceringar av HME-resultat',
                'ordering': ['round', 'released_at', 'pk'],
            },
        ),
        migrations.RunPython(record_earlier_releases, migrations.RunPython.noop),
    ]
