from django.apps import AppConfig


class InternkontrollConfig(AppConfig):
    name = "planning.internkontroll"
    label = "internkontroll"
    verbose_name = "Intern kontroll"
