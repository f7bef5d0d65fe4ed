"""Notifications: the "Att göra och händelser" list, its unread count in the header, and
e-mail (immediately or as a daily digest, the person's choice).

Feature apps call `notify(...)` (service.py); this package imports none of them. Whom a
notification may reach is decided by the permission module: `about` names what it is about and
every recipient who may not read that is dropped (readers.py).
"""
