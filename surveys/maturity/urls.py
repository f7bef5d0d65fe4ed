from django.urls import path

from . import views

app_name = "maturity"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:kod>/", views.overview, name="overview"),
    path("<str:kod>/<int:year>/", views.edit, name="edit"),
]
