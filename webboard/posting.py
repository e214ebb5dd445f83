"""Every write to the webboard goes through here, and each ends by calling
`after_post()`: counters recomputed in the same transaction, the thread
re-indexed for the site search, watchers notified by a background task once
the transaction commits. No signals: the views call these functions."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from kmlaas.attachments import Attachment
from kmlaas.members.roles import is_moderator
from kmlaas.search import engine
from kmlaas.stored_files import removed_if_failed
from webboard import markup
from webboard.models import ModerationLog, Post, ReadMarker, Revision, Room, Thread, ThreadWatch

EDIT_WINDOW = timedelta(hours=24)


def needs_approval(user, *, editing=None):
    """A new member's first posts wait for a moderator (WEBBOARD_HOLD_FIRST_POSTS).
    An edit counts the same way, leaving out the post edited: otherwise the
    approved post itself would vouch for its own new text."""
    if is_moderator(user):
        return False
    held = getattr(settings, "WEBBOARD_HOLD_FIRST_POSTS", 1)
    if held <= 0:
        return False
    approved = Post.objects.filter(author=user, is_approved=True)
    if editing is not None:
        approved = approved.exclude(pk=editing.pk)
    return approved[:held].count() < held


def _attach(post, files):
    for position, upload in enumerate(files):
        attachment = Attachment(item=post, file=upload, position=position)
        attachment.save()
        if attachment.kind == "image":
            from webboard.thumbnails import make_thumbnail

            make_thumbnail(attachment)


@removed_if_failed()  # the attachments' files and thumbnails, if the post is rolled back
@transaction.atomic
def create_thread(*, room, author, title, body, tags=(), files=()):
    approved = not needs_approval(author)
    now = timezone.now()
    thread = Thread.objects.create(
        room=room, author=author, title=title.strip(), is_approved=approved, created_at=now, last_post_at=now
    )
    if tags:
        thread.tags.set(tags)
    post = _new_post(thread, author, body, position=1, approved=approved)
    thread.first_post = post
    thread.save(update_fields=["first_post"])
    _attach(post, files)
    ThreadWatch.objects.get_or_create(thread=thread, user=author)
    after_post(post, created=True)
    return post


@removed_if_failed()  # the attachments' files and thumbnails, if the post is rolled back
@transaction.atomic
def create_reply(*, thread, author, body, quote=None, files=()):
    # The row lock numbers replies without gaps or duplicates under concurrency.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    post = _new_post(
        thread,
        author,
        body,
        position=thread.last_position + 1,
        approved=not needs_approval(author),
        quote=quote,
    )
    _attach(post, files)
    after_post(post, created=True)
    return post


def _new_post(thread, author, body, *, position, approved, quote=None):
    post = Post.objects.create(
        thread=thread,
        position=position,
        author=author,
        body=body,
        body_html=markup.render(body),
        is_staff_answer=position > 1 and is_moderator(author),
        is_approved=approved,
        quote=quote,
    )
    Thread.objects.filter(pk=thread.pk).update(last_position=position)
    thread.last_position = position
    return post


def can_edit(user, post):
    if is_moderator(user):
        return True
    if not user.is_authenticated or post.author_id != user.pk or post.is_hidden:
        return False
    if post.thread.accepted_post_id is not None or post.thread.is_locked:
        return False
    return timezone.now() - post.created_at < EDIT_WINDOW


@transaction.atomic
def edit_post(post, *, editor, body, title=None):
    """Save an edit and keep the text it replaces. An edit that changes
    nothing writes nothing; one by a member whose posts are still held puts
    the post (and, for the question, the thread) back in the queue.
    Returns whether the post now waits for a moderator."""
    title = title.strip() if title is not None and post.is_first else None
    if body == post.body and title in (None, post.thread.title):
        return False
    Revision.objects.create(
        post=post, body=post.body, title=post.thread.title if post.is_first else "", editor=editor
    )
    post.body = body
    post.body_html = markup.render(body)
    post.edited_at = timezone.now()
    held = editor.pk == post.author_id and post.is_approved and needs_approval(editor, editing=post)
    if held:
        post.is_approved = False
    post.save(update_fields=["body", "body_html", "edited_at", "is_approved"])
    if title is not None:
        post.thread.title = title
        post.thread.save(update_fields=["title"])
    if held and post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(is_approved=False)
        post.thread.is_approved = False
    if editor.pk != post.author_id:
        log(editor, ModerationLog.Action.EDIT, post=post)
    after_post(post)
    return not post.is_approved


def log(actor, action, *, thread=None, post=None, reason="", detail=""):
    return ModerationLog.objects.create(
        actor=actor,
        action=action,
        thread=thread or (post.thread if post else None),
        post=post,
        reason=reason[:300],
        detail=detail[:300],
    )


@transaction.atomic
def set_hidden(post, *, moderator, hidden, reason=""):
    post.is_hidden = hidden
    post.hidden_reason = reason if hidden else ""
    post.save(update_fields=["is_hidden", "hidden_reason"])
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(is_hidden=hidden)
        post.thread.is_hidden = hidden
    if hidden and post.thread.accepted_post_id == post.pk:
        _set_accepted(post.thread, None)
    log(
        moderator,
        ModerationLog.Action.HIDE if hidden else ModerationLog.Action.RESTORE,
        post=post,
        reason=reason,
    )
    after_post(post)


@transaction.atomic
def approve(post, *, moderator):
    post.is_approved = True
    post.save(update_fields=["is_approved"])
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(is_approved=True)
        post.thread.is_approved = True
    log(moderator, ModerationLog.Action.APPROVE, post=post)
    after_post(post, created=True)


def _set_accepted(thread, post):
    thread.accepted_post = post
    if thread.state != Thread.State.CLOSED:
        thread.state = Thread.State.ANSWERED if post else Thread.State.OPEN
    thread.save(update_fields=["accepted_post", "state"])


@transaction.atomic
def accept(post, *, user):
    """The asker's choice; the rule is Post.can_be_accepted_by."""
    _set_accepted(post.thread, post)
    after_post(post)


@transaction.atomic
def moderate(thread, *, moderator, action, reason="", pinned_until=None, room=None):
    Action = ModerationLog.Action
    detail = ""
    old_room = thread.room
    if action == Action.PIN:
        thread.pinned_until = pinned_until
        detail = pinned_until.isoformat() if pinned_until else ""
    elif action == Action.UNPIN:
        thread.pinned_until = None
    elif action in (Action.LOCK, Action.UNLOCK):
        thread.is_locked = action == Action.LOCK
    elif action == Action.CLOSE:
        thread.state = Thread.State.CLOSED
    elif action == Action.REOPEN:
        thread.state = Thread.State.ANSWERED if thread.accepted_post_id else Thread.State.OPEN
    elif action == Action.MOVE:
        detail = f"{old_room} → {room}"
        thread.room = room
    thread.save()
    log(moderator, action, thread=thread, reason=reason, detail=detail)
    if action == Action.MOVE:
        _recount_room(old_room)
    after_post(thread.first_post, thread=thread)


def _recount_thread(thread):
    visible = Q(is_hidden=False, is_approved=True)
    stats = thread.posts.aggregate(
        replies=Count("id", filter=visible & Q(position__gt=1)),
        last_id=Max("id", filter=visible),
        last_at=Max("created_at", filter=visible),
    )
    thread.reply_count = stats["replies"]
    thread.last_post_id = stats["last_id"] or 0
    thread.last_post_at = stats["last_at"] or thread.created_at
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=thread.reply_count, last_post_id=thread.last_post_id, last_post_at=thread.last_post_at
    )


def _recount_room(room):
    listed = Thread.objects.listed().filter(room=room)
    stats = listed.aggregate(threads=Count("id"), replies=Sum("reply_count"))
    last = listed.order_by("-last_post_at", "-id").only("id", "last_post_at").first()
    Room.objects.filter(pk=room.pk).update(
        thread_count=stats["threads"],
        post_count=stats["threads"] + (stats["replies"] or 0),
        last_post_at=last.last_post_at if last else None,
        last_thread=last,
    )


def room_changed(room):
    """After a room is switched on or off: its threads' search entries follow
    (an inactive room hides all it holds)."""
    for thread in Thread.objects.filter(room=room).select_related("room"):
        engine.index(thread)


@transaction.atomic
def delete_thread(thread):
    """Delete a thread with its posts, its search entry and its place in the
    room's counters."""
    room = thread.room
    engine.remove(thread)
    thread.delete()
    _recount_room(room)


def after_post(post, *, created=False, thread=None):
    """What follows any write: counters, the author's read marker, the search
    index and, for a new visible post, notifications after commit."""
    thread = thread or post.thread
    _recount_thread(thread)
    _recount_room(thread.room)
    if created and post.author_id and post.is_approved:
        ReadMarker.objects.update_or_create(
            thread=thread, user_id=post.author_id, defaults={"last_read_post_id": thread.last_post_id}
        )
    engine.index(thread)
    if created and post.is_approved and not post.is_hidden:
        from webboard.tasks import notify_watchers

        transaction.on_commit(lambda: notify_watchers.enqueue(post.pk))


@transaction.atomic
def to_faq(thread, *, staff):
    """A draft FAQ from a solved thread (the faq app owns the draft)."""
    from faq.drafts import create_from_thread

    faq = create_from_thread(thread.title, thread.first_post.body_html, thread.accepted_post.body_html, staff)
    log(staff, ModerationLog.Action.FAQ, thread=thread, detail=f"faq:{faq.pk}")
    return faq
