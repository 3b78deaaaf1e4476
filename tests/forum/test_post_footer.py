"""Each post's footer is built in Python for speed (forum.postrender); this pins its
markup against the template it replaced, for every kind of reader and post state."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation

from forum import bookmarks, postrender, reactions, services, withdrawal
from forum.models import Post
from tests.factories import UserFactory

# The footer as the template it replaced wrote it.
FOOTER = Template((Path(__file__).parent / "post_footer.html").read_text())
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
SPACES = re.compile(r"\s+")


def readable(html: str):
    """The markup as a tree (attribute order and spacing between tags do not count), with
    CSRF values (masked afresh on each call) and runs of spaces made equal."""
    return parse_html(SPACES.sub(" ", CSRF_VALUE.sub(r'\1"', html)))


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


@pytest.fixture
def discussion(thread, other_member, member):
    """The opening post, a reply the member thanked, one they saved (and its author
    edited), a hidden one, one awaiting review and one its author edited, then withdrew."""
    replies = [
        services.reply_create(author=other_member, thread=thread, body=f"Reply {n}")
        for n in range(5)
    ]
    services.post_edit(editor=other_member, post=replies[4], body="Reply 4, edited")
    withdrawal.post_withdraw(author=other_member, post=replies[4])
    reactions.thanks_create(user=member, post=replies[0])
    reactions.thanks_create(user=UserFactory(), post=replies[0])
    bookmarks.bookmark_create(user=member, post=replies[1])
    reactions.reaction_create(user=member, post=replies[0], kind="me_too")
    reactions.reaction_create(user=UserFactory(), post=replies[0], kind="support")
    reactions.reaction_create(user=UserFactory(), post=replies[1], kind="me_too")
    services.post_edit(editor=other_member, post=replies[1], body="Reply 1, edited")
    Post.objects.filter(pk=replies[2].pk).update(is_hidden=True)
    Post.objects.filter(pk=replies[3].pk).update(is_awaiting_review=True)
    return thread


READERS = {
    "a visitor": lambda d, m: AnonymousUser(),
    "the opening post's author": lambda d, m: d.author,
    "the replies' author": lambda d, m: d.posts.get(number=2).author,
    "another member": lambda d, m: UserFactory(),
    "a moderator": lambda d, m: m,
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("reader", READERS)
def test_the_footer_reads_as_the_template_it_replaced(discussion, moderator, reader, language):
    from forum import permissions

    user = READERS[reader](discussion, moderator)
    posts = list(discussion.posts.order_by("number"))
    reactions.discussion_state(user, discussion, posts)
    is_moderator = permissions.is_moderator(user)
    with translation.override(language):
        built = postrender.footers(request_for(user), posts)
        for post in posts:
            context = {
                "post": post,
                "user": user,
                "is_moderator": is_moderator,
                "may_edit": user.is_authenticated and permissions.can_edit_post(user, post),
                "can_reply": user.is_authenticated and permissions.can_reply(user, discussion),
            }
            expected = FOOTER.render(Context(context | {"csrf_token": "x"}))
            assert readable(built[post.pk]) == readable(expected), (reader, post.number)


def test_the_pages_reactable_posts_follow_the_per_post_rules(discussion, moderator):
    """permissions.reactable_posts asks the member's part once a page: it must answer as
    can_thank and can_react do, post by post, for every kind of reader."""
    from datetime import timedelta

    from django.utils import timezone

    from forum import permissions

    posts = list(discussion.posts.order_by("number"))
    readers = [READERS[name](discussion, moderator) for name in READERS]
    readers += [
        UserFactory(verified_email=False),
        UserFactory(suspended_at=timezone.now(), suspended_until=timezone.now() + timedelta(1)),
    ]
    for user in readers:
        allowed = permissions.reactable_posts(user, posts) if user.is_authenticated else set()
        for post in posts:
            assert (post.pk in allowed) == permissions.can_react(user, post), (user, post.number)
            assert (post.pk in allowed) == permissions.can_thank(user, post), (user, post.number)
