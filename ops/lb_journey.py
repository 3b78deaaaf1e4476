"""A member's journey through the load balancer, with nothing but the standard library.

Signs up, confirms the email (read from the file the instances write mail to), starts a
discussion, replies, reads it back, and checks that rate limits are shared by the
instances. Exits non-zero with a message at the first thing that goes wrong.

Usage: python ops/lb_journey.py https://127.0.0.1:PORT MAIL_DIR
"""

import http.client
import http.cookiejar
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE, MAIL_DIR = sys.argv[1].rstrip("/"), Path(sys.argv[2])
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE  # the drill's own self-signed certificate


class FromAddress(urllib.request.HTTPSHandler):
    """Connects from a chosen loopback address (all of 127.0.0.0/8 is this machine), so
    that nginx sees clients at different addresses."""

    def __init__(self, address):
        super().__init__(context=CONTEXT)
        self.address = address

    def https_open(self, req):
        return self.do_open(
            http.client.HTTPSConnection,
            req,
            context=CONTEXT,
            source_address=(self.address, 0),
        )


class Browser:
    def __init__(self, address="127.0.0.1"):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), FromAddress(address)
        )

    def request(self, path, data=None, *, expect=200):
        url = path if path.startswith("http") else BASE + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": BASE + "/"})
        try:
            with self.opener.open(request, timeout=20) as response:
                status, text, final = response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            status, text, final = error.code, error.read().decode(), url
        if expect is not None and status != expect:
            fail(f"{'POST' if data is not None else 'GET'} {path}: {status}, expected {expect}")
        self.status = status
        return text, final

    def csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            fail("no CSRF token in the form")
        return match.group(1)

    def post_form(self, path, fields, *, expect=200):
        html, _ = self.request(path)
        return self.request(path, {"csrfmiddlewaretoken": self.csrf(html), **fields}, expect=expect)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def step(message):
    print(f"  ok  {message}")


def confirmation_link(email):
    deadline = time.time() + 15
    while time.time() < deadline:
        for mail in sorted(MAIL_DIR.glob("*.log")):
            text = mail.read_text(errors="replace")
            if email in text:
                match = re.search(r"https://\S+/accounts/confirm-email/\S+/", text)
                if match:
                    return match.group(0)
        time.sleep(0.3)
    fail(f"no confirmation email for {email}")


def main():
    stamp = str(int(time.time()))
    email, name = f"walker{stamp}@example.org", f"Walker {stamp[-6:]}"
    member = Browser()
    member.post_form(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "role": "patient",
            "password1": "a long walk by the sea",
            "password2": "a long walk by the sea",
            "terms": "on",
            "health_data": "on",
            "minimum_age": "on",
        },
    )
    step(f"signed up as {name}")

    link = confirmation_link(email)
    path = urllib.parse.urlparse(link).path
    _, final = member.post_form(path, {})
    home, _ = member.request("/")
    if name not in home:
        fail("not signed in after confirming the email")
    step("confirmed the email and signed in")

    # Letters, not the bare timestamp: ten digits can pass an NHS number's check digit,
    # and the personal-data check would rightly stop to ask before publishing.
    title = "Through the balancer " + stamp.translate(str.maketrans("0123456789", "abcdefghij"))
    html, thread_url = member.post_form(
        "/communities/multiple-sclerosis/new/",
        {
            "title": title,
            "body": "Started **through** nginx.",
        },
    )
    if title not in html or "<strong>through</strong>" not in html:
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        fail(f"the new discussion does not show (page: {heading and heading.group(1).strip()})")
    step("started a discussion")

    thread_path = urllib.parse.urlparse(thread_url).path
    pk = re.search(r"/discussions/(\d+)/", thread_path).group(1)
    csrf = member.csrf(html)
    html, _ = member.request(
        f"/discussions/{pk}/replies/new/", {"csrfmiddlewaretoken": csrf, "body": "And a reply."}
    )
    if "And a reply." not in html or "1 reply" not in html:
        fail("the reply does not show")
    step("replied")

    for _attempt in range(4):  # every request may land on either instance
        page, _ = member.request(thread_path)
        if name not in page or "And a reply." not in page:
            fail("a later read missed the member's session or post")
    visitor = Browser()
    page, _ = visitor.request(thread_path)
    if "And a reply." not in page:
        fail("a visitor does not see the reply")
    step("read back, signed in and as a visitor, on every instance")

    # Sign-in limits count each client's own address (the one nginx forwards), not the
    # proxy's: failures from one address never lock out a member signing in elsewhere.
    guesser = Browser("127.0.0.2")
    limited = False
    for n in range(12):
        html, _ = guesser.request("/accounts/login/", expect=None)
        answer, _ = guesser.request(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": guesser.csrf(html),
                "login": f"nobody{n}.{stamp}@example.org",
                "password": "wrong",
            },
            expect=None,
        )
        if guesser.status == 429 or "Too many failed" in answer:
            limited = True
            break
    if not limited:
        fail("failed sign-ins from one address were not limited")
    elsewhere = Browser("127.0.0.3")
    html, _ = elsewhere.request("/accounts/login/")
    page, _ = elsewhere.request(
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": elsewhere.csrf(html),
            "login": email,
            "password": "a long walk by the sea",
        },
    )
    if name not in page or "Too many failed" in page:
        fail("failures from another address locked the member out")
    step("failures from one address limited; a member at another still signs in")

    attacker = Browser()
    limited = False
    for _ in range(7):
        html, _ = attacker.request("/accounts/login/", expect=None)
        answer, _ = attacker.request(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": attacker.csrf(html),
                "login": email,
                "password": "wrong",
            },
            expect=None,
        )
        if attacker.status == 429 or "Too many failed" in answer:
            limited = True
            break
    # Sign-in is refused once five failures were counted for the address, whichever
    # instance counted them: only a shared cache makes that happen within seven tries.
    if not limited:
        fail("failed sign-ins were not limited: rate-limit counters are not shared")
    step("failed sign-ins limited across instances")
    print("journey complete")


if __name__ == "__main__":
    main()
