"""config.links.link gives what reverse() gives, for every kind of value."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from config.links import link
from tests.factories import CommunityFactory, UserFactory, make_thread

CASES = [
    ("forum:thread", {"pk": 12, "slug": "morning-stiffness"}),
    ("forum:thread", {"pk": 7, "slug": "a_b-C9"}),
    ("forum:thread", {"pk": 3, "slug": "7100100017"}),  # looks like a stand-in
    ("forum:thread", {"pk": 3, "slug": "71000017-71001001"}),
    ("forum:thread", {"slug": "order-of-keywords", "pk": 41}),
    ("forum:community", {"slug": "multiple-sclerosis"}),
    ("forum:profile", {"pk": 123456789}),
    ("forum:thread_unread", {"pk": 9}),
    ("forum:profile", {"pk": 7}),
    ("forum:profile", {"pk": "007"}),  # leading zeros, kept as reverse() keeps them
    ("forum:thread", {"pk": 3, "slug": "None"}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_link_is_what_reverse_gives(name, kwargs):
    assert link(name, **kwargs) == reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_link_follows_the_script_prefix(name, kwargs):
    set_script_prefix("/forum/")
    try:
        assert link(name, **kwargs) == reverse(name, kwargs=kwargs)
        assert link(name, **kwargs).startswith("/forum/")
    finally:
        clear_script_prefix()
    assert link(name, **kwargs) == reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("forum:profile", {"pk": "abc"}),  # letters where a number goes
        ("forum:profile", {"pk": "12/13"}),
        ("forum:profile", {"pk": -1}),
        ("forum:profile", {"pk": None}),
        ("forum:profile", {"pk": True}),
        ("forum:thread", {"pk": 4, "slug": ""}),
        ("forum:thread", {"pk": 5, "slug": "fatigue-l-été"}),  # not ASCII
        ("forum:thread", {"pk": 5, "slug": "a b"}),
        ("forum:thread", {"pk": 4}),  # a value missing
        ("forum:community", {"slug": "x", "page": 2}),  # a value too many
    ],
)
def test_what_reverse_refuses_link_refuses(name, kwargs):
    with pytest.raises(NoReverseMatch):
        reverse(name, kwargs=kwargs)
    with pytest.raises(NoReverseMatch):
        link(name, **kwargs)


@pytest.mark.parametrize("prefix", ["/710000017/", "/710050017/", "/7100/", "/a b/"])
def test_a_script_prefix_that_looks_like_a_stand_in(prefix):
    set_script_prefix(prefix)
    try:
        for name, kwargs in CASES:
            assert link(name, **kwargs) == reverse(name, kwargs=kwargs)
    finally:
        clear_script_prefix()


def test_models_link_to_their_pages(db):
    thread = make_thread()
    community, member = CommunityFactory(), UserFactory()
    assert thread.get_absolute_url() == reverse(
        "forum:thread", kwargs={"pk": thread.pk, "slug": thread.slug}
    )
    assert community.get_absolute_url() == reverse(
        "forum:community", kwargs={"slug": community.slug}
    )
    assert member.get_absolute_url() == reverse("forum:profile", kwargs={"pk": member.pk})
