from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tillit.reports"
    label = "reports"
    verbose_name = "Rapporter"

    def ready(self):
        from . import kinds, registry  # noqa: F401  (kinds registers the HME report)

        registry.autodiscover()
