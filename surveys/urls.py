from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    path("hme/", include("surveys.hme.urls")),
    path("kommunkompassen/", include("surveys.kompass.urls")),
    path("tillit/", include("surveys.maturity.urls")),
]
