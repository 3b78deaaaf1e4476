"""Popular searches run once per write: visitors get the cached page, members the cached
results, and every forum write makes the next search run again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from tests.factories import CommunityFactory, UserFactory, make_thread


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300


def queries(search, q):
    with CaptureQueriesContext(connection) as captured:
        response = search(q)
    assert response.status_code == 200
    return [query["sql"] for query in captured], response


def test_a_visitor_s_repeated_search_is_served_from_the_page_cache(search, thread, cached):
    services.reply_create(author=UserFactory(), thread=thread, body="Methotrexate helps.")
    sql, first = queries(search, "methotrexate")
    assert sql and first["X-Page-Cache"] == "miss"
    sql, again = queries(search, "methotrexate")
    assert sql == [] and again["X-Page-Cache"] in ("hit", "front")
    assert again.content == first.content


def test_a_member_s_repeated_search_does_not_search_again(client, search, thread, member, cached):
    services.reply_create(author=UserFactory(), thread=thread, body="Methotrexate helps.")
    client.force_login(member)
    client.get("/")
    first_sql, first = queries(search, "methotrexate")
    again_sql, again = queries(search, "methotrexate")
    assert any('FROM "forum_post"' in sql for sql in first_sql)
    assert not any('FROM "forum_post"' in sql for sql in again_sql)
    assert "Methotrexate</mark> helps" in again.content.decode()


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_a_new_post_is_found_at_once(
    client, search, thread, member, cached, who, django_capture_on_commit_callbacks
):
    if who == "member":
        client.force_login(member)
    assert "Methotrexate" not in search("methotrexate").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="Methotrexate helps.")
    assert "Methotrexate</mark> helps" in search("methotrexate").content.decode()


@pytest.mark.parametrize("member_first", [True, False])
def test_visitors_never_get_the_members_results(client, search, member, cached, member_first):
    private = CommunityFactory(name="Members only", is_public=False)
    make_thread(community=private, title="Private methotrexate notes", body="Only members.")
    order = ["member", "visitor"] if member_first else ["visitor", "member"]
    pages = {}
    for who in order:
        if who == "member":
            client.force_login(member)
        else:
            client.logout()
        pages[who] = search("methotrexate").content.decode()
    assert "Private methotrexate notes" in pages["member"]
    assert "Private methotrexate notes" not in pages["visitor"]
