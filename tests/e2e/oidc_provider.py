"""Start the real OpenID provider of tests/e2e/oidc/ (npm's `oidc-provider` under node) on a
free port of 127.0.0.1, with one static client and the accounts given."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).parent / "oidc"
CLIENT_ID = "tillit-test"
CLIENT_SECRET = "tillit-test-secret"


def install():
    """`npm ci` once, if `make test` has not done it already."""
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        npm = shutil.which("npm") or "npm"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True
        )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_provider(redirect_uri, post_logout_redirect_uri, accounts):
    """Yield the issuer URL of a provider that knows `accounts` ({sub: claims})."""
    install()
    port = free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(accounts, f)
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": redirect_uri,
        "POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
        "ACCOUNTS_FILE": f.name,
    }
    process = subprocess.Popen(
        [shutil.which("node") or "node", "provider.js"],
        cwd=HERE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"the OpenID provider did not start:\n{output}")
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        os.unlink(f.name)
