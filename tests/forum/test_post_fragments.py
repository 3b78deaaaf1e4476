"""Each post's article is rendered once and shared by every reader (forum.postrender):
it must change as soon as anything it shows changes, and never carry one reader's
actions to another."""

import re

import pytest
from django.core.cache import cache

from forum import members, reactions, services
from moderation import actions
from moderation import services as moderation_services
from tests.cache_support import stored_keys
from tests.factories import UserFactory


def post_keys():
    """The cached articles' keys (the local-memory cache of the tests stores them with a
    ":1:" prefix)."""
    return {key.split(":", 2)[2] for key in stored_keys() if ":pf:post:" in key}


def read(client, thread, user=None):
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def article(html, number):
    found = re.search(rf'<article[^>]*id="post-{number}".*?</article>', html, re.DOTALL)
    assert found, f"post {number} is not on the page"
    return found.group()


@pytest.fixture
def reply(thread, other_member):
    return services.reply_create(author=other_member, thread=thread, body="First answer")


def test_articles_are_cached_and_shared_between_readers(
    client, thread, reply, member, other_member
):
    first = read(client, thread, member)
    assert len(post_keys()) == 2
    second = read(client, thread, other_member)
    # Same article, different actions: the author may edit, the other reader may report.
    assert "First answer" in article(first, 2) and "First answer" in article(second, 2)
    assert "Report" in article(first, 2) and "Edit" not in article(first, 2)
    assert "Edit" in article(second, 2) and "Report" not in article(second, 2)


def test_no_reader_s_token_or_state_is_stored_in_the_shared_articles(client, thread, reply, member):
    reactions.thanks_create(user=member, post=reply)
    html = read(client, thread, member)
    assert 'aria-pressed="true">Thanked' in article(html, 2)
    stored = cache.get_many(post_keys()).values()
    assert len(stored) == 2
    for text in stored:
        assert "csrfmiddlewaretoken" not in text and "Thank" not in text


def test_an_edit_shows_at_once(
    client, thread, reply, member, other_member, django_capture_on_commit_callbacks
):
    read(client, thread, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(editor=other_member, post=reply, body="Corrected answer")
    html = article(read(client, thread, member), 2)
    assert "Corrected answer" in html and "First answer" not in html


@pytest.mark.parametrize("moderator_first", [True, False])
def test_hidden_text_reaches_moderators_only_whoever_reads_first(
    client,
    thread,
    reply,
    member,
    moderator,
    moderator_first,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_hide(moderator=moderator, post=reply, reason="Spam")
    readers = [moderator, member] if moderator_first else [member, moderator]
    pages = {user.pk: article(read(client, thread, user), 2) for user in readers}
    assert "First answer" in pages[moderator.pk]
    assert "you see it because you moderate" in pages[moderator.pk]
    assert "First answer" not in pages[member.pk]
    assert "removed by a moderator" in pages[member.pk]


def test_a_new_name_shows_on_cached_articles(
    client, thread, reply, member, other_member, django_capture_on_commit_callbacks
):
    read(client, thread, member)
    with django_capture_on_commit_callbacks(execute=True):
        members.member_profile_update(
            user=other_member,
            display_name="Harbour Swift",
            bio="",
            profile_is_public=True,
            communities=[],
        )
    html = article(read(client, thread, member), 2)
    assert "Harbour Swift" in html and "MapleRunner" not in html


def test_a_revoked_clinician_loses_the_badge_on_cached_articles(
    client, thread, clinician, moderator, member, django_capture_on_commit_callbacks
):
    services.reply_create(author=clinician, thread=thread, body="In general, yes.", expert=True)
    assert "Verified clinician" in article(read(client, thread, member), 2)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.clinician_revoke(
            moderator=moderator, user=clinician, reason="Licence not renewed"
        )
    html = article(read(client, thread, member), 2)
    assert "Verified clinician" not in html and "Expert answer" not in html


def test_a_post_cannot_move_the_actions_of_the_footer(client, thread, member, other_member):
    services.reply_create(author=other_member, thread=thread, body="Look <!--post-actions--> here")
    html = article(read(client, thread, member), 2)
    assert html.count('<footer class="post-actions">') == 1
    body = re.search(r'<div class="post-body">(.*?)</div>', html, re.DOTALL).group(1)
    assert "Report" not in body


def test_many_readers_many_posts_one_render_each(client, thread, member, other_member):
    for i in range(5):
        services.reply_create(author=UserFactory(), thread=thread, body=f"Reply {i}")
    read(client, thread, member)
    keys = post_keys()
    read(client, thread, other_member)
    assert post_keys() == keys
    assert len(keys) == 6  # the opening post and five replies
