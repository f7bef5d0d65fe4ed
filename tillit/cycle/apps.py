from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "tillit.cycle"
    label = "cycle"
    verbose_name = "Årshjul"
