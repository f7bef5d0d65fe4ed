"""Tokens on the shared test tree (tests/conftest.py) and a client that sends them."""

import pytest

from api.models import ApiToken, Level


@pytest.fixture
def make_token(personas, tree):
    def make(scope="K", level=Level.ALL, owner="admin", service=""):
        token, secret = ApiToken.issue(
            name=f"Test {scope} {level}",
            owner=personas[owner] if owner else None,
            service=service if not owner else "",
            scope=tree[scope],
            level=level,
        )
        return secret

    return make


@pytest.fixture
def get(client):
    def get(path, secret, **headers):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        if secret is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client.get(f"/api/v1/{path}", **extra)

    return get


def kods(response):
    assert response.status_code == 200, response.content
    return [r["kod"] if "kod" in r else r["enhet"] for r in response.json()["results"]]
