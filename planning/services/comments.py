"""Comments on a unit's drafts and the line above's kvittering (issue 18, item 2).

Who may comment, read, resolve and kvittera is decided in tillit/org/permissions.py; this module
knows the documents, their sections and the writes. Comments are working material only: nothing
here is read by a published follow-up, a handed-over nulägeskarta, the nämnd summary or a report.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tillit.notifications.models import Kind
from tillit.notifications.service import notify
from tillit.org.models import Role, RoleAssignment
from tillit.org.permissions import (
    COMMENT,
    can,
    can_acknowledge,
    can_read_comments,
    can_resolve_comment,
)

from ..models import Acknowledgement, Comment, CommentDoc, SectionKey
from .followup import followup_items

PLAN_SECTIONS = [
    ("mission", "Vad är vårt uppdrag?"),
    ("aims", "Vad vill vi uppnå?"),
    ("how", "Vad behöver vi göra för att ta oss dit?"),
    ("long_term", "Vad planerar vi att göra på längre sikt?"),
]

# The foreign key of Comment (and Acknowledgement) that holds each kind of document.
DOC_FIELD = {
    CommentDoc.ANALYSIS: "analysis",
    CommentDoc.PLAN: "plan",
    CommentDoc.FOLLOWUP: "followup",
}


class CommentRefused(Exception):
    pass


# --- reads ---------------------------------------------------------------------------------


def sections(doc, obj, node):
    """The sections of a document one may comment on, in page order: [(key, label)]."""
    if doc == CommentDoc.ANALYSIS:
        return [(k.value, k.label) for k in SectionKey]
    if doc == CommentDoc.PLAN:
        return list(PLAN_SECTIONS)
    items = followup_items(obj, node)
    return [(f"g{g.pk}", g.title) for g, _ in items["goals"]] + [
        (f"u{u.pk}", f"Uppdrag: {u.title}") for u, _ in items["uppdrag"]
    ]


def document_url(doc, obj, node):
    if doc == CommentDoc.FOLLOWUP:
        return reverse("planning:followup_node", args=[obj.pk, node.kod])
    return obj.get_absolute_url()


def comments_of(doc, obj, node):
    return Comment.objects.filter(node=node, **{DOC_FIELD[doc]: obj}).select_related(
        "author", "resolved_by"
    )


class Thread:
    """One section's comments as the page shows them, with what the reader may do."""

    def __init__(self, *, doc, obj, node, key, label, comments, user):
        self.doc, self.obj, self.node, self.key, self.label = doc, obj, node, key, label
        self.anchor = f"kommentarer-{key}"
        self.url = reverse("planning:comment_add", args=[node.kod, doc, obj.pk])
        self.can_comment = can(user, COMMENT, node)
        top = [c for c in comments if c.parent_id is None]
        replies = {}
        for c in comments:
            if c.parent_id is not None:
                replies.setdefault(c.parent_id, []).append(c)
        for c in top:
            c.refused = None
            c.reply_list = replies.get(c.pk, [])
            c.may_resolve = c.resolved_at is None and can_resolve_comment(user, node, c.author_id)
        self.open = [c for c in top if c.resolved_at is None]
        self.resolved = [c for c in top if c.resolved_at is not None]
        self.visible = bool(self.open or self.resolved or self.can_comment)
        # After a refused post: the typed text and the errors, on the new-comment form
        # (refused_new) or on the answer form of one comment (c.refused).
        self.refused_new = None

    def refuse(self, parent_id, text, errors):
        refused = {"text": text, "errors": errors}
        if parent_id is None:
            self.refused_new = refused
        for c in self.open:
            if c.pk == parent_id:
                c.refused = refused
        return self


def threads(user, doc, obj, node):
    """{section key: Thread} for a reader of the comments, None for anybody else (a politician,
    another unit's chef): the page then shows no trace of them."""
    if obj is None or not can_read_comments(user, node):
        return None
    by_section = {}
    for c in comments_of(doc, obj, node):
        by_section.setdefault(c.section, []).append(c)
    return {
        key: Thread(
            doc=doc,
            obj=obj,
            node=node,
            key=key,
            label=label,
            comments=by_section.get(key, []),
            user=user,
        )
        for key, label in sections(doc, obj, node)
    }


def history_rows(user, doc, obj, node):
    """The comments as rows of the document's Ändringshistorik (readers of comments only)."""
    if obj is None or not can_read_comments(user, node):
        return []
    labels = dict(sections(doc, obj, node))
    rows = []
    for c in comments_of(doc, obj, node):
        where = labels.get(c.section, c.section)
        verb = "Svar" if c.parent_id else "Kommentar"
        rows.append({"when": c.created_at, "who": c.author, "what": f"{verb} om {where}: {c.text}"})
        if c.resolved_at:
            rows.append(
                {"when": c.resolved_at, "who": c.resolved_by, "what": f"Kommentar om {where} löst"}
            )
    return rows


def latest_acknowledgement(node, *, plan=None, followup=None):
    if plan is None and followup is None:
        return None
    doc = {"plan": plan} if plan is not None else {"followup": followup}
    return Acknowledgement.objects.filter(node=node, **doc).select_related("by").first()


def acknowledgement_state(user, node, *, plan=None, followup=None):
    """What the page says about kvittering: the latest one, whether the plan changed since,
    and whether the reader may kvittera."""
    ack = latest_acknowledgement(node, plan=plan, followup=followup)
    return {
        "ack": ack,
        "changed_since": bool(
            ack and plan is not None and ack.revision is not None and plan.revision > ack.revision
        ),
        "can_acknowledge": can_acknowledge(user, node),
    }


# --- writes --------------------------------------------------------------------------------


def comment_add(*, user, doc, obj, node, section, text, parent=None):
    """A new comment (the line above, support staff) or an answer in a thread (also the
    document's authors). Refused when the section is not the document's or the thread is
    resolved."""
    if section not in dict(sections(doc, obj, node)):
        raise CommentRefused("Avsnittet finns inte i dokumentet.")
    if parent is not None and (parent.section != section or parent.parent_id is not None):
        raise CommentRefused("Svaret hör inte till den här kommentaren.")
    if parent is not None and parent.resolved_at is not None:
        raise CommentRefused("Kommentaren är redan löst.")
    comment = Comment.objects.create(
        node=node,
        section=section,
        parent=parent,
        text=text,
        author=user,
        **{DOC_FIELD[doc]: obj},
    )
    transaction.on_commit(lambda: _notify_comment(comment))
    return comment


def comment_resolve(*, comment, user):
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = user
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def acknowledge(*, user, node, plan=None, followup=None):
    return Acknowledgement.objects.create(
        node=node,
        plan=plan,
        followup=followup,
        revision=plan.revision if plan is not None else None,
        by=user,
    )


def _notify_comment(comment):
    """Tell the unit's chefs about a new comment, or the thread's earlier writers about an
    answer; never the writer. Nobody is told who may not read the comments there."""
    doc_obj = getattr(comment, DOC_FIELD[comment.doc])
    if comment.parent_id is None:
        recipients = [
            ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.CHEF, node=comment.node, user__is_active=True
            ).select_related("user")
        ]
        title = f"Ny kommentar på {comment.node.namn}"
    else:
        thread = [comment.parent, *comment.parent.replies.exclude(pk=comment.pk)]
        recipients = [c.author for c in thread if c.author is not None]
        title = f"Svar på kommentar ({comment.node.namn})"
    recipients = [u for u in recipients if u.pk != comment.author_id]
    recipients = [u for u in recipients if can_read_comments(u, comment.node)]
    url = document_url(comment.doc, doc_obj, comment.node) + f"#kommentarer-{comment.section}"
    notify(recipients, Kind.COMMENT, title, url, about=comment.node)
