"""Edit history: each edit keeps the text it replaced; only the author and moderators can
read it; a report keeps the text as it was when reported."""

import re

from django.urls import reverse

from forum import services
from forum.models import PostRevision
from moderation import actions
from moderation.models import Report
from tests.factories import UserFactory


def history_url(post) -> str:
    return reverse("forum:post_history", args=[post.pk])


def test_each_edit_keeps_the_text_it_replaced(client, thread, member):
    opening = thread.posts.get(number=1)
    services.post_edit(editor=member, post=opening, body="Second text", title="A new title")
    services.post_edit(editor=member, post=opening, body="Third text")
    revisions = list(PostRevision.objects.order_by("number").values("number", "body", "title"))
    assert revisions == [
        {
            "number": 1,
            "body": "Is there research on gene therapy for autoimmune disease?",
            "title": "Gene therapy for autoimmune disease?",
        },
        {"number": 2, "body": "Second text", "title": "A new title"},
    ]
    client.force_login(member)
    page = client.get(history_url(opening)).content.decode()
    assert "Version 3 (current)" in page and "Third text" in page
    assert page.index("Version 2") < page.index("Version 1")  # newest first
    assert "Is there research on gene therapy" in page and "replaced by karm!nR" in page


def test_only_the_author_and_moderators_see_the_history(client, thread, member, moderator):
    opening = thread.posts.get(number=1)
    services.post_edit(editor=member, post=opening, body="An overshare taken back")
    footer_link = f'href="{history_url(opening)}"'
    client.force_login(member)
    assert footer_link in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert client.get(history_url(opening)).status_code == 200
    assert footer_link in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert client.get(history_url(opening)).status_code == 404
    page = client.get(thread.get_absolute_url()).content.decode()
    assert footer_link not in page and "edited" in page  # others see "edited" only
    client.logout()
    assert client.get(history_url(opening))["Location"].startswith(reverse("account_login"))


def test_a_report_keeps_the_text_as_reported(thread, member, other_member, moderator):
    reply = services.reply_create(author=other_member, thread=thread, body="Something cruel")
    actions.report_create(reporter=member, post=reply, reason=Report.Reason.ABUSE)
    services.post_edit(editor=other_member, post=reply, body="Something kind")
    report = Report.objects.get()
    assert report.text_as_reported == "Something cruel"
    # The moderators' queue shows it beside the current text.
    from django.test import Client

    staff = Client()
    staff.force_login(moderator)
    queue = staff.get(reverse("admin:moderation_reportedpost_changelist")).content.decode()
    change = staff.get(
        reverse("admin:moderation_reportedpost_change", args=[reply.pk])
    ).content.decode()
    assert "Something cruel" in change or "Something cruel" in queue
    assert re.search(r"As it was when reported", change)
