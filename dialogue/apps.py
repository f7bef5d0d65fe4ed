from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Verksamhetsdialog"

    def ready(self):
        from . import notifications

        notifications.register()
