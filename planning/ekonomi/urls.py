from django.urls import path

from . import views
from .models import Feed

app_name = "ekonomi"

urlpatterns = [
    path("importera/ekonomi/", views.upload, {"feed": Feed.EKONOMI}, name="upload_ekonomi"),
    path("importera/personal/", views.upload, {"feed": Feed.PERSONAL}, name="upload_personal"),
    path("<str:kod>/", views.node, name="node"),
]
