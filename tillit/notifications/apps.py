from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tillit.notifications"
    label = "notifications"
    verbose_name = "Notiser"
    default_auto_field = "django.db.models.BigAutoField"
