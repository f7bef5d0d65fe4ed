"""Visit every page of the demo kommun as every role, and anonymously.

The admin crawls the site by following links (a few examples per route). Then one URL per route,
and every URL about a focus unit, is requested as each demo user, every URL found as an
anonymous visitor, and these must hold everywhere:
- no page answers 5xx;
- a page about a node (a `kod` in the URL) answers 404 to anyone who may not even read that
  node's published material, and never 200;
- an anonymous visitor is sent to the login page, except on the declared public pages;
- every route in the URL configuration is either reached by the crawl or listed as not
  reachable by a plain GET link (so new pages cannot escape this test unnoticed).
"""

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qs, urldefrag, urlparse, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests import fastdb
from tillit.org.models import OrgNode, User
from tillit.org.permissions import VIEW_PUBLISHED, can

# Pages anyone may open without logging in.
PUBLIC = {"login", "health", "surveys:hme_answer", "surveys:hme_thanks"}
# Single sign-on's own steps (tests/e2e/test_sso.py): anonymous by nature, 404 when SSO is off.
PUBLIC |= {"openid_connect_login", "openid_connect_callback"}
# Reached from the welcome e-mail's link (tests/org/test_users.py).
PUBLIC |= {"set_password", "set_password_done"}
# The public results page and its open data (404 while PUBLIC_RESULTS is off; tests/public).
PUBLIC |= {"public:page", "public:json", "public:csv"}
# Routes no plain link leads to: POST-only actions, downloads, fragments and pages reached
# through forms. They are covered by their own tests.
NOT_CRAWLED = {
    "api:revoke",  # POST only (tests/api)
    "imports:job",  # reached by uploading a large file (tests/tillit/test_import_jobs.py)
    "logout",
    "notifications:read",
    "notifications:preference",
    "planning:remind",
    "org:node_close",
    "org:role_remove",
    "org:people_preview",  # reached by uploading a people file
    "org:user_account",
    "cycle:complete",
    "search",  # the header's search form (tests/tillit/test_search.py)
    "reports:create",
    "reports:hand_over",
    "reports:download",
    "reports:job",
    "reports:summary_moved",  # a redirect to planning:summary
    "surveys:hme_action_status",
    "surveys:hme_round_close",
    "surveys:hme_progress",  # only while a round is open; the demo's rounds are closed
    "surveys:hme_invitations",
    "planning:nyckeltal:item_remove",
    "planning:nyckeltal:picker",  # the picker's result list, fetched by htmx as one types
    "planning:nyckeltal:kolada_add",
    "planning:nyckeltal:ou_link",
    "planning:nyckeltal:snapshot_create",
    "surveys:kompass:publish",
    "planning:karta_status",
    "planning:target_delete",
    "planning:followup_create",
    "planning:followup_publish",
    "planning:comment_add",
    "planning:comment_resolve",
    "planning:acknowledge",
    "dialogue:item_material",
    "dialogue:item_prepared",
    "dialogue:item_notes",
    "dialogue:action_add",
    "dialogue:action_status",
    "dialogue:economy",
    "dialogue:approve",
    "dialogue:close",
    "dialogue:experience_share",
    "dialogue:also_tried",
    "internkontroll:carry_over",
    "internkontroll:plan_introduction",
    "internkontroll:from_risks",
    "internkontroll:adopt",
    "internkontroll:action_status",
}
EXAMPLES_PER_ROUTE = 3
MAX_PAGES = 600
# Units the demo fills with every kind of material: links about them are always followed, so
# pages that exist only where there is data (a snapshot, an item) are reached too.
FOCUS = {"1270", "BUN", "BUF", "BUF-GRU", "GRU-BYA", "VON", "VOF", "VOF-HT", "HT-TOM"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def route_name(path):
    try:
        match = resolve(urlparse(path).path)
    except Resolver404:
        return None, {}
    return match.view_name, match.kwargs


def all_route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}{ns}:" if ns else namespace
            # Django's admin; the API answers Bearer tokens only, never a session (tests/api).
            if ns in ("admin", "api-v1"):
                continue
            names |= all_route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def _download(href):
    """The format of a "Ladda ner" link (the page's own route with ?format=xlsx|csv), or None."""
    fmt = parse_qs(urlsplit(href).query).get("format", [None])[0]
    return fmt if fmt in ("xlsx", "csv") else None


def crawl(client):
    seen, queue, statuses = set(), ["/"], {}
    per_route = defaultdict(int)
    downloads = set()  # (route, format): one of each, outside the pages' budget
    while queue and len(seen) < MAX_PAGES + len(downloads):
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        is_html = "text/html" in response.get("Content-Type", "")
        statuses[url] = response.status_code if is_html or response.status_code != 200 else "file"
        if statuses[url] != 200:
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            href = urldefrag(href)[0]
            if not href.startswith("/") or href.startswith("//") or href in seen:
                continue
            name, kwargs = route_name(href)
            if name is None or name.startswith("admin:") or name in NOT_CRAWLED:
                continue
            if fmt := _download(href):
                if (name, fmt) not in downloads:
                    downloads.add((name, fmt))
                    queue.append(href)
                continue
            if per_route[name] >= EXAMPLES_PER_ROUTE and kwargs.get("kod") not in FOCUS:
                continue
            per_route[name] += 1
            queue.append(href)
    return statuses


def admin_crawl(demo):
    """The admin's crawl of the seeded demo {url: status}, once per test run: every copy of the
    demo has the same ids, so the workers share it (tests/fastdb.py), and the axe pass in
    tests/e2e reuses it."""

    def compute():
        with demo.blocker.unblock():
            client = Client()
            client.force_login(User.objects.get(username="admin"))
            return crawl(client)

    return fastdb.shared_json("admin-crawl", compute)


def one_url_per_route(statuses, focus=()):
    """The first URL of every route, plus the first per route and focus unit (`kod`)."""
    chosen = {}
    for url in statuses:
        name, kwargs = route_name(url)
        kod = kwargs.get("kod")
        chosen.setdefault((name, kod if kod in focus else None), url)
    return list(chosen.values())


@pytest.fixture(scope="module")
def crawled(demo_db):
    return admin_crawl(demo_db)


def test_the_admin_crawl_reaches_every_route_without_errors(crawled, db):
    errors = {url: s for url, s in crawled.items() if s != "file" and s >= 500}
    assert errors == {}
    reached = {route_name(url)[0] for url in crawled}
    missing = sorted(
        name
        for name in all_route_names()
        if name not in reached and name not in NOT_CRAWLED and name not in PUBLIC
    )
    assert missing == [], "routes no link leads to; link them or list them in NOT_CRAWLED"


@pytest.mark.parametrize(
    "username",
    # One demo user per distinct kind of place: each role, in two förvaltningar or nämnder
    # where that matters, and support functions on a förvaltning and on the kommun.
    [
        "anna.bu",
        "maria.vo",
        "erik.rektor",
        "karin.hemtjanst",
        "sara.hr",
        "ida.kvalitet",
        "lena.politiker",
        "bengt.politiker",
    ],
)
def test_every_page_as_every_role(crawled, username, db):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    nodes = {n.kod: n for n in OrgNode.objects.all()}
    problems = []
    # The role checks are about the rule of each route, so one URL per route is enough; the
    # focus units (in both nämnder) give each route a node inside and one outside the reach.
    for url in one_url_per_route(crawled, FOCUS):
        status = client.get(url).status_code
        if status >= 500:
            problems.append(f"{url}: {status}")
            continue
        _, kwargs = route_name(url)
        node = nodes.get(kwargs.get("kod"))
        if node is not None and not can(user, VIEW_PUBLISHED, node) and status != 404:
            problems.append(f"{url}: {status}, expected 404 for a node outside the user's reach")
    assert problems == []


def test_anonymous_visitors_are_sent_to_login(crawled, db):
    client = Client()
    problems = []
    for url in crawled:
        name, _ = route_name(url)
        response = client.get(url)
        if name in PUBLIC:
            continue
        if response.status_code != 302 or "/logga-in/" not in response["Location"]:
            problems.append(f"{url}: {response.status_code}")
    assert problems == []


def test_the_crawl_is_not_trivially_small(crawled, db):
    routes = {route_name(url)[0] for url in crawled}
    assert len(crawled) >= 20
    assert {"home", "org:tree", "org:node", "cycle:year", "org:user"} <= routes


def test_the_crawl_downloads_the_tables_as_files(crawled, db):
    files = {route_name(url)[0] for url, s in crawled.items() if s == "file" and _download(url)}
    assert {"planning:index", "planning:followup", "org:users"} <= files
