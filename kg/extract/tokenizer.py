"""A tokenizer for ML prose: URLs stay whole, names split at hyphens, versions keep their dots.

spaCy's default English tokenizer splits "GSM8K" into "GSM8" + "K" and glues LaTeX debris
to URLs; entity matching needs one predictable rule instead:

- a URL is one token, ending before braces, quotes, whitespace and trailing punctuation;
- a word is a run of letters/digits, joined across dots followed by a digit ("Qwen2.5", "3.5B");
- "e.g.", "i.e.", "et al." and a few more abbreviations are one token, so they end no sentence;
- every other non-space character is a token of its own ("-", "(", "/").

It also marks sentence starts (after . ! ? and after the blank line that ends a title),
which costs nothing here while a separate sentencizer walks every token again.
"""
from __future__ import annotations

import re

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

URL_PATTERN = r"(?:https?://|www\.)[^\s{}<>\"'`\\\x00-\x1f\x7f]*[^\s{}<>\"'`\\\x00-\x1f\x7f.,;:!?)\]]"
ABBREVIATION_PATTERN = r"(?<![^\W_])(?:e\.g|i\.e|et al|cf|vs|etc|approx|resp|Fig|Figs|Eq|Eqs|Sec|Tab|No)\.(?=[\s,;:)])"
TOKEN_RE = re.compile(rf"{URL_PATTERN}|{ABBREVIATION_PATTERN}|[^\W_]+(?:\.\d[^\W_]*)*|\S")


SENTENCE_ENDS = frozenset({".", "!", "?"})


def sentence_starts(words: list[str]) -> list[bool]:
    """True for the first token and for each first non-space token after . ! ? or a blank line."""
    starts = []
    pending = True
    for word in words:
        if word.isspace():
            starts.append(False)
            if "\n\n" in word:
                pending = True
            continue
        starts.append(pending)
        pending = word in SENTENCE_ENDS
    return starts


class MLTokenizer:
    """Callable tokenizer producing Docs whose text equals the input exactly, sentences marked."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for match in TOKEN_RE.finditer(text):
            gap = text[position:match.start()]
            if gap:
                if words and gap[0] == " ":
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    words.append(gap)
                    spaces.append(False)
            words.append(match.group())
            spaces.append(False)
            position = match.end()
        tail = text[position:]
        if tail:
            if words and tail[0] == " ":
                spaces[-1] = True
                tail = tail[1:]
            if tail:
                words.append(tail)
                spaces.append(False)
        starts = sentence_starts(words)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=starts)
        # the components look these up again and again (kg.extract.lookups); here they cost nothing
        doc.user_data["kg_text"] = text
        doc.user_data["kg_sentence_starts"] = [i for i, start in enumerate(starts) if start] or [0]
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
