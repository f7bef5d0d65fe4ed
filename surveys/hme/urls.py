# No app_name: these names live in the "surveys" namespace (surveys:hme_home, …).
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="hme_home"),
    path("svara/<str:token>/", views.answer, name="hme_answer"),
    path("tack/", views.thanks, name="hme_thanks"),
    path("omgangar/", views.rounds, name="hme_rounds"),
    path("omgangar/<int:year>/stang/", views.round_close, name="hme_round_close"),
    path("import/", views.import_view, name="hme_import"),
    path("atgard/<int:pk>/status/", views.action_status, name="hme_action_status"),
    path("<int:year>/<str:kod>/", views.results, name="hme_results"),
    path("<int:year>/<str:kod>/lankar/", views.links, name="hme_links"),
    path("<int:year>/<str:kod>/handlingsplan/", views.plan, name="hme_plan"),
]
