import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import services
from forum.models import Community, Post, Thread
from tests.factories import CommunityFactory, UserFactory, make_thread


def test_starting_a_discussion_creates_its_opening_post_and_counts_it(community, member):
    thread = services.thread_create(
        author=member, community=community, title="  Heat and fatigue  ", body="**Help**"
    )
    assert thread.title == "Heat and fatigue"
    assert thread.slug == "heat-and-fatigue"
    opening = thread.posts.get()
    assert opening.number == 1
    assert opening.body_html == "<p><strong>Help</strong></p>"
    community.refresh_from_db()
    assert community.thread_count == 1
    assert thread.reply_count == 0


def test_replies_are_numbered_in_order_and_counted(thread, other_member):
    first = services.reply_create(author=other_member, thread=thread, body="One")
    second = services.reply_create(author=other_member, thread=thread, body="Two")
    thread.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert thread.reply_count == 2
    assert thread.last_post_number == 3
    assert thread.last_activity_at == second.created_at


def test_a_reply_to_a_locked_discussion_is_refused_and_nothing_is_saved(thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        services.reply_create(author=other_member, thread=thread, body="Hello")
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_reply_over_the_limits_is_refused_by_the_service_too(thread, other_member):
    with pytest.raises(ValidationError):
        services.reply_create(author=other_member, thread=thread, body="[" * 5000)
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_only_the_author_edits_a_post(thread, member, other_member):
    opening = thread.posts.get(number=1)
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=other_member, post=opening, body="Vandalised")
    edited = services.post_edit(editor=member, post=opening, body="Better *words*", title="New")
    assert edited.body_html == "<p>Better <em>words</em></p>"
    assert edited.edited_at is not None
    thread.refresh_from_db()
    assert thread.title == "New"


def test_rebuilding_counters_finds_and_repairs_drift(db):
    community = CommunityFactory()
    thread = make_thread(community=community, replies=3)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=40, has_expert_answer=True, last_activity_at=thread.created_at
    )
    Community.objects.filter(pk=community.pk).update(thread_count=9)
    fixed = services.counters_rebuild()
    assert fixed == {"threads": 1, "communities": 1}
    thread.refresh_from_db()
    community.refresh_from_db()
    assert (thread.reply_count, thread.has_expert_answer, community.thread_count) == (3, False, 1)
    assert thread.last_activity_at == thread.posts.order_by("-number")[0].created_at
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}


def test_stored_counters_equal_a_recount_after_a_mixed_run(db):
    community = CommunityFactory()
    for replies in (0, 2, 5):
        make_thread(community=community, replies=replies)
    thread = make_thread(community=community, replies=1)
    services.post_edit(editor=thread.author, post=thread.posts.get(number=1), body="changed")
    services.reply_create(author=UserFactory(), thread=thread, body="late")
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}
