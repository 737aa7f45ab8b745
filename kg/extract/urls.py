"""Repository and project-page URLs: find them, clean them, say what kind of resource they are.

Cleaning removes what scraping and LaTeX leave behind: trailing punctuation, braces and
everything after them (`https://github.com/x/y{https://github.com/x/y}`), a `.git` suffix,
`/tree/main` style browse paths, query strings and fragments on code hosts.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import SPANS_KEY
from kg.extract.lookups import doc_text
from kg.extract.tokenizer import URL_PATTERN
from kg.names import HOST_ALIASES

URL_RE = re.compile(URL_PATTERN)
CODE_HOSTS = {"github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org", "gitee.com"}
TRAILING = ".,;:!?)]}>'\"`*"


def clean_url(raw: str) -> str | None:
    """A canonical URL for a repository or project page, or None when nothing usable is left.

    >>> clean_url("https://github.com/x/y{https://github.com/x/y}.")
    'https://github.com/x/y'
    >>> clean_url("github.com/A/B.git/")
    'https://github.com/A/B'
    >>> clean_url("hf.co/org/model")
    'https://huggingface.co/org/model'
    """
    url = re.split(r"[\s{}<>\"'\\|^`]", raw.strip(), maxsplit=1)[0].rstrip(TRAILING)
    if not url:
        return None
    if not re.match(r"^[a-z]+://", url, re.I):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if "." not in host:
        return None
    host = host.lower().removeprefix("www.")
    host = HOST_ALIASES.get(host, host)
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/").rstrip(TRAILING)
    query, fragment = parts.query, parts.fragment
    if host in CODE_HOSTS:
        segments = [s for s in path.split("/") if s]
        keep = 3 if host == "huggingface.co" and segments[:1] in (["datasets"], ["spaces"]) else 2
        segments = segments[:keep]
        if segments:
            segments[-1] = re.sub(r"\.git$", "", segments[-1])
        path = "/" + "/".join(segments) if segments else ""
        query = fragment = ""
        if not segments and host != "huggingface.co":
            return None  # a bare code host names no repository
    scheme = "https" if parts.scheme.lower() in {"http", "https"} else parts.scheme.lower()
    return urlunsplit((scheme, host, path, query, fragment))


def url_kind(url: str) -> str:
    """code, model, dataset, demo or project page, from the host and path."""
    parts = urlsplit(url)
    host, path = parts.hostname or "", parts.path
    if host == "huggingface.co":
        if path.startswith("/datasets/"):
            return "dataset"
        if path.startswith("/spaces/"):
            return "demo"
        return "model"
    if host in CODE_HOSTS:
        return "code"
    return "project page"


@Language.component("kg_urls")
def find_urls(doc: Doc) -> Doc:
    """A REPOSITORY span per URL token; the span's kb_id is the cleaned URL."""
    spans = []
    for match in URL_RE.finditer(doc_text(doc)):
        cleaned = clean_url(match.group())
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand") if cleaned else None
        if span is not None:
            spans.append(Span(doc, span.start, span.end, label="REPOSITORY", kb_id=cleaned, span_id="kg_urls"))
    doc.spans[SPANS_KEY] = list(doc.spans.get(SPANS_KEY, [])) + spans
    return doc
