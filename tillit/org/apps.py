from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tillit.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self):
        from . import throttle  # noqa: F401 - counts failed sign-ins per address
