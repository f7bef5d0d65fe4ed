from django.urls import path

from . import views

app_name = "cycle"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("<year:budget_year>/", views.year_view, name="year_of"),
    path("planperioder/", views.periods, name="periods"),
    path("planperioder/<year:budget_year>/", views.period_edit, name="period"),
    path("steg/<int:step_id>/<str:kod>/klar/", views.complete_step, name="complete"),
]
