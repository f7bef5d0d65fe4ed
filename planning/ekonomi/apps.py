from django.apps import AppConfig


class EkonomiConfig(AppConfig):
    """Ekonomi and personal feeds: a room of its own inside planning, with its own app label
    and migrations, so its schema never collides with planning's."""

    name = "planning.ekonomi"
    label = "ekonomi"
    verbose_name = "Ekonomi och personal"
