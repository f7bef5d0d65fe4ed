from django.urls import include, path

app_name = "planning"
urlpatterns = [
    path("nyckeltal/", include("planning.nyckeltal_urls")),
]
