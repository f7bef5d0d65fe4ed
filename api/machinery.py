"""What every API answer goes through: the bearer token, the rate limit per token, the ETag and
the cursor paging."""

import hashlib
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI
from ninja.security import HttpBearer

from tillit.org.permissions import api_reader

from .models import ApiToken

PAGE_SIZE = 100
# last_used_at is written at most this often per token (not one write per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)


class RateLimited(Exception):
    def __init__(self, retry_after):
        self.retry_after = retry_after


class BadCursor(Exception):
    pass


def rate_limit():
    """(requests, seconds) allowed per token."""
    return settings.API_RATE_LIMIT, settings.API_RATE_WINDOW


def check_rate(token):
    """Count a request of the token in the current window; raise RateLimited past the limit.
    A fixed window in the cache (Redis in production: atomic incr, shared by the workers),
    keyed by the token's hash (unique, unlike an id, across databases sharing one cache)."""
    limit, window = rate_limit()
    now = time.time()
    start = int(now // window) * window
    key = f"api:rate:{token.token_hash[:24]}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimited(max(1, int(start + window - now + 0.999)))


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.find(token)
        if found is None:
            return None
        reader = api_reader(found)
        if reader is None:
            return None
        check_rate(found)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return reader


class TillitAPI(NinjaAPI):
    """NinjaAPI with a strong ETag on every successful GET and 304 on If-None-Match."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ("Authorization",))
            asked = request.headers.get("If-None-Match", "")
            if etag in [t.strip() for t in asked.split(",")] or asked.strip() == "*":
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                not_modified["Cache-Control"] = "private, no-cache"
                patch_vary_headers(not_modified, ("Authorization",))
                return not_modified
        return response


# Signed without a timestamp: the same page always has the same cursor, so its ETag holds.
_CURSOR_SIGNER = signing.Signer(salt="api.cursor")


def encode_cursor(key):
    return _CURSOR_SIGNER.sign_object(key, compress=True)


def decode_cursor(cursor):
    """The key a cursor carries, or None for the first page; BadCursor when it is not ours."""
    if not cursor:
        return None
    try:
        return _CURSOR_SIGNER.unsign_object(cursor)
    except signing.BadSignature as exc:
        raise BadCursor from exc


def page(items, key, size=PAGE_SIZE):
    """One page from `items` (at most size + 1 fetched, in key order): (the page, next cursor)."""
    items = list(items[: size + 1])
    more = len(items) > size
    items = items[:size]
    return items, (encode_cursor(key(items[-1])) if more and items else None)
