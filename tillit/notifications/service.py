"""`notify(...)`: the one way to tell people that something needs them."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tillit.org.models import User

from .models import EmailChoice, Kind, Notification, NotificationPreference
from .readers import may_read

log = logging.getLogger(__name__)


def notify(recipients, kind, title, url, *, about=None, key=""):
    """Notify each of `recipients` (users) who may read `about`; returns the notifications made.

    `url` is the exact page, a path on this site. With `key`, a recipient gets at most one
    notification of this kind and key ever (deadline reminders, a dialogue's preparation):
    calling again is safe. Those who chose e-mail immediately get it once the transaction commits.
    """
    if kind not in Kind.values:
        raise ValueError(f"okänd notistyp {kind!r}")
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        raise ValueError("url ska vara en sökväg på webbplatsen")
    seen, made = set(), []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        if not may_read(user, about):
            continue
        n = Notification(recipient=user, kind=kind, title=title[:300], url=url, key=key)
        if key:
            try:
                with transaction.atomic():
                    n.save()
            except IntegrityError:
                continue  # already notified (by an earlier run or another worker)
        else:
            n.save()
        made.append(n)
    if made:
        other_choice = set(
            NotificationPreference.objects.filter(user_id__in=[n.recipient_id for n in made])
            .exclude(email=EmailChoice.IMMEDIATE)
            .values_list("user_id", flat=True)
        )
        ids = [n.pk for n in made if n.recipient_id not in other_choice]
        if ids:
            from .tasks import send_immediate

            transaction.on_commit(lambda: send_immediate.delay(ids))
    return made


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None):
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


def send_immediate_emails(ids):
    """E-mail each of these notifications not yet e-mailed (one message each)."""
    sent = 0
    for n in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        if not _claim([n.pk]) or not n.recipient.email:
            continue
        send_mail(
            subject=n.title,
            message=(
                f"Hej {n.recipient.first_name or n.recipient.username}!\n\n{n.title}\n"
                f"{_absolute(n.url)}\n\n"
                f"Alla dina händelser: {_absolute(reverse('notifications:list'))}\n\n"
                "Det här är ett automatiskt meddelande från Tillit. Du väljer själv om du vill "
                "ha e-post direkt, ett sammandrag per dag eller ingen e-post."
            ),
            from_email=None,
            recipient_list=[n.recipient.email],
        )
        sent += 1
    return sent


def _claim(ids):
    """Stamp notifications e-mailed; True if this call stamped them (not another worker)."""
    return Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ) == len(ids)


def send_daily_digests():
    """One e-mail per person who chose the daily digest, listing their unread notifications
    not yet e-mailed; each is stamped, so running twice sends nothing more."""
    users = User.objects.filter(
        is_active=True,
        notification_preference__email=EmailChoice.DAILY,
        notifications__read_at__isnull=True,
        notifications__emailed_at__isnull=True,
    ).distinct()
    sent = 0
    for user in users:
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
                .order_by("created", "id")
            )
            if not items:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
            if not user.email:
                continue
            lines = "\n".join(f"- {n.title}\n  {_absolute(n.url)}" for n in items)
            send_mail(
                subject=f"Tillit: {len(items)} nya händelser",
                message=(
                    f"Hej {user.first_name or user.username}!\n\n"
                    f"Det här har hänt sedan sist:\n\n{lines}\n\n"
                    f"Alla dina händelser: {_absolute(reverse('notifications:list'))}\n\n"
                    "Det här är ett automatiskt sammandrag från Tillit."
                ),
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


# Daily checks that feature apps register (deadlines of their documents, dialogues to prepare,
# controls due): each is `check(today)` and must be idempotent (use notify's `key`).
_daily_checks = []


def register_daily_check(check):
    if check not in _daily_checks:
        _daily_checks.append(check)
    return check


def run_daily_checks(today=None):
    today = today or timezone.localdate()
    for check in list(_daily_checks):
        try:
            check(today)
        except Exception:  # one failing check must not stop the others
            log.exception("daily notification check %s failed", check)
