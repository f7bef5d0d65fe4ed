from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tillit import views

urlpatterns = [
    path("", views.home, name="home"),
    path("hälsa/", views.health, name="health"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisation/", include("tillit.org.urls")),
    path("arshjul/", include("tillit.cycle.urls")),
    path("rapporter/", include("tillit.reports.urls")),
    path("planering/internkontroll/", include("planning.internkontroll.urls")),
    path("planering/", include("planning.urls")),
    path("dialog/", include("dialogue.urls")),
    path("enkater/", include("surveys.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "tillit.views.permission_denied"
handler404 = "tillit.views.not_found"
