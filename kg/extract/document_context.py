"""Document context for span-level extraction: the units of one document share the names found in them.

A full-text corpus splits each paper into paragraphs, and kg extracts each paragraph alone. A name
the paper defines in one paragraph ("Non-Parametric Transformers (NPT)") is then unknown in the
next ("NPT attends between datapoints"). `share_document_names` tags, in every unit of a document,
the whole-word occurrences of the names kg discovered in any unit of that document, with the type
most of their discovered mentions have. Only discovered names travel: name-shaped ones ("NPT",
"ClassiNets") and the phrases a definition or proposal names ("dynamic anchor selection (DAS)") (the gazetteer already finds
its own everywhere), and only where no mention stands yet. Papers read by `kg build` are one unit
each, so this concerns `kg evaluate` on corpora whose unit ids name their document
("<document>|<unit>").
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.discovery import is_name_text, whole_word_occurrences
from kg.records import Mention

DOCUMENT_COMPONENT = "kg_document"
SHARED_COMPONENTS = frozenset({"kg_abbreviations", "kg_proposals", "kg_title", "kg_shapes"})
DEFINING_COMPONENTS = frozenset({"kg_abbreviations", "kg_proposals", "kg_title"})  # a phrase they find is a name
MIN_SURFACE = 3  # a two-letter acronym ("NL", "LR", "DP") names too many things to travel
SHARED_TYPES = frozenset({"MODEL", "DATASET", "BENCHMARK", "METHOD"})
UNIT_SEPARATOR = "|"


def document_of(unit_id: str) -> str:
    """"00001_1911_02116.txt|text_unit_3" -> "00001_1911_02116.txt"; an id without "|" is its own document."""
    return unit_id.split(UNIT_SEPARATOR, 1)[0]


def _hyphenated(text: str, start: int, end: int) -> bool:
    return text[end : end + 1] == "-" or (start > 0 and text[start - 1] == "-")


def _discovered(mention: Mention) -> bool:
    return mention.component in SHARED_COMPONENTS and not mention.known and mention.type in SHARED_TYPES


def discovered_surfaces(mentions: Sequence[Mention]) -> dict[str, Mention]:
    """Each name-shaped surface kg discovered (not from the gazetteer), and each phrase a definition,
    proposal or title names -> a mention of it with the type most of its mentions have (ties: the
    first type met)."""
    types: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, Mention] = {}
    for mention in mentions:
        if _discovered(mention) and len(mention.text) >= MIN_SURFACE and (
                is_name_text(mention.text, True) or (mention.component in DEFINING_COMPONENTS and " " in mention.text)):
            types[mention.text][mention.type] += 1
            first.setdefault(mention.text, mention)
    return {surface: replace(first[surface], type=counts.most_common(1)[0][0]) for surface, counts in types.items()}


def share_document_names(texts: Sequence[str], mentions: Sequence[list[Mention]], documents: Sequence[str]) -> list[list[Mention]]:
    """The mentions of each unit plus every occurrence, in it, of a name discovered anywhere in its
    document that overlaps no mention of the unit yet (whole words, longest surface first)."""
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        by_document[document].append(index)
    result = [list(unit) for unit in mentions]
    for indices in by_document.values():
        if len(indices) < 2:
            continue
        shared = discovered_surfaces([m for i in indices for m in mentions[i]])
        for i in indices:
            result[i] = [replace(m, type=shared[m.text].type) if _discovered(m) and m.text in shared else m for m in result[i]]
            taken = [(m.start, m.end) for m in result[i]]
            for surface in sorted(shared, key=lambda s: (-len(s), s)):
                source = shared[surface]
                for start, end in whole_word_occurrences(texts[i], surface):
                    if _hyphenated(texts[i], start, end):
                        continue  # "NPT-based", "pre-NPT": part of a compound, as in the unit itself
                    if all(end <= s or e <= start for s, e in taken):
                        taken.append((start, end))
                        result[i].append(replace(source, start=start, end=end, component=DOCUMENT_COMPONENT, sentence=""))
        for i in indices:
            result[i].sort(key=lambda m: (m.start, m.end))
    return result
