"""The token-based fast paths find exactly what their regex specifications find.

Extraction reads tokens instead of running a regex per rule over every character (docs/bench.md);
these properties hold the fast code to the simple definition on random text.
"""
from __future__ import annotations

import re

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.discovery import (proposal_verbs, whole_word_occurrences, NAMING_WORDS, OPEN_SOURCE_OBJECTS, OPEN_SOURCE_SUBJECTS,
                                  PROPOSAL_VERBS, VERB_PREPOSITIONS)
from kg.extract.gazetteer import GAZETTEER_DIR, load_gazetteer
from kg.extract.lookups import char_range_to_tokens, range_text, tokens
from kg.extract.method_phrases import METHOD_HEADS, phrase_candidates
from kg.extract.pipeline import default_pipeline

PHRASE_SPEC = re.compile(
    r"(?<![\w-])((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s){1,2})("
    + "|".join(sorted(set(METHOD_HEADS), key=len, reverse=True))
    + r")(?![\w-])"
)
OPEN_SOURCE_SPEC = (  # the verb, not the adjective: "we open-source", "open-source the code", not "open-source LLMs"
    r"(?:(?<!\w)(?:" + "|".join(sorted(OPEN_SOURCE_SUBJECTS)) + r") (?P<after_subject>open-sourced?)(?![\w-])"
    r"|(?<![\w-])(?P<before_object>open-sourced?)(?= (?:" + "|".join(sorted(OPEN_SOURCE_OBJECTS)) + r")(?!\w)))"
)
PROPOSAL_SPEC = re.compile(
    r"(?:(?<![\w-])(?P<verb>" + "|".join(sorted((PROPOSAL_VERBS | NAMING_WORDS) - {"open-source", "open-sourced"}, key=len, reverse=True))
    + r")(?![\w-])|" + OPEN_SOURCE_SPEC + r")"
    r"(?! (?:" + "|".join(sorted(VERB_PREPOSITIONS)) + r")(?![\w-]))", re.I  # "trained with X" proposes nothing
)
PIECES = ["learning", "sampling", "decoding", "masked", "self-supervised", "deep", "X", "a", "the", "(", ")", "-",
          "_x", "é", "2", "a-", "search", "attention", "in-context", "we", "propose", "Introduce", "open-source",
          "named", "re-train", "will", "our", "GPT-4", "e.g.", "https://x.org/a", "Llama-2", "v1.5", "with", "on", "by"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "", "-", "\t", ". ", ", "]
texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=12).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)


def make_doc(text):
    return default_pipeline().make_doc(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_method_phrase_candidates_match_their_regex(text):
    expected = [(m.start(), m.start(2), m.end()) for m in PHRASE_SPEC.finditer(text)]
    assert list(phrase_candidates(make_doc(text))) == expected


@settings(max_examples=400, deadline=None)
@given(texts)
def test_proposal_verbs_match_their_regex(text):
    doc = make_doc(text)
    expected = [char_range_to_tokens(doc, m.start(m.lastgroup), m.end(m.lastgroup)) for m in PROPOSAL_SPEC.finditer(text)]
    assert proposal_verbs(doc) == [found[0] for found in expected if found is not None]


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(PIECES[:20]))
def test_whole_word_occurrences_match_their_regex(text, name):
    expected = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
    assert list(whole_word_occurrences(text, name)) == expected


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 60), st.integers(0, 60), st.sampled_from(["strict", "contract", "expand"]))
def test_char_ranges_align_like_spacy(text, start, length, alignment):
    doc = make_doc(text)
    end = min(start + length, len(text))
    start = min(start, end)
    span = doc.char_span(start, end, alignment_mode=alignment)
    expected = (span.start, span.end) if span is not None and len(span) else None
    assert char_range_to_tokens(doc, start, end, alignment) == expected
    if expected:
        assert range_text(doc, *expected) == doc[expected[0] : expected[1]].text


@settings(max_examples=200, deadline=None)
@given(texts)
def test_token_view_agrees_with_the_doc(text):
    doc = make_doc(text)
    view = tokens(doc)
    assert view.words == [t.text for t in doc]
    assert view.offsets == [t.idx for t in doc]
    assert view.spaces == [bool(t.whitespace_) for t in doc]
    assert view.sentence_starts == ([s.start for s in doc.sents] if len(doc) else [0])
    for i in range(len(doc)):
        assert view.sentence_text(i) == doc[i].sent.text.strip()


@settings(max_examples=200, deadline=None)
@given(texts)
def test_lean_lexemes_keep_every_attribute_the_components_read(text):
    """The pipeline's vocab computes only the lexical attributes kg reads (docs/bench.md); those
    agree with a full spaCy English vocab's, and the ones it skips are left unset."""
    full = spacy.blank("en").vocab
    for token in make_doc(text):
        lexeme = full[token.text]
        assert (token.lower_, token.is_alpha, token.is_lower, token.is_punct, token.is_space) == (
            lexeme.lower_, lexeme.is_alpha, lexeme.is_lower, lexeme.is_punct, lexeme.is_space)
        assert token.shape_ == "" and not token.like_num and not token.is_stop


def test_the_gazetteer_is_read_once_per_folder():
    assert load_gazetteer() is load_gazetteer(None) is load_gazetteer(str(GAZETTEER_DIR))
