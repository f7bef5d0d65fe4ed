from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Öppna resultat"

    def ready(self):
        from . import signals

        signals.connect()
