"""The Content-Security-Policy in headless Chromium: every public page type loads (the demo
data, check-in page and speaker portal signed in) without a `securitypolicyviolation` event and
without a console message about the policy or the Permissions-Policy."""

import pytest
from django.core.management import call_command

from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    pytestmark,
)
from tests.test_security_headers import page_paths, signed_in_client, staff_paths

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
"""
POLICY_WORDS = ("Content Security Policy", "Permissions-Policy", "Permissions policy")


@pytest.fixture
def demo_pages(transactional_db):
    """(session cookie or None, path, status) of every page type, the demo data committed."""
    call_command("load_demo", verbosity=0)
    pages = {name: (None, path, status) for name, (path, status) in page_paths().items()}
    for name, (username, path, status) in staff_paths().items():
        cookie = signed_in_client(username).cookies["sessionid"].value
        pages[name] = (cookie, path, status)
    return pages


def policy_problems(browser, live_server, pages) -> dict[str, list[str]]:  # noqa: F811
    """Per page: violation events, console messages about a policy, a wrong status or URL."""
    problems = {}
    for name, (session, path, status) in pages.items():
        context = browser.new_context(locale="de-DE")
        if session:
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.add_init_script(RECORD_VIOLATIONS)
        messages = []
        page.on("console", lambda message, messages=messages: messages.append(message.text))
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found = [text for text in messages if any(word in text for word in POLICY_WORDS)]
        found += page.evaluate("window.__cspViolations")
        if (response.url, response.status) != (live_server.url + path, status):
            found.append(f"HTTP {response.status} at {response.url} instead of {status}")
        if found:
            problems[f"{name} ({path})"] = found
        context.close()
    return problems


def test_public_pages_raise_no_policy_violation(live_server, demo_pages, browser):  # noqa: F811
    assert policy_problems(browser, live_server, demo_pages) == {}


def test_wagtail_admin_works_under_its_relaxed_policy(live_server, transactional_db, browser):  # noqa: F811
    from cms.models import ProgrammePage
    from demo.data import ADMIN_USERNAME

    call_command("load_demo", verbosity=0)
    session = signed_in_client(ADMIN_USERNAME).cookies["sessionid"].value
    programme = ProgrammePage.objects.live().order_by("path").first()
    paths = {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{programme.get_parent().pk}/",
        "page editor": f"/admin/pages/{programme.pk}/edit/",
        "images": "/admin/images/",
    }
    pages = {name: (session, path, 200) for name, path in paths.items()}
    assert policy_problems(browser, live_server, pages) == {}
