"""A tokenizer for ML prose: URLs stay whole, names split at hyphens, versions keep their dots.

spaCy's default English tokenizer splits "GSM8K" into "GSM8" + "K" and glues LaTeX debris
to URLs; entity matching needs one predictable rule instead:

- a URL is one token, ending before braces, quotes, whitespace and trailing punctuation;
- a word is a run of letters/digits, joined across dots followed by a digit ("Qwen2.5", "3.5B");
- "e.g.", "i.e.", "et al." and a few more abbreviations are one token, so they end no sentence;
- every other non-space character is a token of its own ("-", "(", "/").

It also marks sentence starts (after . ! ?, after the blank line that ends a title, and at a
capitalised word after "etc."), which costs nothing here while a separate sentencizer walks every
token again.
"""
from __future__ import annotations

import re

import numpy
import spacy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LOWER, SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.lookups import TOKEN_VIEW, make_token_view

# a URL with a scheme or "www.", or a scheme-less one on a code host ("hf.co/org/name", "x.github.io/y")
HOST_START = r"(?<![\w.@/-])"  # not inside another word, address or path ("me@zorb.github.io")
PAGES_HOST = r"[\w-]+\.github\.io"
SCHEMELESS_HOSTS = HOST_START + r"(?:github\.com|gitlab\.com|huggingface\.co|hf\.co|" + PAGES_HOST + r")/(?=\w)"
# a project page's own host, path or none: "Project page: zorb-3d.github.io."
BARE_PAGE_HOST = HOST_START + PAGES_HOST + r"/?(?![\w/-])(?!\.\w)"
URL_PATTERN = (r"(?:(?:https?://|www\.|" + SCHEMELESS_HOSTS + r")[^\s{}<>\"'`\\\x00-\x1f\x7f]*[^\s{}<>\"'`\\\x00-\x1f\x7f.,;:!?)\]]"
               r"|" + BARE_PAGE_HOST + ")")
ABBREVIATION_PATTERN = r"(?<![^\W_])(?:e\.g|i\.e|et al|cf|vs|etc|approx|resp|Fig|Figs|Eq|Eqs|Sec|Tab|No)\.(?=[\s,;:)])"
TOKEN_RE = re.compile(rf"{URL_PATTERN}|{ABBREVIATION_PATTERN}|[^\W_]+(?:\.\d[^\W_]*)*|\S")


SENTENCE_ENDS = frozenset({".", "!", "?"})
NOT_SENT_START = numpy.uint64(-1 % 2**64)  # SENT_START -1, as Doc.to_array writes it
# a token and at most one following space (its trailing whitespace), or a run of other whitespace
PIECE_RE = re.compile(rf"({TOKEN_RE.pattern})( ?)|(\s+)")


SENTENCE_CLOSERS = frozenset({"'", '"', "\u2019", "\u201d", ")", "]"})


def sentence_starts(words: list[str], spaces: list[bool] | None = None) -> list[int]:
    """Indices of the first token and of each first non-space token after . ! ? or a blank line,
    and of a capitalised plain word after "etc." ("..., CLIP, etc. Our approach ..."). Closing
    quotes and brackets glued to a stop stay in its sentence (`spaces`: whether a space follows each
    word), and a lower-case word after one goes on with it (a quoted example: "hints (e.g., ``Wait,
    a good idea.'') during inference")."""
    starts = []
    pending = forced = True  # forced: the text's start or a blank line, whatever the next word is
    after_etc = False
    for i, word in enumerate(words):
        if word.isspace():
            if "\n\n" in word:
                pending = forced = True
            continue
        if pending and not forced:
            if word in SENTENCE_CLOSERS and not (spaces and spaces[i - 1]):
                continue
            if word.isalpha() and word.islower():
                pending = False
        if pending or (after_etc and word.istitle() and word.isalpha()):
            starts.append(i)
        pending = word in SENTENCE_ENDS
        forced = False
        after_etc = word == "etc."
    return starts


def split_words(text: str) -> tuple[list[str], list[bool]]:
    """Token texts and whether one space follows each; other whitespace is a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    for token, space, gap in PIECE_RE.findall(text):
        if token:
            words.append(token)
            spaces.append(bool(space))
        else:
            words.append(gap)
            spaces.append(False)
    return words, spaces


# the lexical attributes kg's components read (the gazetteer matches on ORTH and LOWER); spaCy's
# others (NORM, SHAPE, LIKE_NUM, IS_STOP, ...) cost a Python call each for every new word
# (about a tenth of extraction on new text) and nothing reads them
LEXICAL_ATTRIBUTES = frozenset({LOWER, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE})


def used_lexical_getters(getters: dict) -> dict:
    """The language's lexical attribute getters, less those no kg component reads."""
    return {attribute: getter for attribute, getter in getters.items() if attribute in LEXICAL_ATTRIBUTES}


class MLTokenizer:
    """Callable tokenizer producing Docs whose text equals the input exactly, sentences marked."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = split_words(text)
        starts = sentence_starts(words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:
            flags = numpy.full((len(words), 1), NOT_SENT_START, dtype="uint64")
            flags[starts, 0] = 1
            doc.from_array([SENT_START], flags)  # much cheaper than Doc(sent_starts=...)
        # the components look these up again and again (kg.extract.lookups); here they cost nothing
        doc.user_data[TOKEN_VIEW] = make_token_view(text, words, spaces, starts)
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # spaCy serialisation hooks: the tokenizer has no state of its own.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "MLTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "MLTokenizer":
        return self


@spacy.registry.tokenizers("kg.ml_tokenizer.v1")
def create_ml_tokenizer():
    def make(nlp):
        return MLTokenizer(nlp.vocab)

    return make
