"""Per-doc lookups the components ask for again and again, computed once and cached on the doc.

`Doc.text` rebuilds the string from the tokens on every call and `Span.sent` re-checks the
whole doc's sentence annotation; the components ask for both hundreds of times per abstract.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    cached = doc.user_data.get("kg_text")
    if cached is None:
        cached = doc.user_data["kg_text"] = doc.text
    return cached


def sentence_starts(doc: Doc) -> list[int]:
    cached = doc.user_data.get("kg_sentence_starts")
    if cached is None:
        cached = [sentence.start for sentence in doc.sents] if len(doc) else [0]
        doc.user_data["kg_sentence_starts"] = cached
    return cached


def sentence_of(span_or_token) -> Span:
    """The sentence holding a span's (or token's) first token."""
    doc = span_or_token.doc
    index = span_or_token.start if isinstance(span_or_token, Span) else span_or_token.i
    starts = sentence_starts(doc)
    position = bisect_right(starts, index) - 1
    end = starts[position + 1] if position + 1 < len(starts) else len(doc)
    return doc[starts[position] : end]


def sentence_words(span_or_token) -> frozenset[str]:
    """Lower-cased tokens of the sentence holding the span, cached per sentence."""
    doc = span_or_token.doc
    sentence = sentence_of(span_or_token)
    cache = doc.user_data.setdefault("kg_sentence_words", {})
    words = cache.get(sentence.start)
    if words is None:
        words = frozenset(sentence_text(span_or_token).lower().split()) | frozenset(t.lower_ for t in sentence if not t.is_space)
        cache[sentence.start] = words
    return words


def sentence_text(span_or_token) -> str:
    """The stripped text of the sentence holding the span, cached per sentence."""
    sentence = sentence_of(span_or_token)
    cache = span_or_token.doc.user_data.setdefault("kg_sentence_text", {})
    text = cache.get(sentence.start)
    if text is None:
        text = cache[sentence.start] = sentence.text.strip()
    return text
