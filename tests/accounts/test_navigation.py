"""The navigation's account links and unread badge are built in Python for speed
(accounts.navigation); this pins their markup against the templates they replaced, for
each kind of reader, in each language."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation

from accounts import navigation
from tests.factories import UserFactory

HERE = Path(__file__).parent
ACCOUNT = Template(HERE.joinpath("nav_account.html").read_text())
UNREAD = Template(HERE.joinpath("nav_unread.html").read_text())
SPACES = re.compile(r"\s+")


def readable(html: str):
    return parse_html(SPACES.sub(" ", html))


READERS = {
    "a visitor": lambda: (AnonymousUser(), {}),
    "a member with nothing unread": lambda: (UserFactory(display_name="Quiet <Reader>"), {}),
    "a member with three unread": lambda: (UserFactory(), {"unread_notifications": "3"}),
    "a member past the cap": lambda: (UserFactory(), {"unread_notifications": "99+"}),
    "a member with unread messages": lambda: (
        UserFactory(),
        {"unread_conversations": "2", "unread_notifications": "1"},
    ),
    "a moderator with open reports": lambda: (
        UserFactory(is_staff=True),
        {"open_reports": 4, "unread_notifications": "1"},
    ),
    "a moderator with none": lambda: (UserFactory(is_staff=True), {"open_reports": 0}),
    "a clinician with work waiting": lambda: (_clinician(), {"expert_desk": 5}),
    "a clinician with none": lambda: (_clinician(), {"expert_desk": 0}),
}


def _clinician():
    from django.utils import timezone

    return UserFactory(role="clinician", clinician_verified_at=timezone.now())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("reader", READERS)
def test_the_navigation_reads_as_the_templates_it_replaced(db, reader, language):
    user, extra = READERS[reader]()
    request = RequestFactory().get("/search/", {"q": 'fatigue & "fog" <b>', "page": "2"})
    request.user = user
    values = {"user": user, "request": request, "csrf_token": "a-token", **extra}
    with translation.override(language):
        for template, build in (
            (ACCOUNT, navigation.account_links),
            (UNREAD, navigation.unread_badge),
        ):
            expected = template.render(Context(values))
            assert readable(build(Context(values))) == readable(expected), (reader, template)


def test_pages_show_the_built_links(client, member):
    assert "Sign in" in client.get("/").content.decode()
    client.force_login(member)
    page = client.get("/").content.decode()
    assert member.display_name in page and 'name="csrfmiddlewaretoken"' in page
