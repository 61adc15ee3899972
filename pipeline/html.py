"""HTML pages of the source site -> the plain-text layout the segmenter reads (one line per block).

A real HTML parser (selectolax's lexbor backend) reads the page; the text is what a person sees
when copying the page, so offsets index that extracted text.  Scripts, styles and the site's
navigation are dropped; the article (header, spoken part, footer) is kept.
"""

from __future__ import annotations

import re

BLOCK_TAGS = frozenset(
    """address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table tbody td tfoot th thead time tr ul""".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template meta link head svg img iframe button input select textarea".split()
)
# the article body of kremlin.ru-style pages, tried in order; the whole body otherwise
ARTICLE_SELECTORS = ("article", "main", "[role=main]", ".read__content", "body")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\r\n]+")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def html_to_text(html: str) -> str:
    """The visible text of the page's article, one line per block, non-breaking spaces as spaces."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = next((n for sel in ARTICLE_SELECTORS if (n := tree.css_first(sel)) is not None), None)
    if root is None:
        return ""
    lines: list[str] = []
    _blocks(root, lines)
    return "\n".join(lines) + ("\n" if lines else "")


def _invisible(node) -> bool:
    """Not shown to a reader: scripts and the like, and hidden elements (the site's person tooltips)."""
    if node.tag in SKIP_TAGS:
        return True
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    return "hidden" in (attrs.get("class") or "").split() or "display:none" in (attrs.get("style") or "").replace(
        " ", ""
    )


def _has_block_child(node) -> bool:
    return any(c.tag in BLOCK_TAGS for c in node.iter(include_text=False))


def _blocks(node, lines: list[str]) -> None:
    if _invisible(node):
        return
    if (node.tag in BLOCK_TAGS and not _has_block_child(node)) or node.tag == "p":
        text = _SPACES.sub(" ", _inline_text(node)).strip()
        if text:
            lines.append(text)
        return
    inline: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            inline.append(child.text())
            continue
        if child.tag not in BLOCK_TAGS:
            if not _invisible(child):
                inline.append(_inline_text(child))
            continue
        _flush(inline, lines)
        _blocks(child, lines)
    _flush(inline, lines)


def _flush(inline: list[str], lines: list[str]) -> None:
    text = _SPACES.sub(" ", "".join(inline)).strip()
    if text:
        lines.append(text)
    inline.clear()


def _inline_text(node) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag != "-text" and _invisible(child):
            continue
        parts.append(child.text() if child.tag == "-text" else _inline_text(child) if child.tag != "br" else "\n")
    return "".join(parts)
