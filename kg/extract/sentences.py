"""Sentence boundaries for titles and abstracts: after . ! ? before a capital or digit, and at blank lines."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ABBREVIATIONS = {"e.g", "i.e", "etc", "et al", "vs", "cf", "Fig", "Eq", "al", "approx", "resp"}


@Language.component("kg_sentences")
def set_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts; the first token always starts one."""
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        if token.is_space:
            token.is_sent_start = False
        elif prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
        else:
            j = i - 1
            while j > 0 and doc[j].is_space:
                j -= 1
            end = doc[j]
            spaced = bool(end.whitespace_) or j < i - 1
            before = doc[j - 1].text if j >= 1 else ""
            token.is_sent_start = (
                end.text in {".", "!", "?"}
                and spaced
                and (token.text[:1].isupper() or token.text[:1].isdigit())
                and before not in ABBREVIATIONS
            )
    return doc
