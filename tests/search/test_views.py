"""The search page on either database: what it finds, what it shows, what it hides."""

import html
import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post
from tests.factories import CommunityFactory, UserFactory, make_thread
from tests.search.conftest import found, found_titles


def reply(thread, body, **kwargs):
    return services.reply_create(author=UserFactory(), thread=thread, body=body, **kwargs)


def test_a_post_is_found_by_a_word_of_its_text(search, thread):
    answer = reply(thread, "Ask your rheumatologist about methotrexate first.")
    make_thread(title="Sleep and fatigue", body="Naps help me.")
    assert found(search("methotrexate")) == [answer]


def test_a_discussion_is_found_by_its_title_through_its_opening_post(search, thread):
    reply(thread, "A reply that does not say the word.")
    posts = found(search("autoimmune"))
    assert [post.number for post in posts] == [1]
    assert posts[0].thread == thread


def test_a_result_links_to_the_exact_post_on_its_page(search, settings, thread):
    settings.FORUM_REPLIES_PER_PAGE = 2
    for text in ("first", "second", "third about biologics"):
        last = reply(thread, f"The {text} reply.")
    response = search("biologics")
    assert found(response) == [last]
    assert last.get_absolute_url().endswith("?page=2#post-4")
    # Its permalink, which takes the reader to that page and anchor.
    permalink = reverse("forum:post", args=[last.pk])
    assert f'href="{permalink}"' in response.content.decode()
    assert Client().get(permalink)["Location"] == last.get_absolute_url()


def test_a_result_shows_title_community_author_date_and_a_marked_snippet(search, thread):
    page = search("research").content.decode()
    assert "Gene therapy for autoimmune disease?" in page
    assert 'href="/communities/multiple-sclerosis/">Multiple sclerosis</a>' in page
    assert "<bdi>karm!nR</bdi>" in page
    assert f'datetime="{thread.created_at.isoformat()[:10]}' in page
    assert "<mark>research</mark>" in page


def test_the_page_is_titled_search_with_one_h1_and_a_count(search, thread):
    page = search("gene").content.decode()
    assert "<title>Search · Patient Forum</title>" in page
    assert page.count("<h1") == 1
    assert "1 discussion matches" in page
    reply(thread, "Gene therapy is early days.")
    page = search("gene").content.decode()
    assert "1 discussion matches" in page
    assert "1 other post in this discussion matches" in page
    page = search("zebra").content.decode()
    assert "Nothing matches “<bdi>zebra</bdi>”. Try fewer or other words." in page
    page = search("zebra", expert="1").content.decode()
    assert "with these filters. Try fewer or other words, or remove a filter." in page


def test_the_form_keeps_what_was_typed_and_the_filters(search, thread, community):
    page = search('"gene therapy" -cancer', community=community.slug, sort="newest").content
    page = page.decode()
    assert 'value="&quot;gene therapy&quot; -cancer"' in page
    assert f'<option value="{community.slug}" selected>' in page
    assert '<option value="newest" selected>' in page


def test_hidden_posts_and_discussions_never_appear_even_for_moderators(
    client, search, moderator, thread
):
    hidden_reply = reply(thread, "A removed remark about gene editing.")
    services.post_hidden_set(post=hidden_reply, hidden=True)
    hidden = make_thread(title="Gene therapy trial sign-up", body="Hidden discussion.")
    services.thread_hidden_set(thread=hidden, hidden=True)
    opening = thread.posts.get(number=1)
    assert found(search("gene")) == [opening]
    client.force_login(moderator)
    assert found(search("gene")) == [opening]


def test_posts_held_for_review_appear_once_approved(client, search, settings, moderator, community):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory()
    held = make_thread(community=community, author=newcomer, title="Ocrelizumab doses")
    assert held.is_awaiting_review
    for viewer in (None, newcomer, moderator):
        if viewer:
            client.force_login(viewer)
        assert found(search("ocrelizumab")) == []
    services.post_review_decide(post=held.posts.get(number=1), approve=True)
    assert found_titles(search("ocrelizumab")) == [held.title]


def test_members_only_communities_are_searched_by_members_only(client, search, member):
    private = CommunityFactory(is_public=False, name="Carers", slug="carers")
    make_thread(community=private, title="Respite care for a parent", body="Any tips?")
    assert found(search("respite")) == []
    assert "carers" not in search("respite").content.decode()
    client.force_login(member)
    assert found_titles(search("respite")) == ["Respite care for a parent"]


def test_the_community_filter_keeps_one_community(search, thread):
    elsewhere = make_thread(title="Gene therapy for sickle cell", body="News from a trial.")
    assert len(found(search("gene"))) == 2
    assert found_titles(search("gene", community=thread.community.slug)) == [thread.title]
    assert found_titles(search("gene", community=elsewhere.community.slug)) == [elsewhere.title]


def test_expert_only_keeps_answers_of_currently_verified_clinicians(search, thread, clinician):
    reply(thread, "Gene therapy helped my cousin.")
    services.reply_create(author=clinician, thread=thread, body="Gene therapy: an aside.")
    expert = services.reply_create(
        author=clinician,
        thread=thread,
        body="Gene therapy, an expert view.",
        expert=True,
    )
    assert found(search("gene", expert="1")) == [expert]
    page = search("gene", expert="1").content.decode()
    assert "Expert answer" in page and "Verified clinician" in page
    clinician.clinician_verified_at = None
    clinician.save(update_fields=["clinician_verified_at"])
    assert found(search("gene", expert="1")) == []


def test_the_date_range_includes_both_days(search, thread):
    today = timezone.localdate()
    old = reply(thread, "Gene therapy news from last year.")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    opening = thread.posts.get(number=1)
    assert found(search("gene", date_from=today.isoformat())) == [opening]
    assert found(search("gene", date_to=(today - timedelta(days=1)).isoformat())) == [old]
    both = search(
        "gene",
        discussion=thread.pk,
        date_from=(today - timedelta(days=400)).isoformat(),
        date_to=today.isoformat(),
    )
    assert set(found(both)) == {opening, old}


def test_a_title_match_comes_first_and_newest_first_sorts_by_date(search, thread):
    later = make_thread(title="Fatigue in winter", body="Gene therapy came up at my visit.")
    assert found_titles(search("gene therapy")) == [thread.title, later.title]
    assert found_titles(search("gene therapy", sort="newest")) == [
        later.title,
        thread.title,
    ]


def test_pages_keep_the_search_and_stop_at_the_cap(search, monkeypatch, community):
    from search import backends

    monkeypatch.setattr(backends, "RESULTS_PER_PAGE", 2)
    monkeypatch.setattr(backends, "MAX_MATCHES", 4)
    for i in range(5):
        make_thread(community=community, title=f"Fatigue question {i}", body="Tired.")
    response = search("fatigue", community=community.slug)
    page = response.content.decode()
    assert "More than 4 posts match; showing the 4 discussions of the 4 most recent" in page
    # The oldest match is the one left out.
    shown = found_titles(response) + found_titles(search("fatigue", page="2"))
    assert sorted(shown) == [f"Fatigue question {i}" for i in range(1, 5)]
    next_page = re.search(r'href="\?page=2&amp;([^"]+)" rel="next"', page).group(1)
    assert sorted(next_page.split("&amp;")) == [
        f"community={community.slug}",
        "q=fatigue",
    ]
    assert len(found(search("fatigue", page="2"))) == 2
    assert search("fatigue", page="3").status_code == 404


def test_snippets_and_titles_are_escaped_text(search, community, member):
    make_thread(
        community=community,
        author=member,
        title='Gene "><script>alert(1)</script> therapy',
        body="gene <img src=x onerror=alert(1)> <script>alert(2)</script> **therapy**",
    )
    page = search("gene").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_page_runs_a_fixed_number_of_queries(
    client, search, member, community, django_assert_max_num_queries
):
    for i in range(45):
        thread = make_thread(community=community, title=f"Fatigue question {i}")
        if i < 10:
            reply(thread, "Fatigue is common after a relapse.")
    # communities for the filter, the matches, the page of results
    with django_assert_max_num_queries(3):
        assert len(found(search("fatigue"))) == 20
    with django_assert_max_num_queries(3):
        assert len(found(search("fatigue", page="3", date_from="2000-01-01"))) == 5
    # + the discussion searched
    with django_assert_max_num_queries(4):
        assert len(found(search("fatigue", discussion=thread.pk))) == 1
    client.force_login(member)
    client.get("/")  # the first request of a session checks consent once
    # + session, member, and what is new to the member in the listed discussions
    with django_assert_max_num_queries(6):
        assert len(found(search("fatigue", page="2", sort="newest"))) == 20
    with django_assert_max_num_queries(7):
        assert len(found(search("fatigue", discussion=thread.pk))) == 1


def test_a_discussion_full_of_matches_takes_one_line_that_leads_to_its_matches(
    client, search, community, thread
):
    for n in range(25):
        reply(thread, f"My fatigue diary, day {n}.")
    titled = make_thread(community=community, title="Fatigue at work", body="Pacing helps.")
    response = search("fatigue")
    # The title match first; the long discussion once, with its best match.
    assert found_titles(response) == [titled.title, thread.title]
    page = response.content.decode()
    assert "2 discussions match" in page
    assert "24 other posts in this discussion match" in page
    link = re.search(r'href="(/search/\?[^"]*discussion=\d+)"', page).group(1)
    inside = client.get(html.unescape(link))
    posts = found(inside)
    assert len(posts) == 20 and {post.thread for post in posts} == {thread}
    page = inside.content.decode()
    assert "25 posts match in this discussion" in page and "page 1 of 2" in page
    assert "Searching the posts of “<bdi>Gene therapy for autoimmune disease?</bdi>”" in page
    everywhere = re.search(r'<a href="([^"]+)">Search every discussion</a>', page).group(1)
    nothing = search("zebra", discussion=thread.pk).content.decode()
    assert "with these filters. Try fewer or other words, or remove a filter." in nothing
    assert found_titles(client.get(html.unescape(everywhere))) == found_titles(response)


def test_a_discussion_one_cannot_read_cannot_be_searched(client, search, member):
    private = CommunityFactory(is_public=False, name="Carers", slug="carers")
    hidden = make_thread(community=private, title="Respite care", body="Respite tips?")
    removed = make_thread(title="Respite weekends", body="Respite again.")
    services.thread_hidden_set(thread=removed, hidden=True)
    for discussion in (hidden.pk, removed.pk, "abc", "0", "-3", "99999999"):
        response = search("respite", discussion=discussion)
        assert response.status_code == 400, discussion
        page = response.content.decode()
        assert "That discussion cannot be searched" in page
        assert 'value="respite"' in page  # what was typed is kept
    client.force_login(member)
    assert found_titles(search("respite", discussion=hidden.pk)) == [hidden.title]
    assert search("respite", discussion=removed.pk).status_code == 400


def test_a_content_warning_stands_in_for_the_snippet_escaped(search, community, member):
    thread = make_thread(community=community, author=member, title="Hard week", body="Text.")
    post = thread.posts.get(number=1)
    Post.objects.filter(pk=post.pk).update(content_warning="<b>self-harm</b> & grief")
    page = search("hard week").content.decode()
    assert "Content warning: &lt;b&gt;self-harm&lt;/b&gt; &amp; grief" in page
    assert "<mark>" not in page.split("Content warning:")[1].split("</li>")[0]
