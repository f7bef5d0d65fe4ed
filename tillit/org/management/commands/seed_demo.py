from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from tillit.org.demo import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Bygger demokommunen (Tomelilla) med användare för varje roll. Kan köras flera gånger."

    def handle(self, *args, **options):
        ctx = {"log": []}
        with transaction.atomic():
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                if find_spec(module) is not None:
                    import_module(module).seed(ctx)
        for line in ctx["log"]:
            self.stdout.write(line)
        self.stdout.write(f"\nDemoanvändare (lösenord för alla: {DEMO_PASSWORD}):")
        for username, first, last, roles in USERS:
            places = ", ".join(f"{role.label} – {kod}" for role, kod, _ in roles)
            self.stdout.write(f"  {username:<18} {first} {last}: {places}")
