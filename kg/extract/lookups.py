"""Per-doc lookups the components ask for again and again, computed once and cached on the doc.

Every `doc[i]` builds a new Token object, `Doc.text` rebuilds the string from the tokens and
`Span.sent` re-checks the whole doc's sentence annotation; the components ask for these
hundreds of times per abstract. kg's tokenizer already knows the words, their offsets and the
sentence starts, and stores them as plain Python lists (`TOKEN_VIEW`); for docs made
elsewhere they are computed here once. The components read tokens through these lists and
make Span objects only for what they keep.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

TOKEN_VIEW = "kg_tokens"


@dataclass
class TokenView:
    """A doc's tokens as plain lists: text, trailing space, character offset; sentence starts."""

    text: str
    words: list[str]
    spaces: list[bool]
    offsets: list[int]
    sentence_starts: list[int]
    _lowers: list[str] | None = field(default=None, repr=False)
    sentence_cache: dict = field(default_factory=dict, repr=False)

    @property
    def lowers(self) -> list[str]:
        if self._lowers is None:
            self._lowers = [w.lower() for w in self.words]
        return self._lowers

    def token_at_start(self, char: int) -> int | None:
        """The index of the token that starts at `char` (offsets rise strictly: a binary search)."""
        i = bisect_left(self.offsets, char)
        return i if i < len(self.offsets) and self.offsets[i] == char else None

    def token_at_end(self, char: int) -> int | None:
        """The index one past the token that ends at `char`: only the last token starting before
        `char` can end there."""
        i = bisect_left(self.offsets, char) - 1
        return i + 1 if i >= 0 and self.offsets[i] + len(self.words[i]) == char else None

    def sentence_bounds(self, index: int) -> tuple[int, int]:
        """Token range of the sentence holding token `index`."""
        starts = self.sentence_starts
        position = bisect_right(starts, index) - 1
        end = starts[position + 1] if position + 1 < len(starts) else len(self.words)
        return starts[max(position, 0)], end

    def sentence_text(self, index: int) -> str:
        """The stripped text of the sentence holding token `index`, cached per sentence."""
        start, end = self.sentence_bounds(index)
        key = ("text", start)
        text = self.sentence_cache.get(key)
        if text is None:
            text = self.sentence_cache[key] = self.range_text(start, end).strip()
        return text

    def hyphen_before(self, index: int) -> bool:
        """Token `index` is glued to a hyphen before it ("following" in "instruction-following")."""
        return index > 0 and self.words[index - 1] == "-" and not self.spaces[index - 1]

    def hyphen_after(self, end: int) -> bool:
        """A hyphen is glued after the token range ending at `end` ("GPT" in "GPT-based")."""
        return end < len(self.words) and self.words[end] == "-" and not self.spaces[end - 1]

    def compound_start(self, last: int) -> int:
        """First token of the hyphenated word whose last token is `last` ("multi" for "task" in
        "multi-task"); `last` itself when no hyphen is glued before it."""
        i = last
        while i > 1 and self.hyphen_before(i) and not self.spaces[i - 2]:
            i -= 2
        return i

    def compound_end(self, first: int) -> int:
        """One past the last token of the hyphenated word that starts at `first` ("fine-tuned":
        the index after "tuned"); `first + 1` when no hyphen is glued after it."""
        i = first + 1
        while i + 1 < len(self.words) and self.hyphen_after(i) and not self.spaces[i]:
            i += 2
        return i

    def compound_words(self, start: int, end: int) -> list[str]:
        """The words of tokens start..end, hyphenated pieces glued back ("test-time", not "test")."""
        words, i = [], start
        while i < end:
            j = min(self.compound_end(i), end)
            words.append(self.range_text(i, j))
            i = j
        return words

    def range_text(self, start: int, end: int) -> str:
        """The text of tokens start..end (no trailing whitespace), as `doc[start:end].text`."""
        return self.text[self.offsets[start] : self.char_end(end)] if start < end else ""

    def char_end(self, index: int) -> int:
        """Character offset where token `index - 1` ends (the end of a token range ending at `index`)."""
        return self.offsets[index - 1] + len(self.words[index - 1]) if index > 0 else 0


def make_token_view(text: str, words: list[str], spaces: list[bool], sentence_starts: list[int]) -> TokenView:
    offsets = []
    position = 0
    for word, space in zip(words, spaces):
        offsets.append(position)
        position += len(word) + space
    return TokenView(text, words, spaces, offsets, sentence_starts or [0])


def tokens(doc: Doc) -> TokenView:
    view = doc.user_data.get(TOKEN_VIEW)
    if view is None:
        starts = [sentence.start for sentence in doc.sents] if len(doc) and doc.has_annotation("SENT_START") else [0]
        view = make_token_view(doc.text, [t.text for t in doc], [bool(t.whitespace_) for t in doc], starts)
        doc.user_data[TOKEN_VIEW] = view
    return view


def doc_text(doc: Doc) -> str:
    return tokens(doc).text


def char_range_to_tokens(doc: Doc, start: int, end: int, alignment: str = "strict") -> tuple[int, int] | None:
    """Token range covering characters start..end, as `Doc.char_span` aligns them: "strict"
    (both ends on token boundaries), "contract" (tokens wholly inside) or "expand"
    (tokens touching); None when there is none."""
    view = tokens(doc)
    if alignment == "strict":
        first, last = view.token_at_start(start), view.token_at_end(end)
        return (first, last) if first is not None and last is not None and first < last else None
    offsets = view.offsets
    if alignment == "contract":
        first = bisect_left(offsets, start)
        last = first
        while last < len(offsets) and view.offsets[last] + len(view.words[last]) <= end:
            last += 1
    else:
        first = max(bisect_right(offsets, start) - 1, 0)
        if first < len(offsets) and offsets[first] + len(view.words[first]) <= start:
            first += 1
        last = bisect_left(offsets, end)
    return (first, last) if first < last else None


def title_end(doc: Doc) -> int:
    """Token index where the title ends: the first blank-line whitespace token, or 0 when there is no title."""
    cached = doc.user_data.get("kg_title_end")
    if cached is None:
        position = doc_text(doc).find("\n\n")
        found = char_range_to_tokens(doc, position, position + 2, "expand") if position >= 0 else None
        cached = found[0] if found else 0
        doc.user_data["kg_title_end"] = cached
    return cached


def span_from_chars(doc: Doc, start: int, end: int, alignment: str = "strict", **attributes) -> Span | None:
    found = char_range_to_tokens(doc, start, end, alignment)
    return Span(doc, found[0], found[1], **attributes) if found else None


def range_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens start..end (no trailing whitespace), as `doc[start:end].text`."""
    return tokens(doc).range_text(start, end)


def covered_tokens(spans: Iterable[Span]) -> set[int]:
    """Token indices inside any of the spans: overlap tests in the loops over every unit."""
    return {i for span in spans for i in range(span.start, span.end)}


def sentence_bounds(span_or_token) -> tuple[int, int]:
    index = span_or_token.start if isinstance(span_or_token, Span) else span_or_token.i
    return tokens(span_or_token.doc).sentence_bounds(index)


def sentence_of(span_or_token) -> Span:
    """The sentence holding a span's (or token's) first token."""
    start, end = sentence_bounds(span_or_token)
    return span_or_token.doc[start:end]


def sentence_text(span_or_token) -> str:
    """The stripped text of the sentence holding the span (or token), cached per sentence."""
    index = span_or_token.start if isinstance(span_or_token, Span) else span_or_token.i
    return tokens(span_or_token.doc).sentence_text(index)


def sentence_words(span_or_token) -> frozenset[str]:
    """Lower-cased tokens of the sentence holding the span (and its whitespace-split words), cached per sentence."""
    view = tokens(span_or_token.doc)
    start, end = sentence_bounds(span_or_token)
    key = ("words", start)
    words = view.sentence_cache.get(key)
    if words is None:
        lowers = view.lowers
        words = frozenset(sentence_text(span_or_token).lower().split()) | frozenset(
            lowers[i] for i in range(start, end) if not view.words[i].isspace()
        )
        view.sentence_cache[key] = words
    return words
