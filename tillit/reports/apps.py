from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tillit.reports"
    label = "reports"
    verbose_name = "Rapporter"

    def ready(self):
        from . import registry

        registry.autodiscover()
