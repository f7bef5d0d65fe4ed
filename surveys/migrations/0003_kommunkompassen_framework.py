"""Kommunkompassen 2019/2020: eight areas of 100 points, their sub-areas and maximum points.

The data lives here (not imported from app code) so the migration never changes meaning.
"""

from django.db import migrations

VERSION = "2019/2020"
FRAMEWORK = [
    (
        1,
        "Samspel mellan förtroendevalda och medborgare",
        [
            ("1.1", "Strategi för demokratiutveckling och information", 20),
            ("1.2", "Kommunens information till medborgarna", 10),
            ("1.3", "Medborgarnas möjlighet till dialog med politiken", 30),
            ("1.4", "Transparens kring resultat", 10),
            ("1.5", "Förutsättningar för politiken", 30),
        ],
    ),
    (
        2,
        "Samhällsutveckling",
        [
            ("2.1", "Strategi för hållbar utveckling", 15),
            ("2.2", "Social hållbarhet", 30),
            ("2.3", "Ekologisk hållbarhet", 30),
            ("2.4", "Civilsamhälle, näringsliv och kultur", 25),
        ],
    ),
    (
        3,
        "Styrning och kontroll",
        [
            ("3.1", "Strategi för styrning", 10),
            ("3.2", "Politisk styrning", 40),
            ("3.3", "Uppföljning och analys", 30),
            ("3.4", "Samspel mellan rollerna som förtroendevald respektive tjänsteperson", 20),
        ],
    ),
    (
        4,
        "Effektivitet",
        [
            ("4.1", "Strategi för effektivitet", 20),
            ("4.2", "Jämförelser för effektivitet", 30),
            ("4.3", "Nya arbetssätt och ny teknik som ökar effektivitet", 30),
            ("4.4", "Samverkan för effektivitet", 20),
        ],
    ),
    (
        5,
        "Brukarens fokus",
        [
            ("5.1", "Strategi för brukarens fokus", 20),
            ("5.2", "Fokus på service", 20),
            ("5.3", "Förenklade kontakter med kommunen", 20),
            ("5.4", "Information kring kommunens serviceutbud", 20),
            ("5.5", "Möjlighet att påverka utformningen av de egna tjänsterna", 20),
        ],
    ),
    (
        6,
        "Kvalitetsutveckling",
        [
            ("6.1", "Strategi för kvalitetsutveckling", 20),
            ("6.2", "Centrala utvecklingsinsatser för bättre kvalitet", 20),
            ("6.3", "Förbättringsarbete", 30),
            ("6.4", "Samverkan för kvalitetsutveckling", 30),
        ],
    ),
    (
        7,
        "Arbetsliv",
        [
            ("7.1", "Strategier för ett hållbart arbetsliv", 15),
            ("7.2", "Strategisk kompetensförsörjning", 40),
            ("7.3", "Arbetsmiljö och sjukfrånvaro", 25),
            ("7.4", "Jämställdhet och mångfald", 20),
        ],
    ),
    (
        8,
        "Chefs- och ledarskap samt medarbetarskap",
        [
            ("8.1", "Strategi för chefs- och ledarskap samt medarbetarskap", 20),
            ("8.2", "Högsta cheferna som förebilder", 20),
            ("8.3", "Chefers uppdrag", 20),
            ("8.4", "Intern kommunikation", 20),
            ("8.5", "Utveckling av ledarskap och medarbetarskap", 20),
        ],
    ),
]
AREA_ALIASES = {1: [("Offentlighet och demokrati", "")]}
SUBAREA_ALIASES = {"2.1": [("Strategiskt arbete", "")]}


def load(apps, schema_editor):
    Version = apps.get_model("surveys", "KompassVersion")
    Area = apps.get_model("surveys", "KompassArea")
    SubArea = apps.get_model("surveys", "KompassSubArea")
    Alias = apps.get_model("surveys", "KompassAlias")
    version, _ = Version.objects.get_or_create(name=VERSION, defaults={"valid_from": 2019})
    for number, name, subareas in FRAMEWORK:
        area, _ = Area.objects.update_or_create(
            version=version, number=number, defaults={"name": name}
        )
        for alias, edition in AREA_ALIASES.get(number, []):
            Alias.objects.get_or_create(area=area, name=alias, defaults={"edition": edition})
        for position, (code, sub_name, maximum) in enumerate(subareas):
            sub, _ = SubArea.objects.update_or_create(
                area=area,
                code=code,
                defaults={"name": sub_name, "max_points": maximum, "position": position},
            )
            for alias, edition in SUBAREA_ALIASES.get(code, []):
                Alias.objects.get_or_create(subarea=sub, name=alias, defaults={"edition": edition})


def unload(apps, schema_editor):
    apps.get_model("surveys", "KompassVersion").objects.filter(name=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_kommunkompassen")]
    operations = [migrations.RunPython(load, unload)]
