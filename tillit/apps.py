from django.apps import AppConfig


class TillitConfig(AppConfig):
    name = "tillit"
    verbose_name = "Tillit"

    def ready(self):
        # `<year:…>` in every app's URL patterns (tillit/validation.py); the core's menu entries.
        from tillit import menu_entries, validation  # noqa: F401
