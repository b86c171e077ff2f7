"""Small HTML readers for tests: the fields of a form as a browser would submit them, and links."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "selects": []}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value") or "on"))
                return
            self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
            self._form["selects"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                text = self._textarea["text"].removeprefix("\n")
                self._form["fields"].append((self._textarea["name"], text))
            self._textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The values the form with this id submits, as a dict of lists for the test client.

    Empty-form templates of formsets (names with ``__prefix__``) are left out.
    """
    parser = _FormParser()
    parser.feed(html)
    form = next((f for f in parser.forms if f["attrs"].get("id") == form_id), None)
    if form is None:
        raise AssertionError(f"No form with id {form_id!r} in the page.")
    pairs = list(form["fields"])
    for select in form["selects"]:
        chosen = [value for value, selected in select["options"] if selected]
        if not chosen and not select["multiple"] and select["options"]:
            chosen = [select["options"][0][0]]
        pairs += [(select["name"], value) for value in chosen]
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    return data


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_paths(html: str, base: str) -> list[str]:
    """Paths of the page's links to the same site (no scheme/host elsewhere), without query
    string and fragment, in document order."""
    parser = _LinkParser()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(f"http://testserver{base}", href))
        if url.scheme in {"http", "https"} and url.netloc == "testserver":
            paths.append(url.path)
    return paths
