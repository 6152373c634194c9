"""Every page works for every person: a crawl of the demo organisation as six kinds of people.

From the home page, every same-origin link (and htmx `hx-get`) is followed to depth 2; every
form found is posted empty and with junk. Any server error fails. Each URL pattern is visited
a few times per person (with different ids), so the crawl covers every kind of page without
visiting all 25 units' pages three times over."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from waypoint.demo import load_demo
from waypoint.orgs.models import Person

# Who crawls: the demo's administrator, CEO, a department lead, a team lead, an engineer and
# someone of a department unrelated to the others' (Legal Ops, in Finance & Legal).
PEOPLE = ["admin", "maya", "raj", "lena", "tom", "olga"]
DEPTH = 2
# Where the crawl starts: the home page, and settings pages no page links to for everyone.
STARTS = ("/", "/settings/webhooks/")
VISITS_PER_PATTERN = 3
POSTS_PER_PATTERN = 2
SKIPPED_PATHS = ("/static/", "/accounts/logout/", "/favicon.ico")
# Django's own admin is exercised by reading it; its forms are Django's, not the product's.
NOT_POSTED = ("/admin/",)
JUNK = {
    "text": "\x00<script>alert(1)</script>" + "ü" * 300,
    "number": "1e309",
    "choice": "9" * 25,
}


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> kind (text/number/choice)


class PageParser(HTMLParser):
    """Links, htmx GETs and POST forms of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(a["hx-get"])
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in {"hidden", "submit", "button"} and a["name"] != "csrfmiddlewaretoken":
                kind = "text"
            if a["name"] != "csrfmiddlewaretoken":
                self._form.fields[a["name"]] = (
                    "number" if kind == "number" else "choice" if kind == "select" else "text"
                )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


@dataclass
class Crawl:
    pages: int = 0
    posts: int = 0
    errors: list[str] = field(default_factory=list)


def pattern_of(path: str, query: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    keys = ",".join(sorted({part.split("=")[0] for part in query.split("&") if part}))
    return f"{match.route}?{keys}"


def same_origin(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    if parts.path.startswith(SKIPPED_PATHS):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, int]] = deque((start, 0) for start in STARTS)
    seen: set[str] = set()
    visits: Counter[str] = Counter()
    posts: Counter[str] = Counter()
    while queue:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path, _, query = url.partition("?")
        pattern = pattern_of(path, query)
        if pattern is None or visits[pattern] >= VISITS_PER_PATTERN:
            continue
        visits[pattern] += 1
        response = client.get(url, HTTP_HX_REQUEST="true") if "hints" in path else client.get(url)
        result.pages += 1
        if response.status_code >= 500:
            result.errors.append(f"GET {url} → {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = PageParser()
        parser.feed(response.content.decode())
        if depth < DEPTH:
            for href in parser.links:
                target = same_origin(url, href)
                if target is not None and target not in seen:
                    queue.append((target, depth + 1))
        for form in parser.forms:
            action = same_origin(url, form.action or url)
            if action is None or action.startswith(NOT_POSTED):
                continue
            action_pattern = pattern_of(*action.partition("?")[::2])
            if action_pattern is None or posts[action_pattern] >= POSTS_PER_PATTERN:
                continue
            posts[action_pattern] += 1
            for data in ({}, {name: JUNK[kind] for name, kind in form.fields.items()}):
                answer = client.post(action, data)
                result.posts += 1
                if answer.status_code >= 500:
                    result.errors.append(
                        f"POST {action} {'junk' if data else 'empty'} (from {url}) → "
                        f"{answer.status_code}"
                    )
    return result


@pytest.fixture
def demo(db: None) -> None:
    load_demo(timezone.localdate(), password="crawl-secret")


@pytest.mark.parametrize("username", PEOPLE)
def test_no_page_or_form_is_a_server_error(
    client: Client, demo: None, username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client.force_login(Person.objects.get(username=username))
    result = crawl(client)
    with capsys.disabled():
        print(f"\ncrawl as {username}: {result.pages} pages, {result.posts} posts")
    assert result.errors == []
    assert result.pages >= 25  # the crawl reached the organisation, not just the login page
