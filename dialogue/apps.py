from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Verksamhetsdialog"

    def ready(self):
        from . import documents, menu, notifications, search  # noqa: F401 - menu, search, årshjul documents

        notifications.register()
