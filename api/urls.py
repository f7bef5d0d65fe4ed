from django.urls import path

from . import views
from .v1 import api

app_name = "api"

urlpatterns = [
    path("nycklar/", views.tokens, name="tokens"),
    path("nycklar/<int:pk>/aterkalla/", views.revoke, name="revoke"),
    path("v1/dokumentation/", views.documentation, name="docs"),
]

# The API itself, under its own namespace ("api-v1").
api_urls = [path("v1/", api.urls)]
