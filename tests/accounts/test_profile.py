import html

from django.urls import reverse

from accounts.models import User
from forum import members, services
from forum.models import CommunityFollow, Post
from tests.factories import CommunityFactory, make_thread

SETTINGS = reverse("forum:settings")


def settings_data(**changes):
    return {"display_name": "karm!nR", "bio": "", "profile_is_public": "on", **changes}


def test_the_profile_shows_name_role_date_bio_follows_and_posts_never_the_email(
    client, member, thread
):
    members.member_profile_update(
        user=member,
        display_name="karm!nR",
        bio="I *love* gardening.",
        profile_is_public=True,
        communities=[thread.community],
        shows_communities=True,
    )
    services.reply_create(author=member, thread=thread, body="A later thought")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "karm!nR" in page and "Patient" in page and "member since" in page
    assert "I <em>love</em> gardening." in page
    assert thread.community.name in page
    assert "Started: " in page and "Replied to: " in page
    assert member.email not in page


def test_hidden_posts_are_not_listed_on_a_profile(client, member, thread):
    reply = services.reply_create(author=member, thread=thread, body="Removed later")
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    page = client.get(member.get_absolute_url()).content.decode()
    assert page.count("Replied to: ") == 0


def test_a_private_profile_is_for_signed_in_members_only(client, member, other_member):
    User.objects.filter(pk=member.pk).update(profile_is_public=False)
    response = client.get(member.get_absolute_url())
    assert response.status_code == 403
    assert "members only" in response.content.decode()
    assert "karm!nR" not in response.content.decode()
    client.force_login(other_member)
    assert client.get(member.get_absolute_url()).status_code == 200


def test_a_member_changes_name_bio_follows_and_visibility_in_settings(client, member):
    lupus = CommunityFactory(name="Lupus")
    client.force_login(member)
    assert client.get(SETTINGS).status_code == 200
    response = client.post(
        SETTINGS,
        settings_data(
            display_name="Karmin R",
            bio="**Hi**",
            communities=[lupus.pk],
            profile_is_public="",
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio_html, member.profile_is_public) == (
        "Karmin R",
        "<p><strong>Hi</strong></p>",
        False,
    )
    assert list(
        CommunityFollow.objects.filter(user=member).values_list("community", flat=True)
    ) == [lupus.pk]
    client.post(SETTINGS, settings_data(display_name="Karmin R"))
    assert not CommunityFollow.objects.filter(user=member).exists()


def test_renaming_keeps_old_mentions_pointing_at_the_member(client, member, thread, other_member):
    services.reply_create(author=other_member, thread=thread, body="Thanks @karm!nR")
    client.force_login(member)
    client.post(SETTINGS, settings_data(display_name="Karmin R"))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/members/{member.pk}/"' in page


def test_settings_refuse_a_taken_or_impersonating_name_and_keep_the_input(
    client, member, other_member
):
    client.force_login(member)
    response = client.post(SETTINGS, settings_data(display_name="MAPLERUNNER", bio="kept bio"))
    assert response.status_code == 400
    assert "already taken" in response.content.decode()
    assert "kept bio" in response.content.decode()
    response = client.post(SETTINGS, settings_data(display_name="Dr. Karmin"))
    assert response.status_code == 400
    assert "verified clinicians" in html.unescape(response.content.decode())
    member.refresh_from_db()
    assert member.display_name == "karm!nR"


def test_a_member_keeps_their_own_name_in_another_case(client, member):
    client.force_login(member)
    assert client.post(SETTINGS, settings_data(display_name="KARM!NR")).status_code == 302
    member.refresh_from_db()
    assert member.display_name == "KARM!NR"


def test_a_verified_clinician_may_use_a_title(client, clinician):
    client.force_login(clinician)
    response = client.post(SETTINGS, settings_data(display_name="Dr. A. Seignez"))
    assert response.status_code == 302


def test_no_form_lets_a_member_change_their_role_or_staff_status(client, member):
    client.force_login(member)
    client.post(
        SETTINGS,
        settings_data(
            role="clinician",
            is_staff="on",
            clinician_verified_at="2026-01-01",
            clinician_profession="physician",
        ),
    )
    member.refresh_from_db()
    assert (member.role, member.is_staff, member.clinician_verified_at) == ("patient", False, None)


def test_the_settings_page_needs_a_sign_in(client, db):
    assert client.get(SETTINGS)["Location"].startswith(reverse("account_login"))
    assert client.post(SETTINGS, settings_data())["Location"].startswith(reverse("account_login"))


def test_the_bio_goes_through_the_sanitiser(client, member):
    client.force_login(member)
    client.post(SETTINGS, settings_data(bio="<script>alert(1)</script>[x](javascript:alert(1))"))
    member.refresh_from_db()
    assert "<script" not in member.bio_html and "javascript:" not in member.bio_html
    page = client.get(member.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_profile_query_count_does_not_grow_with_posts(
    client, member, django_assert_max_num_queries
):
    thread = make_thread(author=member)
    for i in range(25):
        services.reply_create(author=member, thread=thread, body=f"Post {i}")
    with django_assert_max_num_queries(4):
        assert client.get(member.get_absolute_url()).status_code == 200


def test_a_new_profile_is_for_members_only_and_its_follows_for_the_member_only(client, thread):
    from tests.factories import UserFactory

    newcomer = UserFactory(display_name="Fresh Fern")
    CommunityFollow.objects.create(user=newcomer, community=thread.community)
    assert not newcomer.profile_is_public and not newcomer.shows_communities
    response = client.get(newcomer.get_absolute_url())
    assert response.status_code == 403  # visitors: members only
    client.force_login(UserFactory())
    page = client.get(newcomer.get_absolute_url()).content.decode()
    assert "Fresh Fern" in page
    assert thread.community.name not in page  # which condition: the member's to tell
    client.force_login(newcomer)
    own = client.get(newcomer.get_absolute_url()).content.decode()
    assert thread.community.name in own and "Only you see this list" in own


def test_a_member_may_choose_to_show_the_communities_they_follow(client, member, thread):
    client.force_login(member)
    client.post(SETTINGS, settings_data(communities=[thread.community.pk], shows_communities="on"))
    member.refresh_from_db()
    assert member.shows_communities
    client.logout()
    assert thread.community.name in client.get(member.get_absolute_url()).content.decode()


def test_profiles_ask_search_engines_not_to_index_them(client, member, other_member):
    User.objects.filter(pk=member.pk).update(profile_is_public=True)
    assert (
        '<meta name="robots" content="noindex">'
        in client.get(member.get_absolute_url()).content.decode()
    )
    assert (
        '<meta name="robots" content="noindex">'
        in client.get(other_member.get_absolute_url()).content.decode()
    )
