"""The list pieces built in Python (forum/templatetags/listing.py) as readers meet them:
everything from the database escaped, translated text in the reader's language."""

from datetime import UTC, datetime

from django.template import engines
from django.utils import translation

from forum import services
from forum.models import Thread
from tests.factories import CommunityFactory, UserFactory, make_thread

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def render(source, language="en", **context) -> str:
    with translation.override(language):
        return engines["django"].from_string("{% load listing %}" + source).render(context)


def test_a_row_escapes_title_pseudonym_and_community(client, db):
    community = CommunityFactory(name=f"Care {HOSTILE}", slug="care")
    author = UserFactory(display_name='Sam"><img src=x onerror=a>')  # 30 characters at most
    thread = make_thread(community=community, author=author, title=f"Title {HOSTILE}")
    for url in ("/", community.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert(2)" not in page and "<img src=x" not in page
        assert "Title &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<bdi>Sam&quot;&gt;&lt;img src=x onerror=a&gt;</bdi>" in page
    assert f'href="{thread.get_absolute_url()}">Title &quot;' in client.get("/").content.decode()


def test_a_row_reads_in_french_with_the_reply_count_and_badges(client, community):
    thread = make_thread(community=community, title="Fatigue")
    for n in range(2):
        services.reply_create(author=UserFactory(), thread=thread, body=f"Reply {n}.")
    page = client.get(community.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<span class="count">2</span>' in page
    assert '<span class="label">réponses</span>' in page
    assert "dernière activité" in page


def test_dates_and_roles_as_every_page_shows_them(db):
    clinician = UserFactory(
        role="clinician", clinician_verified_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    )
    html = render("{% member_link m show_role=True %}", m=clinician)
    assert "Verified clinician" in html and "Verified on" in html
    assert render("{% member_link m %}", m=None).strip() == (
        '<span class="member-name former-member">Former member</span>'
    )
    when = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    html = render("{% time_of when %}", language="fr", when=when)
    assert html.startswith('<time datetime="2026-12-05T') and "décembre 2026" in html
    assert render("{% time_of when %}", when=None) == '<time datetime=""></time>'


def test_badges_stand_apart_from_each_other_and_from_the_author(client, community):
    thread = make_thread(community=community, title="Pinned notice")
    Thread.objects.filter(pk=thread.pk).update(is_pinned=True, is_locked=True)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Pinned</span> <span" in page and "Locked</span> by" in page
