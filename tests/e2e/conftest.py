"""Browser tests: Playwright driving Debian's Chromium against the live server.

Run with the rest of `make test`; mark a module with `pytestmark = pytest.mark.e2e`.
"""

import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium in its headless build (package chromium-headless-shell, the same engine and
# version; what Playwright itself runs headless): about half the CPU of the full browser here.
# The full one is the fallback.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _serve_cacheable(serve):
    """The live server's static files with a cache lifetime (production's WhiteNoise sends one
    too): the browser keeps tillit.css and htmx for the test instead of asking the live server
    for them again on every page it opens."""

    def cacheable(self, request):
        response = serve(self, request)
        response.setdefault("Cache-Control", "max-age=3600")
        return response

    return cacheable


StaticFilesHandler.serve = _serve_cacheable(StaticFilesHandler.serve)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture
def login(live_server, page):
    """Log `page` in as a user: `login(user)` or `login("username", "password")`."""
    from tests.factories import PASSWORD

    def _login(user, password=PASSWORD, viewport=DESKTOP):
        username = getattr(user, "username", user)
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


def open_menu_item(page, name):
    """Click a main-menu item as a person would: on a phone, open "Meny" first."""
    summary = page.locator(".main-nav--narrow summary")
    if summary.is_visible():
        if page.locator(".main-nav--narrow[open]").count() == 0:
            summary.click()
        page.locator(".main-nav--narrow").get_by_role("link", name=name, exact=True).click()
    else:
        page.locator(".main-nav--wide").get_by_role("link", name=name, exact=True).click()
