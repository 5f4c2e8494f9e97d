"""A readable text summary of an HTML-only mail, with the standard library's HTML parser.

Scripts, styles and everything in ``<head>`` never show; block elements become line
breaks, list items get a bullet, links keep their address when it differs from their
text. Nothing is fetched: images and remote content are ignored.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head", "title", "template", "noscript", "svg", "object", "iframe"}
_BLOCK = {"p", "div", "br", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "dd", "dt"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.link: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            if tag not in _VOID:
                self.hidden_depth += 1
            return
        if self.hidden_depth:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")
        if tag in ("td", "th"):
            self.parts.append(" ")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if href.startswith(("http://", "https://", "mailto:")) else None
            self.link_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.hidden_depth and tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
            return
        if self.hidden_depth:
            return
        if tag == "a" and self.link:
            shown = "".join(self.link_text).strip()
            target = self.link.removeprefix("mailto:")
            if target and target != shown:
                self.parts.append(f" <{target}>")
            self.link = None
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden_depth:
            return
        self.parts.append(data)
        if self.link is not None:
            self.link_text.append(data)


def html_to_text(markup: str) -> str:
    """Readable plain text from ``markup``; never raises on broken HTML."""
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # noqa: BLE001 - a mail's HTML may be anything; keep what was read
        pass
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
