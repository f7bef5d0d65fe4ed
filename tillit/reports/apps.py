from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tillit.reports"
    label = "reports"
    verbose_name = "Rapporter"

    def ready(self):
        from . import menu, registry  # noqa: F401 - menu: its menu and start-page entries

        registry.autodiscover()
