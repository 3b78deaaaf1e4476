"""Possibly inaccurate posts (issue 20, item 3): a member's flag goes to the verified
clinicians, who add a note every reader sees under the post, or answer without one.
The post stays up; its author is told; every note, edit and dismissal is logged."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum import clinician_notes, services
from forum.models import ClinicianNote, CommunityFollow, InaccuracyFlag, Post
from moderation.models import ModerationAction, Report
from notifications.models import Notification
from tests.factories import CommunityFactory, UserFactory, make_thread


@pytest.fixture
def claim(thread, other_member):
    return services.reply_create(
        author=other_member, thread=thread, body="Cinnamon cures multiple sclerosis."
    )


def flag(client, user, post, note="Cinnamon does not cure MS."):
    client.force_login(user)
    return client.post(
        reverse("moderation:report", args=[post.pk]), {"reason": "inaccurate", "note": note}
    )


def test_a_flag_reaches_the_clinicians_not_the_moderators_and_the_post_stays_up(
    client, member, claim, clinician
):
    page = client.get(reverse("moderation:report", args=[claim.pk]))
    assert page.status_code == 302  # visitors sign in first
    response = flag(client, member, claim)
    assert response.status_code == 200
    assert "a clinician will check this post" in response.content.decode()
    assert InaccuracyFlag.objects.filter(post=claim, status="open").count() == 1
    assert not Report.objects.filter(post=claim).exists()
    claim.refresh_from_db()
    assert not claim.is_hidden

    again = flag(client, member, claim)
    assert again.status_code == 409 and "already flagged" in again.content.decode()

    client.force_login(clinician)
    queue = client.get(reverse("forum:clinician_flags")).content.decode()
    assert "Cinnamon does not cure MS." in queue
    assert reverse("forum:clinician_note", args=[claim.pk]) in queue


def test_a_note_shows_under_the_post_for_members_and_visitors_and_the_author_is_told(
    client, member, claim, clinician, other_member, django_capture_on_commit_callbacks
):
    flag(client, member, claim)
    client.force_login(clinician)
    form = client.get(reverse("forum:clinician_note", args=[claim.pk]))
    assert "Cinnamon cures multiple sclerosis." in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:clinician_note", args=[claim.pk]),
            {
                "body": "No trial shows **cinnamon** changes the course of MS.",
                "sources": "https://example.org/ms-guideline\n\nhttps://example.org/leaflet",
            },
        )
    assert response.status_code == 302
    note = ClinicianNote.objects.get(post=claim)
    assert note.source_links == ["https://example.org/ms-guideline", "https://example.org/leaflet"]
    assert InaccuracyFlag.objects.get(post=claim).status == "noted"

    client.logout()
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        page = client.get(claim.get_absolute_url()).content.decode()
        assert "Cinnamon cures multiple sclerosis." in page  # the post stays up
        assert "<strong>cinnamon</strong> changes the course" in page
        assert "Clinician note" in page and "Neurology" in page
        assert 'href="https://example.org/leaflet"' in page
        assert "not a personal consultation" in page

    told = Notification.objects.get(recipient=other_member, kind="clinician_note")
    assert told.outcome == "noted" and told.actor == clinician
    assert "added a note under your post" in told.summary()
    logged = ModerationAction.objects.get(action="clinician_note_added")
    assert logged.moderator == clinician and logged.target_post_id == claim.pk


def test_a_note_refuses_a_source_that_is_not_a_web_address_and_keeps_the_text(
    client, claim, clinician
):
    client.force_login(clinician)
    response = client.post(
        reverse("forum:clinician_note", args=[claim.pk]),
        {"body": "Kept text.", "sources": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Source 1 is not a web address" in html and "Kept text." in html
    assert not ClinicianNote.objects.exists()


def test_dismissing_needs_a_reason_tells_the_author_and_is_logged(
    client, member, claim, clinician, other_member, django_capture_on_commit_callbacks
):
    flag(client, member, claim)
    client.force_login(clinician)
    url = reverse("forum:inaccuracy_flags_dismiss", args=[claim.pk])
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400 and "say why" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "It is a personal story."}).status_code == 302
    assert InaccuracyFlag.objects.get(post=claim).resolution == "It is a personal story."
    told = Notification.objects.get(recipient=other_member, kind="clinician_note")
    assert told.outcome == "dismissed" and told.actor is None
    assert "no note was needed" in told.summary()
    entry = ModerationAction.objects.get(action="inaccuracy_flags_dismissed")
    assert entry.reason == "It is a personal story." and entry.moderator == clinician
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 409
    assert "already answered" in again.content.decode()


def test_notes_are_edited_by_their_clinician_or_a_moderator_only_and_logged(
    client, claim, clinician, moderator, member, django_capture_on_commit_callbacks
):
    note = clinician_notes.clinician_note_add(clinician=clinician, post=claim, body="First.")
    edit = django_capture_on_commit_callbacks(execute=True)
    other_clinician = UserFactory(
        role=clinician.role,
        clinician_profession=clinician.clinician_profession,
        clinician_verified_at=clinician.clinician_verified_at,
    )
    url = reverse("forum:clinician_note_edit", args=[note.pk])
    for outsider in (member, other_clinician):
        client.force_login(outsider)
        assert client.post(url, {"body": "Changed."}).status_code == 403
    client.force_login(moderator)
    with edit:
        assert client.post(url, {"body": "Clarified by a moderator."}).status_code == 302
    client.force_login(clinician)
    # Asking to add a second note opens the first.
    add = client.get(reverse("forum:clinician_note", args=[claim.pk]))
    assert add.status_code == 302 and add["Location"] == url
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"body": "Second thoughts."}).status_code == 302
    note.refresh_from_db()
    assert note.body == "Second thoughts." and note.edited_by == clinician
    editors = ModerationAction.objects.filter(action="clinician_note_edited")
    assert {entry.moderator for entry in editors} == {moderator, clinician}
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Second thoughts." in page and "First." not in page


@pytest.mark.parametrize("who", ["visitor", "member", "author", "moderator"])
def test_only_verified_clinicians_add_notes_or_answer_flags(client, claim, who, moderator):
    user = {"member": UserFactory(), "author": claim.author, "moderator": moderator}.get(who)
    if user:
        client.force_login(user)
    for name in ("forum:clinician_note", "forum:inaccuracy_flags_dismiss"):
        response = client.post(reverse(name, args=[claim.pk]), {"body": "x", "reason": "x"})
        assert response.status_code in (302, 403)
        if user:
            assert response.status_code == 403
    assert not ClinicianNote.objects.exists()
    queue = client.get(reverse("forum:clinician_flags"))
    assert queue.status_code == (403 if user else 302)


def test_members_cannot_flag_their_own_or_a_hidden_post(client, claim, other_member, member):
    assert flag(client, other_member, claim).status_code == 403  # the author
    Post.objects.filter(pk=claim.pk).update(is_hidden=True)
    assert flag(client, member, claim).status_code == 404  # not even shown
    claim.refresh_from_db()
    with pytest.raises(PermissionDenied):
        clinician_notes.inaccuracy_flag_create(member=member, post=claim)
    assert not InaccuracyFlag.objects.exists()


def test_the_queue_puts_the_clinicians_communities_first_in_a_bounded_number_of_queries(
    client, clinician, django_assert_max_num_queries
):
    followed = CommunityFactory(name="Type 1 diabetes")
    CommunityFollow.objects.create(user=clinician, community=followed)
    flaggers = [UserFactory() for _ in range(3)]
    elsewhere = [make_thread(title=f"Elsewhere {n}", replies=0) for n in range(5)]
    mine = make_thread(community=followed, title="In my community")
    for thread in [*elsewhere, mine]:
        for flagger in flaggers:
            clinician_notes.inaccuracy_flag_create(
                member=flagger, post=thread.posts.get(), note="Looks wrong"
            )
    client.force_login(clinician)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("forum:clinician_flags")).content.decode()
    assert html.index("In my community") < html.index("Elsewhere 0")
    assert "6 posts wait for a clinician" in html
    assert html.count("3 flags") == 6


def test_moderators_correct_a_note_in_the_admin_through_the_service(
    client, claim, clinician, moderator, member, django_capture_on_commit_callbacks
):
    note = clinician_notes.clinician_note_add(clinician=clinician, post=claim, body="Typo hre.")
    client.force_login(moderator)
    changelist = client.get(reverse("admin:forum_cliniciannote_changelist")).content.decode()
    assert "Typo hre." in changelist and claim.thread.title in changelist
    url = reverse("admin:forum_cliniciannote_change", args=[note.pk])
    refused = client.post(url, {"body": "Fixed.", "sources": "ftp://example.org/x"})
    assert refused.status_code == 200 and "not a web address" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Typo here.", "sources": ""})
    note.refresh_from_db()
    assert note.body_html == "<p>Typo here.</p>" and note.edited_by == moderator
    assert ModerationAction.objects.filter(
        action="clinician_note_edited", moderator=moderator
    ).exists()
    client.force_login(member)
    assert client.get(url).status_code == 302  # not staff: sent to the sign-in page


def test_clinicians_navigation_counts_what_waits_for_them(
    client, claim, clinician, member, django_capture_on_commit_callbacks
):
    client.force_login(clinician)
    page = client.get("/").content.decode()
    assert "For clinicians" in page and "waiting for a clinician" not in page

    def badge() -> str:
        page = client.get(reverse("forum:saved")).content.decode()
        found = re.search(r"For clinicians <span[^>]*>(\d+)<span", page)
        return found and found.group(1)

    with django_capture_on_commit_callbacks(execute=True):
        clinician_notes.inaccuracy_flag_create(member=member, post=claim)
    assert badge() == "1"
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            author=member, community=claim.thread.community, title="Q", body="?", wants_expert=True
        )
    assert badge() == "2"
    client.force_login(member)
    assert "For clinicians" not in client.get("/").content.decode()


def test_communities_listing_the_clinicians_specialty_come_first_too(client, clinician):
    mapped = CommunityFactory(name="Neuro", clinician_specialties="neurology")
    flagger = UserFactory()
    older = make_thread(title="Older elsewhere")
    mine = make_thread(community=mapped, title="Mapped to my specialty")
    for thread in (older, mine):
        clinician_notes.inaccuracy_flag_create(member=flagger, post=thread.posts.get())
    client.force_login(clinician)
    html = client.get(reverse("forum:clinician_flags")).content.decode()
    assert html.index("Mapped to my specialty") < html.index("Older elsewhere")
    assert "one of your communities" in html
