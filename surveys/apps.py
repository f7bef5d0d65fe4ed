from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Enkäter och utvärderingar"

    def ready(self):
        from . import documents, menu  # noqa: F401 - its menu entries, årshjul links
