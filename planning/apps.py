from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planering"

    def ready(self):
        from . import documents, menu, notifications, search  # noqa: F401 - menu, search, årshjul documents

        notifications.register()
