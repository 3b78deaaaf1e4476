import pytest
from django.urls import reverse

from forum.models import Post, Thread
from tests.factories import CommunityFactory, UserFactory, make_thread


def reply_url(thread):
    return reverse("forum:reply", kwargs={"pk": thread.pk})


def test_home_links_communities_and_latest_and_most_commented(client, thread, other_member):
    busy = make_thread(community=thread.community, title="Cooling vests in summer", replies=3)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert thread.community.get_absolute_url() in html
    assert thread.get_absolute_url() in html
    assert "Most commented discussions" in html
    assert html.index(busy.title) < html.index("Most commented") or busy.title in html


def test_community_page_lists_pinned_first_then_by_last_activity(client, community):
    old_pinned = make_thread(community=community, title="Read me first", is_pinned=True)
    quiet = make_thread(community=community, title="A quiet one")
    recent = make_thread(community=community, title="Just now", replies=1)
    html = client.get(community.get_absolute_url()).content.decode()
    assert html.index(old_pinned.title) < html.index(recent.title) < html.index(quiet.title)
    assert "3 discussions" in html


def test_discussion_page_shows_opening_post_reply_count_and_start_date(client, thread):
    Post.objects.filter(thread=thread).update(body_html="<p>The question.</p>")
    reply = make_reply(thread, "The answer.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<h1>Gene therapy for autoimmune disease?</h1>" in html
    assert "The question." in html and "The answer." in html
    assert "1 reply" in html
    assert "Topic of the discussion" in html
    assert reply.author.display_name in html
    assert "Patient" in html  # the author's role badge


def make_reply(thread, body, author=None):
    from forum import services

    return services.reply_create(author=author or UserFactory(), thread=thread, body=body)


def test_a_wrong_slug_redirects_to_the_canonical_address(client, thread):
    response = client.get(f"/discussions/{thread.pk}/old-title/?page=1")
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url() + "?page=1"


@pytest.mark.parametrize(
    "url",
    [
        "/communities/no-such-community/",
        "/discussions/999999/nothing/",
        "/members/999999/",
        "/posts/999999/edit/",
    ],
)
def test_unknown_things_are_404(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "1.5", "99999999999"])
def test_an_unknown_page_number_is_404(client, thread, page):
    assert client.get(thread.get_absolute_url(), {"page": page}).status_code == 404
    assert client.get(thread.community.get_absolute_url(), {"page": page}).status_code == 404


def test_a_nul_character_in_a_url_parameter_is_400_not_500(client, thread):
    assert client.get(thread.get_absolute_url() + "?page=%00").status_code == 400
    assert client.get("/?q=a%00b").status_code == 400


def test_a_hidden_discussion_is_404_for_members_and_visible_to_moderators(
    client, thread, other_member, moderator
):
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    client.force_login(other_member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    response = client.post(reply_url(thread), {"body": "hello"})
    assert response.status_code == 404
    client.force_login(moderator)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_members_only_community_is_hidden_from_visitors(client, member):
    private = CommunityFactory(is_public=False)
    hidden_thread = make_thread(community=private)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(hidden_thread.get_absolute_url()).status_code == 404
    assert private.name not in client.get("/").content.decode()
    client.force_login(member)
    assert client.get(hidden_thread.get_absolute_url()).status_code == 200


# Writing through the HTML forms -----------------------------------------------------------


def test_a_member_starts_a_discussion_through_the_form(client, community, member):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Tingling in my hands", "body": "Since *May*."})
    thread = Thread.objects.get(title="Tingling in my hands")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author == member
    assert thread.posts.get().body_html == "<p>Since <em>May</em>.</p>"


def test_a_member_replies_through_the_form_and_lands_on_the_reply(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(reply_url(thread), {"body": "Same here, **hang on**."})
    post = Post.objects.get(thread=thread, number=2)
    assert response.status_code == 302
    assert response["Location"].endswith("#post-2")
    assert post.author == other_member
    page = client.get(response["Location"]).content.decode()
    assert "<strong>hang on</strong>" in page
    assert "1 reply" in page


def test_extra_fields_in_a_post_cannot_set_protected_attributes(client, thread, other_member):
    client.force_login(other_member)
    client.post(
        reply_url(thread),
        {
            "body": "hi",
            "author": thread.author_id,
            "is_expert_answer": "1",
            "number": "99",
            "is_hidden": "1",
        },
    )
    post = Post.objects.get(thread=thread, number=2)
    assert (post.author, post.is_expert_answer, post.is_hidden) == (other_member, False, False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "text"}, "Please give your discussion a title."),
        ({"title": "   ", "body": "text"}, "Please give your discussion a title."),
        ({"title": "x" * 151, "body": "text"}, "the limit is 150"),
        ({"title": "Nul\x00title", "body": "text"}, "Null characters are not allowed."),
        ({"title": "A fine title", "body": ""}, "Please write something before posting."),
        ({"title": "A fine title", "body": " \n\t "}, "Please write something before posting."),
        ({"title": "A fine title", "body": "nul \x00 here"}, "Null characters are not allowed."),
        ({"title": "A fine title", "body": "[" * 400}, "400 square brackets"),
    ],
)
def test_bad_discussion_input_is_400_with_a_message_and_the_text_kept(
    client, community, member, data, message
):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert Thread.objects.count() == 0
    kept = data["body"].strip()
    if kept:
        assert kept[:50] in html


def test_a_too_long_reply_is_400_with_the_numbers_and_the_text_kept(
    client, thread, other_member, settings
):
    settings.FORUM_POST_MAX_LENGTH = 50
    client.force_login(other_member)
    text = "I have been living with this for years. " * 3
    response = client.post(reply_url(thread), {"body": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"{len(text.strip())} characters; the limit is 50" in html
    assert "I have been living with this for years." in html
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_reply_to_a_locked_discussion_is_refused_with_the_text_kept(client, thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(other_member)
    response = client.post(reply_url(thread), {"body": "My late reply"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "locked" in html
    assert "My late reply" in html
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_visitor_who_tries_to_post_is_sent_to_sign_in_and_back(client, thread, community):
    response = client.post(reply_url(thread), {"body": "hello"})
    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"].startswith(login)
    assert f"next={reply_url(thread)}" in response["Location"].replace("%2F", "/")
    back = client.get(reply_url(thread))  # where the login page returns to
    assert back.status_code == 302
    new = reverse("forum:thread_new", kwargs={"slug": community.slug})
    assert client.get(new)["Location"].startswith(login)
    assert Post.objects.filter(thread=thread).count() == 1


def test_after_signing_in_the_member_returns_to_the_discussion(client, thread, other_member):
    response = client.get(reply_url(thread), follow=False)
    next_url = reply_url(thread)
    response = client.post(
        reverse("account_login") + f"?next={next_url}",
        {"login": other_member.email, "password": "a-long-test-password", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.get(next_url)["Location"] == thread.get_absolute_url() + "#reply"


def test_a_member_edits_their_own_post_and_it_shows_edited(client, thread, member):
    client.force_login(member)
    opening = thread.posts.get(number=1)
    url = reverse("forum:post_edit", kwargs={"pk": opening.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Gene therapy: any news?", "body": "Updated text", "version": 1}
    )
    assert response.status_code == 302
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Updated text" in html and "edited" in html and "Gene therapy: any news?" in html


def test_editing_someone_elses_post_is_403_and_changes_nothing(client, thread, other_member):
    opening = thread.posts.get(number=1)
    client.force_login(other_member)
    url = reverse("forum:post_edit", kwargs={"pk": opening.pk})
    assert client.get(url).status_code == 403
    response = client.post(url, {"title": "Hijacked title", "body": "Hijacked"})
    assert response.status_code == 403
    assert "You can only edit your own posts." in response.content.decode()
    opening.refresh_from_db()
    assert "Hijacked" not in opening.body


def test_get_requests_change_nothing(client, thread, member):
    client.force_login(member)
    before = (Post.objects.count(), Thread.objects.get(pk=thread.pk).reply_count)
    client.get(reply_url(thread), {"body": "sneaky"})
    client.get(reverse("account_logout"))
    assert (Post.objects.count(), Thread.objects.get(pk=thread.pk).reply_count) == before
    assert client.get("/").context["user"].is_authenticated


def test_forms_refuse_a_post_without_a_csrf_token(thread, other_member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(other_member)
    response = client.post(reply_url(thread), {"body": "no token"})
    assert response.status_code == 403
    assert "This page expired" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_titles_and_names_are_escaped_everywhere(client, community):
    author = UserFactory(display_name="Sneaky One", profile_is_public=True)
    thread = make_thread(
        community=community,
        author=author,
        title='</title><script>alert(1)</script>"><img src=x onerror=alert(2)>',
    )
    for url in [
        "/",
        community.get_absolute_url(),
        thread.get_absolute_url(),
        author.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;/title&gt;&lt;script&gt;" in html


def test_a_save_over_someone_elses_newer_change_is_refused_with_the_text_kept(
    client, thread, member, moderator
):
    opening = thread.posts.get(number=1)
    url = reverse("forum:post_edit", kwargs={"pk": opening.pk})
    client.force_login(moderator)
    assert (
        client.post(
            url, {"title": thread.title, "body": "Moderator's fix", "version": 1}
        ).status_code
        == 302
    )
    client.force_login(member)
    response = client.post(url, {"title": thread.title, "body": "My own late edit", "version": 1})
    assert response.status_code == 409
    assert "Someone else changed this post" in response.content.decode()
    assert "My own late edit" in response.content.decode()
    opening.refresh_from_db()
    assert (opening.body, opening.version) == ("Moderator's fix", 2)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Fatigue\u202e?ti si tahW", "control characters"),
        ("Line\nbreak title", "control characters"),
        ("Tab\tin a title", "control characters"),
        ("\u200b\u200b\u200b\u200b\u200b\u200b", "visible characters"),
        ("\u2800\u2800\u2800\u2800\u2800\u2800", "visible characters"),
        ("ab\u200b\u200b\u200b\u2060", "visible characters"),
    ],
)
def test_titles_with_control_or_only_invisible_characters_are_refused(
    client, member, community, title, message
):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    response = client.post(url, {"title": title, "body": "The body is kept."})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "The body is kept." in page
    assert not Thread.objects.filter(community=community).exists()


def test_a_title_with_an_emoji_sequence_is_welcome(client, member, community):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    title = "Family days \U0001f468\u200d\U0001f469\u200d\U0001f467 with fatigue"
    response = client.post(url, {"title": title, "body": "Some words."})
    assert response.status_code == 302
    assert Thread.objects.get(community=community).title == title
