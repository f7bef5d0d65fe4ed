from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from api.urls import api_urls
from tillit import views
from tillit.org import signin

urlpatterns = [
    path("", views.home, name="home"),
    path("hälsa/", views.health, name="health"),
    path("sok/", views.search_view, name="search"),
    path("logga-in/", signin.TillitLoginView.as_view(), name="login"),
    path("logga-ut/", signin.logout_view, name="logout"),
    # The link in a new person's welcome e-mail (Django's password-reset tokens).
    path(
        "valj-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html",
            success_url=reverse_lazy("set_password_done"),
        ),
        name="set_password",
    ),
    path(
        "valj-losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/set_password_done.html"
        ),
        name="set_password_done",
    ),
    # Single sign-on: only allauth's OpenID Connect views (/accounts/oidc/<id>/login/[callback/]);
    # none of its password, sign-up or e-mail pages.
    path("accounts/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("att-gora/", include("tillit.notifications.urls")),
    path("organisation/", include("tillit.org.urls")),
    path("arshjul/", include("tillit.cycle.urls")),
    path("rapporter/", include("tillit.reports.urls")),
    path("importer/", include("tillit.imports.urls")),
    path("planering/internkontroll/", include("planning.internkontroll.urls")),
    path("planering/", include("planning.urls")),
    path("ekonomi/", include("planning.ekonomi.urls")),
    path("dialog/", include("dialogue.urls")),
    path("enkater/", include("surveys.urls")),
    path("", include("public.urls")),  # /resultat/ (public, no login) and its admin page
    path("api/", include("api.urls")),
    path("api/", include(api_urls)),
    path("django-admin/", admin.site.urls),
]

handler403 = "tillit.views.permission_denied"
handler404 = "tillit.views.not_found"
