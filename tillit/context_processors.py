from django.conf import settings

from tillit.org.permissions import MANAGE, assignments, can


def tillit(request):
    user = getattr(request, "user", None)
    roles = assignments(user) if user is not None else []
    is_admin = bool(
        user
        and user.is_authenticated
        and (user.is_superuser or any(can(user, MANAGE, a.node) for a in roles))
    )
    return {"site_name": settings.SITE_NAME, "my_roles": roles, "is_admin": is_admin}
