"""What people come to do, in a real browser, at desktop and phone width."""

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from forum.models import Post, Thread
from moderation.models import ModerationAction
from tests.browser.conftest import browser_test, open_menu, sign_in

pytestmark = browser_test

GENE_THERAPY = "Gene therapy for autoimmune disease?"


def test_a_visitor_reads_the_gene_therapy_discussion_and_its_expert_answer(demo, visitor_page):
    page = visitor_page
    page.goto("/")
    page.get_by_role("link", name="Multiple sclerosis", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Multiple sclerosis")
    page.get_by_role("link", name=GENE_THERAPY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GENE_THERAPY)
    expert = page.locator("article.post-expert")
    expect(expert).to_be_visible()
    expect(expert.locator(".expert-badge")).to_have_text("Expert answer")
    expect(expert).to_contain_text("Dr. Seignez")
    expect(expert).to_contain_text("Verified clinician")
    expect(page.get_by_text("Topic of the discussion")).to_be_visible()


def test_a_newcomer_signs_up_confirms_starts_a_discussion_and_replies_in_markdown(
    demo, visitor_page
):
    page = visitor_page
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Join the community").click()
    page.get_by_label("Email").fill("river@example.org")
    page.get_by_label("Display name").fill("River Stone")
    page.get_by_label("I am here as").select_option("caregiver")
    page.get_by_role("textbox", name=re.compile(r"^Password\*?$")).fill("a calm long passphrase")
    page.get_by_label("Password again").fill("a calm long passphrase")
    page.get_by_label("I accept the terms of use").check()
    page.get_by_label("I explicitly consent").check()
    page.get_by_label("years old or older").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["river@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my address").click()

    page.goto("/communities/lupus/")
    page.get_by_role("link", name="Start a discussion").click()
    page.get_by_label("Title").fill("Sun cream that does not sting?")
    page.get_by_label("Your message").fill("My daughter reacts to most of them. *Any* tips?")
    page.get_by_role("button", name="Post the discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sun cream that does not sting?")
    expect(page.locator(".post-opening .post-body em")).to_have_text("Any")

    page.get_by_label("Your reply").fill("Update: the **mineral** ones work for her.")
    page.get_by_role("button", name="Post your reply").click()
    reply = page.locator("article.post").last
    expect(reply.locator(".post-body strong")).to_have_text("mineral")
    expect(reply).to_contain_text("River Stone")
    expect(reply).to_contain_text("Caregiver")
    thread = Thread.objects.get(title="Sun cream that does not sting?")
    assert thread.reply_count == 1
    assert thread.author == User.objects.get(email="river@example.org")


def test_a_clinician_posts_an_expert_answer_and_sees_it_badged(demo, visitor_page):
    page = visitor_page
    page.goto("/")
    sign_in(page, "seignez@example.org")
    page.goto(Thread.objects.get(title="Fatigue that no nap fixes").get_absolute_url())
    page.get_by_label("Your reply").fill(
        "Fatigue in MS is common and often **treatable**: tell your neurologist."
    )
    page.get_by_label("Post as an expert answer").check()
    page.get_by_role("button", name="Post your reply").click()
    answer = page.locator("article.post-expert").last
    expect(answer).to_be_visible()
    expect(answer.locator(".expert-badge")).to_have_text("Expert answer")
    expect(answer.locator(".post-body strong")).to_have_text("treatable")
    expect(answer).to_contain_text("not a personal consultation")
    assert Post.objects.filter(
        author__email="seignez@example.org",
        is_expert_answer=True,
        thread__title="Fatigue that no nap fixes",
    ).exists()


def test_a_moderator_hides_a_reply_and_visitors_see_it_was_removed(demo, visitor_page, page_for):
    thread = Thread.objects.get(title="Heat sensitivity: how do you get through summer?")
    reply = Post.objects.filter(thread=thread, number__gt=1).order_by("number").first()
    words = reply.body.split()[:4]
    page = page_for(User.objects.get(email="moderator@example.org"))
    page.goto(thread.get_absolute_url())
    post = page.locator(f"#post-{reply.number}")
    post.get_by_role("link", name=f"Hide post {reply.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hide this post?")
    page.get_by_label("A common reason").select_option(label="Personal data shared")
    page.get_by_role("textbox", name="Reason").fill("another member's private details")
    page.get_by_role("button", name="Hide this post").click()
    expect(page.locator(f"#post-{reply.number}")).to_contain_text("Removed by a moderator")
    logged = ModerationAction.objects.get(action="post_hidden", target_post_id=reply.pk)
    assert logged.reason == "Personal data shared: another member's private details"

    visitor_page.goto(thread.get_absolute_url())
    hidden = visitor_page.locator(f"#post-{reply.number}")
    expect(hidden).to_contain_text("This post was removed by a moderator.")
    expect(hidden).not_to_contain_text(" ".join(words))


def test_a_member_withdraws_a_reply_and_others_see_it_was_withdrawn(demo, visitor_page, page_for):
    from forum import services

    karmin = User.objects.get(email="karmin@example.org")
    thread = Thread.objects.get(title="Heat sensitivity: how do you get through summer?")
    reply = services.reply_create(
        author=karmin, thread=thread, body="My cooling vest came from a shop on Elm Road"
    )
    page = page_for(karmin)
    page.goto(thread.get_absolute_url() + reply.page_query())
    post = page.locator(f"#post-{reply.number}")
    post.get_by_role("link", name=f"Withdraw post {reply.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your reply")
    page.get_by_role("button", name="Withdraw this post").click()
    expect(page.locator(".alert").first).to_contain_text("Your reply was withdrawn")
    expect(page.locator(f"#post-{reply.number}")).to_contain_text(
        "This post was withdrawn by its author."
    )

    visitor_page.goto(thread.get_absolute_url() + reply.page_query())
    withdrawn = visitor_page.locator(f"#post-{reply.number}")
    expect(withdrawn).to_contain_text("This post was withdrawn by its author.")
    expect(withdrawn).not_to_contain_text("Elm Road")


def test_a_phone_number_in_a_reply_gets_a_second_look_then_posts_anyway(demo, page_for):
    page = page_for(User.objects.get(email="karmin@example.org"))
    thread = Thread.objects.get(title=GENE_THERAPY)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Text me on 07700 900123 and we can talk")
    # While typing, the same rules warn already (with scripts).
    expect(page.locator(".personal-data-live mark")).to_have_text("07700 900123")
    page.get_by_role("button", name="Post your reply").click()
    expect(page.locator("#personal-data mark")).to_have_text("07700 900123")
    expect(page.get_by_label("Your reply")).to_have_value("Text me on 07700 900123 and we can talk")
    page.get_by_role("button", name="Post anyway").click()
    expect(page.locator(".post").last).to_contain_text("Text me on 07700 900123")


def test_a_search_from_the_navbar_finds_the_discussion(demo, visitor_page):
    page = visitor_page
    page.goto("/")
    open_menu(page)
    page.get_by_role("searchbox", name="Search discussions").fill("gene therapy")
    page.get_by_role("searchbox", name="Search discussions").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    result = page.locator(".search-results").get_by_role("link", name=GENE_THERAPY)
    expect(result.first).to_be_visible()
    result.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GENE_THERAPY)


def test_a_member_quotes_the_part_of_an_answer_they_selected(demo, page_for):
    page = page_for(User.objects.get(email="karmin@example.org"))
    thread = Thread.objects.get(title=GENE_THERAPY)
    page.goto(thread.get_absolute_url())
    expert = page.locator("article.post-expert")
    paragraph = expert.locator(".post-body p", has_text="Biologics are a more recent family")
    # Select the paragraph's text, as a reader dragging over it would.
    paragraph.evaluate(
        """(element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    expert.get_by_role("link", name=re.compile(r"^Quote")).click()
    box = page.get_by_label("Your reply")
    expect(box).to_be_focused()
    text = box.input_value()
    assert text.startswith("> @Dr. Seignez wrote in [post #2]")
    assert "> Biologics are a more recent family" in text
    assert 'What "autoimmune" means' not in text  # only the selection


def test_a_reply_being_typed_is_kept_when_the_tab_is_closed(demo, page_for, new_context):
    karmin = User.objects.get(email="karmin@example.org")
    page = page_for(karmin)
    thread = Thread.objects.get(title=GENE_THERAPY)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Thank you. My neurologist said")
    expect(page.locator(".draft-status")).to_have_text("Draft saved", timeout=10_000)
    page.close()  # the tab is closed
    again = page_for(karmin)
    again.goto(thread.get_absolute_url())
    expect(again.get_by_label("Your reply")).to_have_value("Thank you. My neurologist said")


def test_the_reply_box_counts_characters_and_previews_as_one_types(demo, page_for):
    page = page_for(User.objects.get(email="karmin@example.org"))
    page.goto(Thread.objects.get(title=GENE_THERAPY).get_absolute_url())
    page.get_by_label("Your reply").fill("I **do** pace myself")
    expect(page.locator(".char-count")).to_contain_text("20 /")
    expect(page.locator(".reply-preview-live strong")).to_have_text("do", timeout=10_000)


def test_typing_at_and_a_few_letters_suggests_a_name(demo, page_for):
    page = page_for(User.objects.get(email="karmin@example.org"))
    page.goto(Thread.objects.get(title=GENE_THERAPY).get_absolute_url())
    box = page.get_by_label("Your reply")
    box.press_sequentially("Thank you @Dr")
    page.get_by_role("button", name="@Dr. Seignez").click()
    expect(box).to_have_value("Thank you @Dr. Seignez ")
