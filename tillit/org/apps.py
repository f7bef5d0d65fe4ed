from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tillit.org"
    label = "org"
    verbose_name = "Organisation"
