"""The review screen of a reported post (issue 21, item 2) and warnings with escalation
(item 4): everything a moderator needs to decide, in queries flat in the number of
reports; a warning reaches the member; three warnings propose a suspension."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum import services
from moderation import actions, warnings
from moderation.models import ModerationAction, Warning
from notifications.models import Notification
from tests.factories import UserFactory, make_thread


def review_url(post):
    return reverse("admin:moderation_reportedpost_change", args=[post.pk])


@pytest.fixture
def reported(community):
    thread = make_thread(community=community, title="Supplements that cure", replies=2)
    post = services.reply_create(
        author=UserFactory(display_name="Pill Seller"), thread=thread, body="Buy my cure now."
    )
    actions.report_create(reporter=UserFactory(), post=post, reason="spam", note="An advert")
    return post


def test_the_review_screen_shows_the_post_as_reported_and_now_its_context_and_author(
    client, moderator, reported
):
    services.post_edit(editor=reported.author, post=reported, body="Nothing to see.")
    client.force_login(moderator)
    page = client.get(review_url(reported)).content.decode()
    assert "Nothing to see." in page and "Buy my cure now." in page  # now and as reported
    assert "Reply number 1." in page and "Reply number 2." in page  # the two posts before
    assert "An advert" in page and "Spam or advertising" in page
    assert "Pill Seller" in page and "0 warnings in the last 90 days" in page
    for action in ("hide", "dismiss", "warn"):
        assert reverse("moderation:post_action", args=[reported.pk, action]) in page
    assert reverse("moderation:thread_action", args=[reported.thread_id, "lock"]) in page
    assert 'name="action" value="suspend"' in page


def test_the_review_screen_takes_the_same_queries_with_many_reports(
    client, moderator, reported, django_assert_max_num_queries
):
    client.force_login(moderator)
    client.get(review_url(reported))
    with django_assert_max_num_queries(30) as few:
        client.get(review_url(reported))
    for _ in range(15):
        actions.report_create(reporter=UserFactory(), post=reported, reason="abuse")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(review_url(reported))


def test_a_warning_reaches_the_member_until_they_have_read_it(
    client, moderator, reported, django_capture_on_commit_callbacks
):
    author = reported.author
    client.force_login(moderator)
    url = reverse("moderation:post_action", args=[reported.pk, "warn"])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Give a reason" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "No advertising, please."})
    warning = Warning.objects.get(member=author)
    assert warning.post == reported
    assert ModerationAction.objects.filter(action="member_warned", target_user=author).exists()
    assert Notification.objects.get(recipient=author, kind="warning").post == reported
    [letter] = [m for m in mail.outbox if m.to == [author.email]]
    assert "No advertising, please." in letter.body
    client.force_login(author)
    page = client.get("/").content.decode()
    assert "A moderator has sent you a warning." in page
    listed = client.get(reverse("moderation:warnings")).content.decode()
    assert "No advertising, please." in listed and "I have read it" in listed
    client.post(reverse("moderation:warnings"))
    assert "A moderator has sent you a warning." not in client.get("/").content.decode()
    assert User.objects.get(pk=author.pk).warning_pending_at is None


def test_three_warnings_in_ninety_days_propose_a_suspension(client, moderator, reported):
    for n in range(3):
        client.force_login(moderator)
        page = client.get(review_url(reported)).content.decode()
        assert ("consider suspending" in page) == (n >= 3)
        warnings.member_warn(
            moderator=moderator, member=reported.author, post=reported, reason=f"Advert {n}"
        )
    page = client.get(review_url(reported)).content.decode()
    assert "3 warnings in the last 90 days" in page and "consider suspending" in page
    assert all(f"Advert {n}" in page for n in range(3))


def test_members_and_staff_outside_the_moderators_cannot_warn(client, member, reported):
    url = reverse("moderation:post_action", args=[reported.pk, "warn"])
    client.force_login(member)
    assert client.post(url, {"reason": "x"}).status_code == 403
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert client.get(review_url(reported)).status_code in (302, 403)
    assert not Warning.objects.exists()


def test_the_queue_lists_text_author_and_community_not_ids(client, moderator, reported):
    client.force_login(moderator)
    page = client.get(reverse("admin:moderation_reportedpost_changelist")).content.decode()
    assert "Buy my cure now." in page and "Pill Seller" in page and "Multiple sclerosis" in page
    assert not re.search(r">#\d+ in \d+<", page)


def test_the_log_reads_as_sentences_filterable_by_moderator_member_and_action(
    client, moderator, reported
):
    actions.post_hide(moderator=moderator, post=reported, reason="personal data shared")
    client.force_login(moderator)
    log = reverse("admin:moderation_moderationaction_changelist")
    page = client.get(log).content.decode()
    title = reported.thread.title
    assert (
        f"Quiet Lighthouse hid a post by Pill Seller (Post #{reported.number} in “{title}”): "
        "personal data shared"
    ) in page.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&#x27;", "'")
    by_member = client.get(log, {"target_user__id__exact": reported.author_id}).content.decode()
    assert "hid a post by Pill Seller" in by_member
    other = client.get(log, {"action__exact": "member_warned"}).content.decode()
    assert "hid a post by Pill Seller" not in other


def test_a_common_reason_from_the_moderators_list_with_or_without_their_own_words(
    client, moderator, reported
):
    from moderation.models import ModerationReason

    common = ModerationReason.objects.get(text="Advertising or spam")
    client.force_login(moderator)
    url = reverse("moderation:post_action", args=[reported.pk, "hide"])
    form = client.get(url).content.decode()
    assert "Advertising or spam" in form and "Personal data shared" in form
    client.post(url, {"common": common.pk, "reason": "third time"})
    entry = ModerationAction.objects.get(action="post_hidden")
    assert entry.reason == "Advertising or spam: third time"


def test_a_decision_taken_from_the_review_screen_returns_to_the_queue(client, moderator, reported):
    client.force_login(moderator)
    page = client.get(review_url(reported)).content.decode()
    queue = reverse("admin:moderation_reportedpost_changelist")
    hide = re.search(r'href="([^"]*/hide/\?next=[^"]*)"', page).group(1)
    assert hide.endswith(f"?next={queue}")
    done = client.post(hide.replace("&amp;", "&"), {"reason": "An advert"})
    assert done.status_code == 302 and done["Location"] == queue
    elsewhere = reverse("moderation:post_action", args=[reported.pk, "restore"])
    back = client.post(elsewhere + "?next=https://evil.example/", {"reason": "x"})
    assert back["Location"] != "https://evil.example/"
