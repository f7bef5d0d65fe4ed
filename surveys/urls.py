from django.urls import include, path

from . import views_hme

app_name = "surveys"
urlpatterns = [
    path("hme/", views_hme.home, name="hme_home"),
    path("hme/svara/<str:token>/", views_hme.answer, name="hme_answer"),
    path("hme/tack/", views_hme.thanks, name="hme_thanks"),
    path("hme/omgangar/", views_hme.rounds, name="hme_rounds"),
    path("hme/omgangar/<year:year>/stang/", views_hme.round_close, name="hme_round_close"),
    path("hme/import/", views_hme.import_view, name="hme_import"),
    path("hme/atgard/<int:pk>/status/", views_hme.action_status, name="hme_action_status"),
    path("hme/<year:year>/<str:kod>/", views_hme.results, name="hme_results"),
    path("hme/<year:year>/<str:kod>/lankar/", views_hme.links, name="hme_links"),
    path("hme/<year:year>/<str:kod>/handlingsplan/", views_hme.plan, name="hme_plan"),
    path("kommunkompassen/", include("surveys.kompass_urls")),
    path("tillit/", include("surveys.maturity_urls")),
]
