"""A discussion's reader parts built for speed (forum.parts): the follow levels pinned
against the template they replaced; the reply box's memo reading exactly as the template
renders it for each member, with each member's own CSRF token."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, loader
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation

from forum import forms, pages, parts
from forum.models import ThreadFollow
from tests.factories import UserFactory, make_thread

FOLLOW = Template((Path(__file__).parent / "follow_levels.html").read_text())
SPACES = re.compile(r"\s+")


def readable(html: str):
    return parse_html(SPACES.sub(" ", html))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("level", list(ThreadFollow.Level))
def test_the_follow_levels_read_as_the_template_they_replaced(thread, member, level, language):
    thread.follow_level = level
    for user in (member, AnonymousUser()):
        values = {"user": user, "thread": thread, "csrf_token": "a-token"}
        with translation.override(language):
            expected = FOLLOW.render(Context(values))
            assert readable(parts.follow_levels(Context(values))) == readable(expected)


def reply_context(user, thread, token, **extra):
    request = RequestFactory().get(thread.get_absolute_url())
    request.user = user
    values = pages.reply_context(request, thread)
    return Context({"user": user, "thread": thread, "csrf_token": token, **values, **extra})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_reply_box_from_the_memo_is_the_template_with_each_members_token(
    community, member, other_member, language
):
    template = loader.get_template(parts.REPLY_BOX).template
    threads = [make_thread(community=community, author=member) for _ in range(2)]
    with translation.override(language):
        for thread in threads:
            for user, token in ((member, "token-one"), (other_member, "token-two")):
                context = reply_context(user, thread, token)
                direct = template.render(reply_context(user, thread, token))
                built = parts.reply_box(context)
                assert built == direct
                assert f'value="{token}"' in built and parts.TOKEN not in built
                assert f"/discussions/{thread.pk}/replies/new/" in built


def test_a_reply_box_with_the_members_own_text_is_never_memoised(thread, member):
    request = RequestFactory().get("/")
    request.user = member
    form = forms.ReplyForm(data={"body": ""})
    form.is_valid()
    context = Context(
        {
            "user": member,
            "thread": thread,
            "csrf_token": "t",
            **pages.reply_context(request, thread, form),
        }
    )
    built = parts.reply_box(context)
    assert "We couldn" in built and "reply-errors" in built
    other = UserFactory()
    assert "We couldn" not in parts.reply_box(reply_context(other, thread, "u"))
