from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tillit.imports"
    label = "imports"
    verbose_name = "Importer"

    def ready(self):
        from . import registry

        registry.autodiscover()
