"""Printing: a print stylesheet for discussions, and one expert answer with its question
on a page of its own ("Print for my doctor")."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from forum import services
from forum.models import Post
from moderation import actions
from tests.factories import UserFactory


def test_an_expert_answer_offers_a_print_page_with_just_it_and_its_question(
    client, thread, clinician
):
    services.reply_create(author=UserFactory(), thread=thread, body="A reply from a member")
    answer = services.reply_create(
        author=clinician, thread=thread, body="Ask your neurologist about trials.", expert=True
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    print_url = reverse("forum:post_print", args=[answer.pk])
    assert page.count(f'href="{print_url}"') == 1  # only on the expert answer
    printed = client.get(print_url)
    assert printed.status_code == 200
    html = printed.content.decode()
    assert thread.posts.get(number=1).body_html in html
    assert answer.body_html in html
    assert "A reply from a member" not in html
    assert "Expert answer" in html and "not a personal consultation" in html
    assert "Verified clinician" in html  # the author's role
    assert settings.SITE_URL + reverse("forum:post", args=[answer.pk]) in html
    assert 'src="/static/js/print.js"' in html


def test_a_hidden_answer_cannot_be_printed(client, thread, clinician, moderator):
    answer = services.reply_create(author=clinician, thread=thread, body="Old", expert=True)
    actions.post_hide(moderator=moderator, post=answer, reason="outdated")
    assert client.get(reverse("forum:post_print", args=[answer.pk])).status_code == 404
    assert client.get(reverse("forum:post_print", args=[999999])).status_code == 404


def test_the_print_stylesheet_drops_the_sites_controls_and_keeps_the_address():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    block = css[css.index("@media print") :]
    for hidden in (".site-header", ".site-footer", "form", "button", ".post-actions", "aside"):
        assert hidden in block.split("{")[1], hidden
    assert ".print-only { display: block" in block
    assert "print-only" in Path(settings.BASE_DIR, "templates/forum/thread.html").read_text()


def test_the_discussion_page_carries_its_address_for_print(client, thread):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'<p class="print-only small">{settings.SITE_URL}{thread.get_absolute_url()}</p>' in page
    assert Post.objects.count() == 1
