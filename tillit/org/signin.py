"""Sign-in: single sign-on through the kommun's identity provider (OpenID Connect, with
django-allauth's generic provider) and the local password login beside it.

- A person signing in through the identity provider is matched to a person in Tillit: by the
  person-id claim (the people file's `personid`), then by e-mail. Nobody is created: an unknown
  person gets "Du har inget uppdrag i Tillit ännu" and no session; a deactivated person is
  refused.
- The authorization code flow runs with PKCE, state (allauth) and a nonce (added here: allauth's
  generic provider sends none). Tokens are not stored.
- LOCAL_LOGIN=0 turns password login off everywhere (the login page and the Django admin), except
  for accounts marked break-glass (`User.break_glass`).
- Logout ends the Tillit session and, when the person came through the identity provider and it
  has an end_session_endpoint, sends the browser there (RP-initiated logout).
"""

import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .models import OrgNode, User
from .throttle import address_locked

log = logging.getLogger(__name__)
SSO_SESSION_KEY = "tillit_sso_provider"


def sso_enabled():
    return bool(settings.OIDC_PROVIDER_ID and _app_config())


def _app_config():
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return next((a for a in apps if a["provider_id"] == settings.OIDC_PROVIDER_ID), None)


def sso_label():
    """The button's text: "Logga in med <kommunens namn>"."""
    name = settings.OIDC_LOGIN_NAME
    if not name:
        kommun = OrgNode.objects.kommun()
        name = kommun.namn if kommun else "kommunens inloggning"
    return f"Logga in med {name}"


# --- password login -------------------------------------------------------------------------


def local_login_allowed(user):
    return settings.LOCAL_LOGIN or user.break_glass


class LocalLoginBackend(ModelBackend):
    """Username and password, unless LOCAL_LOGIN=0 and the account is not break-glass.

    Every password login in Tillit (the login page, the Django admin) goes through here, so
    the rule holds for all of them.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not local_login_allowed(user):
            return None
        return user


class LoginForm(AuthenticationForm):
    pass


class TillitLoginView(LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enabled = sso_enabled()
        context["sso_url"] = (
            reverse("openid_connect_login", kwargs={"provider_id": settings.OIDC_PROVIDER_ID})
            if enabled
            else ""
        )
        context["sso_label"] = sso_label() if enabled else ""
        context["local_login"] = settings.LOCAL_LOGIN
        return context

    def post(self, request, *args, **kwargs):
        if settings.AXES_ENABLED and address_locked(request):
            return render(
                request, "registration/locked_out.html", {"per_address": True}, status=429
            )
        return super().post(request, *args, **kwargs)


# --- single sign-on -------------------------------------------------------------------------


class TillitOIDCProvider(OpenIDConnectProvider):
    """allauth's generic OpenID Connect provider, with a nonce bound to the state."""

    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


def claims_of(sociallogin):
    """The identity provider's claims: userinfo over the ID token."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def match_person(claims):
    """The Tillit person these claims belong to, or None: person id first, then e-mail."""
    person_id = str(claims.get(settings.OIDC_CLAIM_PERSON_ID) or "").strip()
    if person_id:
        user = User.objects.filter(person_id=person_id).first()
        if user is not None:
            return user
    email = str(claims.get(settings.OIDC_CLAIM_EMAIL) or "").strip()
    if email:
        # Only a person whose id is unknown or the same may be matched by e-mail.
        candidates = User.objects.filter(email__iexact=email)
        if person_id:
            candidates = candidates.filter(person_id__isnull=True)
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0]
    return None


def _refuse(request, template, status=403):
    raise ImmediateHttpResponse(render(request, template, status=status))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False  # never an account created at sign-in

    def pre_social_login(self, request, sociallogin):
        claims = claims_of(sociallogin)
        expected = (sociallogin.state or {}).get("nonce")
        if not expected or claims.get("nonce") != expected:
            log.warning("SSO: nonce missing or wrong for uid %s", sociallogin.account.uid)
            _refuse(request, "registration/sso_failed.html", status=400)
        user = sociallogin.user if sociallogin.is_existing else match_person(claims)
        if user is None:
            log.info("SSO: no person in Tillit for uid %s", sociallogin.account.uid)
            _refuse(request, "registration/no_assignment.html")
        if not user.is_active:
            _refuse(request, "registration/deactivated.html")
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        # Remembered in the session once logged in (AccountAdapter.login), for the logout.
        request._tillit_sso_provider = sociallogin.account.provider

    def populate_user(self, request, sociallogin, data):
        # Never reached for new people (sign-up is closed); keep allauth from filling in fields.
        return sociallogin.user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        log.warning("SSO: authentication error %s (%s)", error, exception)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def add_message(self, *args, **kwargs):
        pass  # allauth's messages are English; Tillit's pages say what happened

    def login(self, request, user):
        super().login(request, user)
        provider = getattr(request, "_tillit_sso_provider", None)
        if provider:
            request.session[SSO_SESSION_KEY] = provider


def end_session_url(request, provider_id):
    """The identity provider's end_session_endpoint with our client id and return address."""
    app = _app_config()
    if app is None or provider_id != app["provider_id"]:
        return ""
    key = f"tillit:oidc-end-session:{app['settings']['server_url']}"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            endpoint = OpenIDConnectOAuth2Adapter(request, provider_id).openid_config.get(
                "end_session_endpoint", ""
            )
        except Exception:  # noqa: BLE001 - logout must work when the provider is down
            log.exception("SSO: could not read the provider's configuration")
            return ""
        cache.set(key, endpoint, 3600)
    if not endpoint:
        return ""
    back = request.build_absolute_uri(reverse("login"))
    return (
        f"{endpoint}?{urlencode({'client_id': app['client_id'], 'post_logout_redirect_uri': back})}"
    )


@require_POST
def logout_view(request):
    provider_id = request.session.get(SSO_SESSION_KEY)
    logout(request)
    url = end_session_url(request, provider_id) if provider_id else ""
    if url:
        return HttpResponseRedirect(url)
    return redirect(settings.LOGOUT_REDIRECT_URL)
