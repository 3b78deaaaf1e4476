"""Receivers of the forum's and moderation's events (connected in NotificationsConfig).

The events are sent after their transaction commits; each receiver only queues a task,
so a request never waits for a fan-out to many followers (unless tasks run inline).
"""

from notifications import message_notices, services, tasks


def post_created(sender, post_id, mentioned=(), **kwargs) -> None:
    tasks.enqueue(tasks.notify_post_created, post_id=post_id, mentioned=list(mentioned))


def post_edited(sender, post_id, mentioned=(), editor_id=None, **kwargs) -> None:
    if mentioned:
        tasks.enqueue(
            tasks.notify_post_edited,
            post_id=post_id,
            mentioned=list(mentioned),
            editor_id=editor_id,
        )


def posts_read(sender, user_id, thread_id, number, **kwargs) -> None:
    # In the request, not queued: the count in the page's navigation must already be right.
    services.notifications_mark_read_for_posts(
        user_id=user_id, thread_id=thread_id, up_to_number=number
    )


def post_withdrawn(sender, post_ids, **kwargs) -> None:
    # In the request: the author's page and everyone's count must already be right.
    services.notifications_drop_withdrawn(post_ids=list(post_ids))


def post_thanked(sender, post_id, user_id, **kwargs) -> None:
    tasks.enqueue(tasks.notify_thanks, post_id=post_id, user_id=user_id)


def post_reacted(sender, post_id, user_id, kind, **kwargs) -> None:
    tasks.enqueue(tasks.notify_reaction, post_id=post_id, user_id=user_id, kind=kind)


def post_hidden(sender, post_id, moderator_id=None, **kwargs) -> None:
    tasks.enqueue(tasks.notify_post_hidden, post_id=post_id, moderator_id=moderator_id)


def report_resolved(sender, post_id, reporter_ids, outcome, moderator_id=None, **kwargs) -> None:
    tasks.enqueue(
        tasks.notify_report_resolved,
        post_id=post_id,
        reporter_ids=list(reporter_ids),
        outcome=outcome,
        moderator_id=moderator_id,
    )


def verification_decided(sender, applicant_id, approved, **kwargs) -> None:
    tasks.enqueue(tasks.notify_verification_decided, applicant_id=applicant_id, approved=approved)


def report_filed(sender, post_id, reason, **kwargs) -> None:
    if reason == "self_harm":
        tasks.enqueue(tasks.notify_urgent_report, post_id=post_id)


def member_letter(sender, user_id, letter, reason="", review_due="", details="", **kwargs) -> None:
    tasks.enqueue(
        tasks.send_member_letter,
        user_id=user_id,
        letter=letter,
        reason=reason,
        review_due=review_due,
        details=details,
    )


def member_reached(sender, member_id, post_id=None, **kwargs) -> None:
    tasks.enqueue(tasks.notify_outreach, member_id=member_id, post_id=post_id)


def clinician_note_saved(sender, post_id, editor_id, created, **kwargs) -> None:
    if created:  # an edit is not news to the author
        tasks.enqueue(
            tasks.notify_clinician_note, post_id=post_id, clinician_id=editor_id, outcome="noted"
        )


def inaccuracy_flags_dismissed(sender, post_id, clinician_id, **kwargs) -> None:
    tasks.enqueue(
        tasks.notify_clinician_note, post_id=post_id, clinician_id=clinician_id, outcome="dismissed"
    )


def message_sent(sender, conversation_id, author_id, recipient_ids, **kwargs) -> None:
    tasks.enqueue(
        tasks.notify_message,
        conversation_id=conversation_id,
        author_id=author_id,
        recipient_ids=list(recipient_ids),
    )


def conversation_read(sender, user_id, conversation_id, **kwargs) -> None:
    # In the request, not queued: the count in the page's navigation must already be right.
    message_notices.conversation_read_notify(user_id=user_id, conversation_id=conversation_id)


def message_reported(sender, report_id, reason, **kwargs) -> None:
    if reason == "self_harm":
        tasks.enqueue(tasks.notify_urgent_message_report, report_id=report_id)


def member_warned(sender, member_id, post_id=None, **kwargs) -> None:
    tasks.enqueue(tasks.notify_warning, member_id=member_id, post_id=post_id)
