"""No page puts a form inside another: a browser ends the outer form at the inner one's
end, and the outer form's button then submits nothing. Checked over every page a member
and a visitor reach by following the links of the site."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from forum import services
from tests.factories import UserFactory

SKIPPED = ("/static/", "/admin/", "/accounts/logout/", "/media/")
MOST_PAGES = 120


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.nested += self.depth > 0
            self.depth += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = max(0, self.depth - 1)


def _crawl(client) -> tuple[int, list[str]]:
    seen, queue, nested = {"/"}, deque(["/"]), []
    while queue and len(seen) <= MOST_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        if parser.nested:
            nested.append(url)
        for href in parser.links:
            parts = urlsplit(urldefrag(href).url)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not target.startswith(SKIPPED):
                seen.add(target)
                queue.append(target)
    return len(seen), nested


def test_no_page_nests_a_form_in_another(client, member, thread):
    reply = services.reply_create(author=UserFactory(), thread=thread, body="Same for me.")
    services.reply_create(author=member, thread=thread, body=f"Thanks, see #{reply.number}.")
    client.force_login(member)
    crawled, nested = _crawl(client)
    assert crawled > 30, crawled  # the crawl reached the member's pages, not just the home page
    assert nested == []
    client.logout()
    crawled, nested = _crawl(client)
    assert crawled > 10
    assert nested == []
