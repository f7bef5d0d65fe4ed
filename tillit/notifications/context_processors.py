from django.utils.functional import SimpleLazyObject

from .service import unread_count


def notifications(request):
    """The header's unread count: one query, and only if the page shows the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
