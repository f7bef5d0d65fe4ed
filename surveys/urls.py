from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    path("kommunkompassen/", include("surveys.kompass_urls")),
    path("tillit/", include("surveys.maturity_urls")),
]
