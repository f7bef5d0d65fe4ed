"""Sign-in throttles: per username+address (django-axes) and per address.

django-axes locks one username from one address after `LOGIN_FAILURE_LIMIT` failures (the
person mistyping, or someone guessing one person's password). That alone lets one address try
four passwords for every username in the kommun. So each address also has a budget of
`LOGIN_ADDRESS_FAILURE_LIMIT` failures per `LOGIN_COOLOFF_MINUTES`, counted across usernames:
high enough that a whole kommun signing in behind one NAT address on a Monday morning is not
locked out (100 by default), low enough to stop a sweep through the staff list. Success does not
reset it, or one valid account would refill an attacker's budget.
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver


def _key(address):
    return f"login-failures:{address}"


def address_failures(address):
    return cache.get(_key(address), 0)


def count_failure(address):
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    cache.add(_key(address), 0, timeout=window)  # the window starts at the first failure
    try:
        cache.incr(_key(address))
    except ValueError:  # expired between add and incr
        cache.set(_key(address), 1, timeout=window)


def address_locked(request):
    address = get_client_ip_address(request)
    return address is not None and (
        address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
    )


@receiver(user_login_failed)
def _count_failed_login(sender, credentials, request=None, **kwargs):
    if request is not None and settings.AXES_ENABLED:
        address = get_client_ip_address(request)
        if address is not None:
            count_failure(address)
