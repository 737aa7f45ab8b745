"""Named parts in an enumeration: "LeMo introduces three key techniques: (1) Token Elimination,
... (2) Pattern Prediction, ...", "three categories -- Answer Augmentation, Question Rephrase
and New Question --".

Papers announce how many parts their system has (or how many kinds of thing they study) and
then name each part in Title Case. Title Case alone names nothing reliably ("Large Language
Models", "Natural Language Processing"), but a counted part word ("three key components",
"two stages") followed by an enumeration is a strong cue: each item that opens with two or
more capitalised words ("API Retriever") or one capitalised hyphenated compound
("Self-Rubrics") is a name. Items are found after a list marker ("(1)", "ii)"), after the
colon or dash that opens the list, and after the separators inside it. The enumeration is the
cue's sentence and the sentences right after it that open with a list marker. The parts are
methods unless their last word says benchmark, dataset or metric; when "our" or a proposal
verb precedes the count, they are the paper's own (span group "kg_owned_parts", read by kg_roles).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.context import COUNT_WORDS, HEAD_TYPES, LONG_DASHES, dash_apposition_head, type_from_head
from kg.extract.discovery import (DISCOVERY_COMPONENTS, capitalised_run_end, crosses, nested_in, opens_with_a_description,
                                  proposal_verbs, title_colon)
from kg.extract.gazetteer import GENERIC_KEY, SPANS_KEY
from kg.extract.lookups import TokenView, covered_tokens, tokens

PART_WORDS = frozenset(  # not "stages" or "steps" (their names describe: "Dataset construction"), nor "tasks"
    "components modules techniques strategies categories mechanisms innovations submodules agents variants designs "
    "approaches methods".split()
)
NAME_GOES_ON = frozenset("of for with using via from in on to by through".split())  # "Pre-training using Extensive Data"
MARKER = re.compile(r"(?:\d|i{1,3}|iv|v|vi|[a-f])")
DASHES = LONG_DASHES | {"-"}
ITEM_OPENERS = frozenset({":", ",", ";", "and", "or"}) | DASHES
ARTICLES = frozenset({"the", "a", "an"})
OWNED_PARTS_KEY = "kg_owned_parts"  # the parts of the paper's own system, for kg_roles
PART_TYPES = frozenset({"BENCHMARK", "DATASET", "METRIC"})  # a part's head word may say these; else METHOD


PART_COUNTS = COUNT_WORDS | frozenset({"several", "multiple"})
SELF_REFERENCES = frozenset({"system", "framework", "model", "method", "approach", "pipeline", "agent", "architecture"})


def counted_part(lowers: list[str], index: int) -> bool:
    """"three key techniques", "several key innovations": a part word with a count at most two words before."""
    return lowers[index] in PART_WORDS and any(w in PART_COUNTS for w in lowers[max(0, index - 3) : index])


STEP_OBJECTS = frozenset({"data", "dataset", "model"})
COMPOSITION_VERBS = frozenset("incorporates includes comprises features integrates contains introduces".split())


def composition_colon(lowers: list[str], index: int) -> bool:
    """"Zorb incorporates: (1) Token Alignment: ...": a colon after a verb of composition that opens
    a marked list."""
    before = lowers[index - 1] if index > 0 else ""
    composed = before in COMPOSITION_VERBS or (before == "of" and lowers[index - 2 : index - 1] in (["consists"], ["composed"]))
    return lowers[index] == ":" and composed and marker_end(lowers, index + 1) is not None


def marker_end(lowers: list[str], start: int) -> int | None:
    """End of a list marker at `start` ("(1)", "(ii)", "1)"), else None."""
    i = start + (lowers[start : start + 1] == ["("])
    if i + 1 < len(lowers) and MARKER.fullmatch(lowers[i]) and lowers[i + 1] == ")":
        return i + 2
    return None


def enumeration_end(view: TokenView, cue: int) -> int:
    """The end of the cue's sentence and of each following sentence that opens with a marker or
    goes on to the next item after a semicolon ("... a simple scaling method; 2) Hint-RFT: ...")."""
    lowers = view.lowers
    end = view.sentence_bounds(cue)[1]
    while end < len(view.words):
        next_end = view.sentence_bounds(end)[1]
        if marker_end(lowers, end) is None and not any(
                lowers[i - 1] == ";" and marker_end(lowers, i) is not None for i in range(end + 1, next_end)):
            break
        end = next_end
    return end


def item_starts(view: TokenView, cue: int, end: int) -> list[int]:
    """Token indices where an item of the enumeration after `cue` may begin."""
    lowers = view.lowers
    starts = []
    for i in range(cue + 1, end):
        after_marker = marker_end(lowers, i) if lowers[i] == "(" or i == cue + 1 or lowers[i - 1] in ITEM_OPENERS | {"."} else None
        opens = lowers[i] in ITEM_OPENERS and (lowers[i] not in DASHES or view.spaces[i])  # "-- X", not "Self-Rubrics"
        start = after_marker if after_marker is not None else (i + 1 if opens else None)
        if start is not None and start < end:
            starts.append(start + (lowers[start] in ARTICLES))
    return starts


LABEL_WORDS = 4  # "(1) Scaffolded data synthesis: we generate ...": an item's label before its colon


def labelled_item_end(view: TokenView, start: int, end: int) -> int | None:
    """End of an item's label in sentence case that a colon closes right after a list marker
    ("(2) Verifier-guided self-correction: We enable ..."), at most LABEL_WORDS words, else None."""
    if view.lowers[start - 1 : start] != [")"]:
        return None
    words = 0
    for i in range(start, min(end, start + 2 * LABEL_WORDS)):
        if view.words[i] == ":":
            return i if words >= 2 else None
        if not (view.words[i] == "-" or view.words[i].isalpha()):
            return None
        words += view.spaces[i - 1] or i == start
        if words > LABEL_WORDS:
            return None
    return None


def capitalised_name_end(view: TokenView, start: int, end: int) -> int | None:
    """End of the Title Case name at `start` ("Token Elimination", "Self-Rubrics": two or more
    tokens of a capitalised run) when no preposition carries it on ("Secondary Pre-training using
    Extensive Monolingual Data" is a description), or of a label a colon closes after a list
    marker (labelled_item_end), else None."""
    if not view.words[start][:1].isupper():
        return None
    labelled = labelled_item_end(view, start, end)
    if labelled is not None:
        return labelled
    i = capitalised_run_end(view, start, end)
    if i - start < 2 or (i < end and view.lowers[i] in NAME_GOES_ON):
        return None
    return i


def owns_the_parts(view: TokenView, cue: int, verbs: list[int], title_name: str | None) -> bool:
    """"Our framework comprises three components", "LeMo introduces three key techniques", "This
    system includes two components", "Zorb incorporates several key innovations" (Zorb the title's
    name), "X adopts two novel designs", "The core innovation of Zorb lies in its framework, which
    comprises two key techniques": the parts are the paper's when "our", a proposal verb, "this
    <system>", the title's name or "novel" right before the count comes before the cue in its
    sentence ("we group these strategies into three categories" names others' things)."""
    sentence_start = view.sentence_bounds(cue)[0]
    before = view.lowers[sentence_start:cue]
    return ("our" in before or "novel" in before[-3:] or any(sentence_start <= verb < cue for verb in verbs)
            or before[:1] == ["this"] and before[1:2] != [] and before[1] in SELF_REFERENCES
            or title_name is not None and f" {title_name} " in f" {view.range_text(sentence_start, cue)} ")


def listed_parts(view: TokenView, taken: set[int], known: list[Span], verbs: list[int], title_name: str | None
                 ) -> tuple[list[tuple[int, int, bool]], set[int]]:
    """(start, end, owned) of the named parts of every counted enumeration (`taken` grows with
    them), and where each item of an enumeration of the paper's own parts starts. A known name
    in `known` gives way to an item it lies inside ("(2) Model Depth Pruning: ..."), not to one
    it fills or crosses."""
    def free(start: int, end: int) -> bool:
        return (taken.isdisjoint(range(start, end)) and not crosses(known, start, end)
                and all((span.start, span.end) != (start, end) for span in known))

    found: list[tuple[int, int, bool]] = []
    owned_items: set[int] = set()
    lowers = view.lowers
    for cue in [i for i, word in enumerate(lowers) if word in PART_WORDS or word == ":"]:
        counted = counted_part(lowers, cue)
        if not (counted or composition_colon(lowers, cue)):
            continue
        end = enumeration_end(view, cue)
        owned = owns_the_parts(view, cue, verbs, title_name)
        for start in item_starts(view, cue, end):
            if owned:
                owned_items.add(start)
            name_end = capitalised_name_end(view, start, end)
            if name_end is not None and not counted and lowers[start] in STEP_OBJECTS:
                continue  # "consists of: (1) Data Collection: ..., (2) Model Training": steps, not named parts
            if name_end is not None and opens_with_a_description(view, start, name_end):
                continue  # "(1) Efficient Training Framework: We develop ...": a label that praises, no name
            if name_end is not None and free(start, name_end):
                found.append((start, name_end, owned))
                taken.update(range(start, name_end))
    for cue in [i for i, word in enumerate(lowers) if word in PART_WORDS]:
        for start, end in named_before_their_count(view, cue):
            if free(start, end):
                found.append((start, end, owns_the_parts(view, cue, verbs, title_name)))
                taken.update(range(start, end))
    return found, owned_items


COUNTS = {"two": 2, "three": 3, "four": 4}


def named_before_their_count(view: TokenView, cue: int) -> list[tuple[int, int]]:
    """"incorporates Automatic Degrade Sampling and Image Area Preservation, two techniques that
    ...": the Title Case names a count of parts sums up after a comma, when there are exactly that
    many of them (else none)."""
    lowers = view.lowers
    if cue < 3 or lowers[cue - 2] != "," or lowers[cue - 1] not in COUNTS:
        return []
    sentence_start = view.sentence_bounds(cue)[0]
    items: list[tuple[int, int]] = []
    end = cue - 2
    while len(items) < COUNTS[lowers[cue - 1]]:
        start = end
        while start > sentence_start and (view.words[start - 1][:1].isupper() or view.words[start - 1] == "-"):
            start -= 1
        if end - start < 2 or capitalised_run_end(view, start, end) != end:
            return []
        items.append((start, end))
        joiner = lowers[start - 1] if start > sentence_start else ""
        if joiner not in {"and", ","}:
            break
        end = start - 1 - (joiner == "and" and lowers[start - 2 : start - 1] == [","])
    return items if len(items) == COUNTS[lowers[cue - 1]] else []


@Language.component("kg_component_lists")
def find_listed_parts(doc: Doc) -> Doc:
    existing = list(doc.spans.get(SPANS_KEY, []))
    generic = list(doc.spans.get(GENERIC_KEY, []))
    view = tokens(doc)
    listed = [span for span in existing + generic if span.id_ == "kg_gazetteer"]
    taken = covered_tokens([span for span in existing + generic if span.id_ != "kg_gazetteer"])
    spans = []
    colon = title_colon(doc)
    title_name = view.range_text(0, colon) if colon else None
    parts, owned_items = listed_parts(view, taken, listed, proposal_verbs(doc), title_name)
    # a new name another rule found at the start of an item of the paper's own parts is one of them
    owned_spans = [span for span in existing if span.start in owned_items and span.id_ in DISCOVERY_COMPONENTS]
    for start, end, owned in parts:
        head_type = type_from_head(view.words[end - 1 : end])
        label = head_type if head_type in PART_TYPES else "METHOD"
        introduced = dash_apposition_head(view, start, view.sentence_bounds(start)[0])
        if introduced is not None:
            label = HEAD_TYPES[view.lowers[introduced]]  # "a shape generation model -- Zorb-DiT"
        text = view.range_text(start, end)
        span = Span(doc, start, end, label=label, kb_id=text, span_id="kg_component_lists")
        spans.append(span)
        if owned:
            owned_spans.append(span)
    doc.spans[SPANS_KEY] = [span for span in existing if not nested_in(span, spans)] + spans
    doc.spans[GENERIC_KEY] = [span for span in generic if not nested_in(span, spans)]
    doc.spans[OWNED_PARTS_KEY] = owned_spans
    return doc
