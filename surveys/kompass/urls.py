from django.urls import path

from . import views

app_name = "kompass"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:kod>/", views.overview, name="overview"),
    path("<str:kod>/importera/", views.upload, name="upload"),
    path("<str:kod>/sjalvskattning/<year:year>/", views.self_assessment, name="self_assessment"),
    path("<str:kod>/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("<str:kod>/<int:pk>/publicera/", views.publish, name="publish"),
    path("<str:kod>/<int:pk>/omdomen/", views.findings, name="findings"),
    path("<str:kod>/<int:pk>/atgard/ny/", views.action_form, name="action_create"),
    path("<str:kod>/<int:pk>/atgard/<int:action_pk>/", views.action_form, name="action_edit"),
]
