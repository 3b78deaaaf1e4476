"""The personal-data check before posting (forum.personal_data): what it finds and what
it leaves alone, in English and French, and the form's second look: highlighted, never
blocking, the text kept, "Post anyway" publishing it as it is."""

import pytest
from django.urls import reverse

from forum import personal_data, services
from forum.models import Community, Post, Thread
from tests.factories import make_thread

FOUND = [
    ("call me on 07700 900123", "phone", "07700 900123"),
    ("ring +33 6 12 34 56 78 after six", "phone", "+33 6 12 34 56 78"),
    ("appelez-moi au 06 12 34 56 78", "phone", "06 12 34 56 78"),
    ("write to jo.bloggs+ms@example.org", "email", "jo.bloggs+ms@example.org"),
    ("I live at 12 Elm Road in Leeds", "address", "12 Elm Road"),
    ("postcode LS1 4DY", "address", "LS1 4DY"),
    ("j'habite 3 rue Oberkampf", "address", "3 rue Oberkampf"),
    ("près de 75011 Paris", "address", "75011 Paris"),
    ("my NHS number is 943 476 5919", "health_number", "943 476 5919"),
    ("mon numéro de sécu : 1 85 05 78 006 084 91", "health_number", "1 85 05 78 006 084 91"),
    ("Dr Martin changed my dose", "doctor", "Dr Martin"),
    ("le Docteur Lefèvre m'a dit", "doctor", "Docteur Lefèvre"),
    ("I was seen at St Thomas' Hospital", "hospital", "St Thomas' Hospital"),
    ("hospitalisée à l'Hôpital Necker", "hospital", "Hôpital Necker"),
    ("suivie au CHU de Nantes", "hospital", "CHU de Nantes"),
]

LEFT_ALONE = [
    "I have had MS since 2015 and take 400 mg a day",
    "My EDSS went from 3.5 to 4 in 10 years",
    "The discussion has 5,196 replies",
    "Through the balancer 1796547625",  # a bare run of digits: a timestamp, an order
    "On 29/11/2021 I started a new treatment",
    "j'ai 2 enfants et 3 chats",
    "ask your doctor about it",
    "a Doctor Who marathon helped",
    "J'ai vu un médecin à l'hôpital hier",
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_each_kind_is_found_where_it_is(db, text, kind, found):
    findings = personal_data.find(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, found)]


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_ordinary_health_talk_is_left_alone(db, text):
    findings = personal_data.find(text)
    assert [text[f.start : f.end] for f in findings if f.kind != "phone"] == []
    assert not [f for f in findings if f.kind in ("phone", "health_number", "doctor")]


def test_a_health_number_needs_its_check_digit(db):
    findings = personal_data.find("NHS 943 476 5918")  # wrong check digit
    assert "health_number" not in {finding.kind for finding in findings}


def test_a_members_own_name_after_a_title_is_not_flagged(db, clinician):
    assert personal_data.find(f"Thank you {clinician.display_name}!") == []


def test_the_excerpt_is_escaped_and_highlighted(db):
    text = "<b>call</b> 07700 900123 <script>"
    (finding,) = personal_data.find(text)
    html = personal_data.excerpt(text, finding)
    assert "<mark>07700 900123</mark>" in html and "<script>" not in html and "&lt;b&gt;" in html


def test_long_hostile_text_goes_through_every_rule(db):
    for text in ("Dr " * 20000, "1 " * 50000, "a@" * 30000, "Aa " * 30000 + "Hospital"):
        personal_data.find(text)  # every pattern is linear: this returns at once


def test_a_reply_with_a_phone_number_asks_first_then_posts_as_it_is(client, thread, member):
    client.force_login(member)
    url = reverse("forum:reply", args=[thread.pk])
    response = client.post(url, {"body": "call me on 07700 900123"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>07700 900123</mark>" in page and "Anyone can read this" in page
    assert "call me on 07700 900123</textarea>" in page  # the text kept in the box
    assert thread.posts.count() == 1  # nothing published
    response = client.post(url, {"body": "call me on 07700 900123", "personal_data_ok": "1"})
    assert response.status_code == 302
    assert thread.posts.filter(body="call me on 07700 900123").exists()


def test_editing_it_out_posts_without_a_second_look(client, thread, member):
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "call me later"})
    assert response.status_code == 302 and thread.posts.count() == 2


def test_a_members_only_community_gets_the_gentler_wording(client, member):
    private = Community.objects.create(name="Members", slug="members", is_public=False)
    client.force_login(member)
    url = reverse("forum:thread_new", args=[private.slug])
    page = client.post(url, {"title": "Dr Martin", "body": "He is kind"}).content.decode()
    assert "Only signed-in members can read this" in page and "<mark>Dr Martin</mark>" in page
    assert not Thread.objects.filter(title="Dr Martin").exists()
    client.post(url, {"title": "Dr Martin", "body": "He is kind", "personal_data_ok": "1"})
    assert Thread.objects.filter(title="Dr Martin").exists()


def test_an_edit_is_checked_too(client, thread, member):
    opening = thread.posts.get(number=1)
    client.force_login(member)
    url = reverse("forum:post_edit", args=[opening.pk])
    data = {"body": "email me: me@example.org", "title": thread.title, "version": 1}
    page = client.post(url, data).content.decode()
    assert "<mark>me@example.org</mark>" in page and "Save anyway" in page
    assert Post.objects.get(pk=opening.pk).version == 1
    client.post(url, {**data, "personal_data_ok": "1"})
    assert Post.objects.get(pk=opening.pk).body == "email me: me@example.org"


def test_services_and_moderators_tools_are_not_stopped(member, community):
    # The check is the writer's second look, in the forms: services post what they get.
    thread = make_thread(community=community, author=member, body="07700 900123")
    assert services.reply_create(author=member, thread=thread, body="jo@example.org").pk


def test_a_bio_is_checked_before_it_is_saved(client, member):
    client.force_login(member)
    data = {"display_name": member.display_name, "bio": "Reach me at 07700 900123"}
    page = client.post(reverse("forum:settings"), data).content.decode()
    assert "<mark>07700 900123</mark>" in page and "Only signed-in members" in page
    member.refresh_from_db()
    assert member.bio == ""
    public = client.post(reverse("forum:settings"), {**data, "profile_is_public": "on"})
    assert "Anyone can read this" in public.content.decode()
    client.post(reverse("forum:settings"), {**data, "personal_data_ok": "1"})
    member.refresh_from_db()
    assert member.bio == "Reach me at 07700 900123"


def test_the_preview_answers_the_same_findings_for_the_warning_while_typing(client, thread, member):
    client.force_login(member)
    response = client.post(
        reverse("forum:reply_preview", args=[thread.pk]),
        {"body": "my <email> is me@example.org"},
        HTTP_ACCEPT="application/json",
    )
    found = response.json()["personal_data"]
    assert found == [
        {
            "label": "your email address",
            "excerpt": "my &lt;email&gt; is <mark>me@example.org</mark>",
        }
    ]
