"""The moderation home (issue 21, item 1): the admin index opens on what waits for the
moderators, with the same count beside Moderation in their navigation."""

import re

import pytest
from django.urls import reverse

from forum import clinician_notes, services
from forum.models import Post
from moderation import actions
from tests.factories import UserFactory, make_thread


def report(post, reason="spam"):
    return actions.report_create(reporter=UserFactory(), post=post, reason=reason)


@pytest.fixture
def work(community, member):
    thread = make_thread(community=community, title="A reported one", replies=1)
    opening, reply = thread.posts.order_by("number")
    report(opening), report(opening), report(reply, reason="self_harm")
    held = services.reply_create(author=UserFactory(), thread=thread, body="Held", hold=True)
    clinician_notes.inaccuracy_flag_create(member=member, post=opening)
    return {"held": held, "thread": thread}


def test_the_moderation_home_counts_each_kind_of_work_with_the_self_harm_reports_first(
    client, moderator, work
):
    client.force_login(moderator)
    home = client.get(reverse("admin:index")).content.decode()
    rows = re.findall(r'<li><a href="[^"]*">([^<]+)</a>(.*?)</li>', home, re.S)
    figures = {label: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for label, cell in rows}
    assert list(figures)[0] == "Reports of a risk of self-harm"
    assert figures["Reports of a risk of self-harm"].startswith("1 the oldest waits for")
    assert figures["Reported posts"].startswith("2 the oldest waits for")
    assert figures["Posts awaiting review"] == "1"
    assert figures["Suspension appeals"] == "0"
    assert figures["Posts flagged for clinicians"].startswith("1")
    page = client.get("/").content.decode()
    badge = re.search(r'Moderation <span[^>]*>(\d+)<span class="visually-hidden"> waiting', page)
    assert badge and badge.group(1) == "3"  # two reported posts and a held one


def test_the_home_takes_the_same_queries_with_ten_times_the_reports(
    client, moderator, work, django_assert_max_num_queries
):
    client.force_login(moderator)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("admin:index"))
    opening = Post.objects.get(thread=work["thread"], number=1)
    for _ in range(20):
        report(opening)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admin:index"))


def test_members_see_no_moderation_count(client, member, work):
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "waiting for a moderator" not in page and "Moderation" not in page
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_home_draws_reports_per_week_with_the_median_time_and_the_share_within_a_day(
    client, moderator, community
):
    from datetime import timedelta

    from django.utils import timezone

    from moderation.models import Report

    thread = make_thread(community=community, replies=3)
    posts = list(thread.posts.order_by("number"))
    now = timezone.now()
    for post, hours in zip(posts, (2, 10, 50), strict=False):
        filed = report(post)
        Report.objects.filter(pk=filed.pk).update(
            created_at=now - timedelta(hours=60), resolved_at=now - timedelta(hours=60 - hours)
        )
    report(posts[3])  # still open
    client.force_login(moderator)
    home = client.get(reverse("admin:index")).content.decode()
    table = home.split("Reports, week by week")[1].split("</table>")[0]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)
    assert len(rows) == 8
    cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for _, cell in rows]
    busy = [cell for cell in cells if not cell.startswith("0")]
    assert sum(int(cell.split()[0]) for cell in busy) == 4
    assert any("10.0 h" in cell for cell in cells)  # the median of 2, 10 and 50 hours
