"""Quality measures listed with a known metric: "considering aspects such as accuracy, fluency,
informativeness, logical coherence, and harmlessness", "comparing the accuracy and completeness".

Papers that rate generated text name the criteria they score it on, and those criteria are
the paper's metrics. They are ordinary nouns, so no list can hold them all and most of their
occurrences name nothing ("the relevance of this work"). This component trusts them only where
the sentence evaluates or compares and they are coordinated with a metric the gazetteer knows:
a lower-case quality noun (-ness, -ity, -ency, -ancy, -ence, -ance), maybe after one adjective
("logical coherence"), in the same "X, Y, and Z" list as that metric becomes a METRIC span.
Nouns for a system's properties ("efficiency", "robustness", "performance") are never metrics
here: "improves accuracy and efficiency" reports no efficiency score.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.discovery import separator_after, separator_before
from kg.extract.gazetteer import ASSESSMENT_WORDS, SPANS_KEY, claimed_tokens
from kg.extract.lookups import TokenView, tokens

QUALITY_NOUN = re.compile(r"[a-z]{3,}(?:ness|ity|ency|ancy|ence|ance)")
ADJECTIVE = re.compile(r"[a-z]{3,}(?:al|ic|ive|ous|ful|ual|ent|ant)")
SYSTEM_PROPERTIES = frozenset(
    "performance efficiency effectiveness robustness scalability generalizability generality generalization "
    "complexity quality diversity reliability capability ability applicability interpretability explainability "
    "stability difficulty variance importance significance dependence independence existence "
    "presence absence occurrence inference maintenance compliance availability usability flexibility "
    "adaptability feasibility novelty simplicity sensitivity specificity transparency accessibility "
    "sustainability compatibility redundancy latency frequency sparsity density capacity "
    "utility intelligence evidence experience knowledge guidance reference sequence sentence instance "
    "distance balance alignment".split()
)


def quality_phrase_end(view: TokenView, start: int, limit: int) -> int | None:
    """End of a quality noun at `start`, or of one adjective and a quality noun ("logical coherence")."""
    lowers, words = view.lowers, view.words
    for end in (start + 1, start + 2):
        if end > limit or not words[end - 1].islower():
            return None
        head = lowers[end - 1]
        if QUALITY_NOUN.fullmatch(head) and head not in SYSTEM_PROPERTIES:
            if end == start + 1 or ADJECTIVE.fullmatch(lowers[start]):
                return end
        if end == start + 1 and not ADJECTIVE.fullmatch(head):
            return None
    return None


def next_item(lowers: list[str], end: int, limit: int) -> int | None:
    """Start of the list item after one ending at `end`: "X, Y", "X and Y", "X, and Y", and
    "X (,) as well as Y"."""
    separator = separator_after(lowers, end)
    i = separator[1] if separator else end
    if lowers[i : i + 3] == ["as", "well", "as"]:
        i += 3
    return i if end < i < limit else None


def previous_item_end(lowers: list[str], start: int, floor: int) -> int | None:
    """End of the list item before one starting at `start`, within the sentence from `floor`."""
    separator = separator_before(lowers, start)
    return separator[0] if separator and separator[0] > floor else None


def listed_qualities(view: TokenView, metric: Span, taken: set[int]) -> list[tuple[int, int]]:
    """(start, end) of the quality nouns in the list that `metric` stands in, both directions."""
    lowers = view.lowers
    floor, limit = view.sentence_bounds(metric.start)
    found = []
    end = metric.end
    while (start := next_item(lowers, end, limit)) is not None:
        end = quality_phrase_end(view, start, limit)
        if end is None or not taken.isdisjoint(range(start, end)):
            break
        found.append((start, end))
    start = metric.start
    while (before := previous_item_end(lowers, start, floor)) is not None:
        for length in (1, 2):
            if before - length >= floor and quality_phrase_end(view, before - length, before) == before:
                start = before - length
        if start >= before or not taken.isdisjoint(range(start, before)):
            break
        found.append((start, before))
    return found


@Language.component("kg_metric_lists")
def find_listed_metrics(doc: Doc) -> Doc:
    existing = list(doc.spans.get(SPANS_KEY, []))
    view = tokens(doc)
    taken = claimed_tokens(doc)
    spans = []
    for metric in existing:
        if metric.label_ != "METRIC" or not ASSESSMENT_WORDS.search(view.sentence_text(metric.start)):
            continue
        for start, end in listed_qualities(view, metric, taken):
            span = Span(doc, start, end, label="METRIC", kb_id=" ".join(view.lowers[start:end]), span_id="kg_metric_lists")
            spans.append(span)
            taken.update(range(start, end))
    doc.spans[SPANS_KEY] = existing + spans
    return doc
