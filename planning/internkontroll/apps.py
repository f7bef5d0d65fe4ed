from django.apps import AppConfig


class InternkontrollConfig(AppConfig):
    name = "planning.internkontroll"
    label = "internkontroll"
    verbose_name = "Intern kontroll"

    def ready(self):
        from . import documents, notifications, search  # noqa: F401 - search, årshjul links

        notifications.register()
