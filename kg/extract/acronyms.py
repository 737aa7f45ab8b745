"""Abbreviation definitions, "long form (SHORT)", found with the Schwartz–Hearst algorithm.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text": a short form in parentheses, and the shortest run of preceding words
whose characters contain the short form's characters in order, the first one starting a word.
A short form after ", or" counts too ("Meta Reinforcement Fine-Tuning, or MRT, ...").
The reversed pair, "deita (short for Data-Efficient Instruction Tuning for Alignment)", is read
only after "short for" / "stands for", and then the name may be lower case. Two short forms in
one parenthesis, "(SFT and RL)", define the two long forms joined by "and" before it.
Pairs are stored on `doc._.kg_abbreviations` as token ranges ((long start, long end),
(short start, short end)), plain tuples so docs stay serialisable; `abbreviation_spans(doc)`
turns them back into spans.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.lookups import tokens

Doc.set_extension("kg_abbreviations", default=None, force=True)

MAX_SHORT_CHARS = 12


def is_short_form(text: str) -> bool:
    """Short forms have 2-12 characters, start with a letter or digit, hold a letter and a capital."""
    return (
        2 <= len(text) <= MAX_SHORT_CHARS
        and text[0].isalnum()
        and any(c.isalpha() for c in text)
        and any(c.isupper() for c in text)
        and len(text.split()) <= 2
    )


REPEATED_LETTER = re.compile(r"([A-Za-z])([2-4])(?![0-9])")
TWO_FOR_TO = re.compile(r"(?<=[A-Za-z])2(?=[A-Za-z])")  # "I2V" for "image-to-video"


def best_long_form(short: str, long: str) -> int | None:
    """Start index in `long` of the shortest suffix that defines `short`, or None (Schwartz–Hearst).

    A letter followed by 2-4 also stands for that many words with that letter, as ML names
    write it: "S3FT" for "Selective Self-to-Supervised Fine-Tuning", "E2-LLM" for "Efficient
    and Extreme ... LLM"; a 2 between letters may stand for "to" ("I2V" for "image-to-video")."""
    found = _schwartz_hearst(short, long)
    if found is None and REPEATED_LETTER.search(short):
        found = _schwartz_hearst(REPEATED_LETTER.sub(lambda m: m.group(1) * int(m.group(2)), short), long)
    if found is None and TWO_FOR_TO.search(short):
        found = _schwartz_hearst(TWO_FOR_TO.sub("to", short), long)
    if found is None:
        return None
    initials = initials_start(short, long)
    return initials if initials is not None and initials < found else found


INITIALLED_PIECE = re.compile(r"[^\s-]+")  # a word, or a piece of a hyphenated one, that gives its initial


def initials_start(short: str, long: str) -> int | None:
    """Start of the words at the end of `long` whose first letters spell an all-capitals `short`, one
    word (or hyphenated piece) a letter, or None. Schwartz–Hearst takes the shortest match, which can
    read a letter inside a word: "Spatial Sparse Attention (SSA)" would be "Sparse Attention"."""
    if not (short.isalpha() and short.isupper()):
        return None
    pieces = list(INITIALLED_PIECE.finditer(long))[-len(short):]
    if len(pieces) < len(short) or "".join(p.group()[0] for p in pieces).upper() != short:
        return None
    return long.rfind(" ", 0, pieces[0].start()) + 1  # the whole word a hyphenated piece belongs to


def _schwartz_hearst(short: str, long: str) -> int | None:
    s_index = len(short) - 1
    l_index = len(long) - 1
    while s_index >= 0:
        current = short[s_index].lower()
        if not current.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != current
            or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    return start


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    pairs = []
    view = tokens(doc)
    words = view.words
    for paren in (i for i, word in enumerate(words) if word == "("):
        close = next((i for i in range(paren + 1, min(paren + 8, len(words))) if words[i] in {")", ";", ","}), None)
        if close is None or words[close] != ")" or close == paren + 1:
            continue
        short_span = doc[paren + 1 : close]
        if is_short_form(short_span.text) and close <= paren + 5:
            pair = _defined_before(doc, short_span, paren)
            pairs += [pair] if pair else []
        else:
            pairs += _paired_definitions(doc, short_span, paren)
    return pairs


def _defined_before(doc: Doc, short_span: Span, end: int) -> tuple[Span, Span] | None:
    """The long form of `short_span` among the words that end at token `end`, or None."""
    view = tokens(doc)
    words = view.words
    sentence_start = view.sentence_bounds(end)[0]
    n_chars = len(short_span.text.replace("-", ""))
    max_words = min(n_chars + 5, n_chars * 2)
    first_token = None
    n_words = 0
    i = end - 1
    while i >= sentence_start:
        if words[i] in {"(", ")", ";", ":", ".", ","} or words[i].isspace():
            break
        if view.spaces[i] or i == end - 1:
            n_words += 1  # a word ends where whitespace follows ("Model-based" is one word)
            if n_words > max_words:
                break
        first_token = i
        i -= 1
    if first_token is None:
        return None
    candidate = doc[first_token:end]
    offset = best_long_form(short_span.text, candidate.text)
    if offset is None:
        return None
    long_span = candidate.char_span(offset, len(candidate.text), alignment_mode="expand")
    if long_span is None or len(long_span.text) <= len(short_span.text) or long_span.text.lower() == short_span.text.lower():
        return None
    return long_span, short_span


def _paired_definitions(doc: Doc, inside: Span, paren: int) -> list[tuple[Span, Span]]:
    """"prompt-based instruction tuning and prompt-free self tuning (PBIT and PFST)": two short
    forms joined by "and" define the two long forms joined by "and" before the parenthesis, the
    second first. Both must be found, or neither is."""
    parts = [t.i for t in inside if t.lower_ == "and"]
    if len(parts) != 1:
        return []
    first, second = doc[inside.start : parts[0]], doc[parts[0] + 1 : inside.end]
    if not (is_short_form(first.text) and is_short_form(second.text)):
        return []
    later = _defined_before(doc, second, paren)
    if later is None:
        return []
    joiner = later[0].start - 1
    if joiner < 1 or tokens(doc).lowers[joiner] != "and":
        return []
    earlier = _defined_before(doc, first, joiner)
    return [earlier, later] if earlier else []


def find_or_definitions(doc: Doc) -> list[tuple[Span, Span]]:
    """"we develop Meta Reinforcement Fine-Tuning, or MRT, a new class of ...": the short form after
    ", or" (closed by punctuation) defines the long form before the comma, by the same letter test."""
    pairs = []
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    for comma in (i for i, word in enumerate(words[:-3]) if word == "," and lowers[i + 1] == "or"):
        short_span = doc[comma + 2 : comma + 3]
        if words[comma + 3] in {",", ".", ";", ")"} and is_short_form(short_span.text):
            pair = _defined_before(doc, short_span, comma)
            pairs += [pair] if pair else []
    return pairs


EXPLAINING_WORDS = (("short", "for"), ("stands", "for"), ("standing", "for"))


def find_explained_names(doc: Doc) -> list[tuple[Span, Span]]:
    """"deita (short for Data-Efficient Instruction Tuning for Alignment)": the name comes first and
    the parentheses spell it out, so it may be any word, lower-case too."""
    pairs = []
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    for paren in (i for i, word in enumerate(words) if word == "("):
        if paren == 0 or tuple(lowers[paren + 1 : paren + 3]) not in EXPLAINING_WORDS:
            continue
        close = next((i for i in range(paren + 3, min(paren + 25, len(words))) if words[i] in {")", "(", "."}), None)
        if close is None or words[close] != ")" or close == paren + 3:
            continue
        name, long_span = doc[paren - 1 : paren], doc[paren + 3 : close]
        if 2 <= len(name.text) <= MAX_SHORT_CHARS and name.text.isalnum() and best_long_form(name.text, long_span.text) == 0:
            pairs.append((long_span, name))
    return pairs


SPELLED_OUT_REACH = 16  # tokens inside the brackets


def find_spelled_out_names(doc: Doc) -> list[tuple[Span, Span]]:
    """"V-NIAH-D (Visual Needle-In-A-Haystack with Distractors)": a name-shaped word, then brackets
    whose words spell it from their first letter to its last (Schwartz–Hearst's reversed pair). The
    brackets hold words only: no comma, no citation ("GPT-4o (OpenAI, 2024)"), no "e.g."."""
    pairs = []
    view = tokens(doc)
    words = view.words
    for paren in (i for i, word in enumerate(words) if word == "(" and i > 0):
        close = next((i for i in range(paren + 1, min(paren + SPELLED_OUT_REACH, len(words))) if not words[i][:1].isalnum()
                      and words[i] != "-"), None)
        if close is None or words[close] != ")" or not view.spaces[paren - 1]:
            continue
        name = doc[view.compound_start(paren - 1) : paren]
        inside = doc[paren + 1 : close]
        if (len(inside.text.split()) < 2 or not is_short_form(name.text) or not inside.text[:1].isalpha()
                or best_long_form(name.text, inside.text) != 0):
            continue
        pairs.append((inside, name))
    return pairs


def abbreviation_spans(doc: Doc) -> list[tuple[Span, Span]]:
    return [(doc[ls:le], doc[ss:se]) for (ls, le), (ss, se) in doc._.kg_abbreviations or ()]


def long_form_start(doc: Doc, short_start: int) -> int | None:
    """Token where the long form of the short form starting at `short_start` begins, or None."""
    return next((ls for (ls, _), (ss, _) in doc._.kg_abbreviations or () if ss == short_start), None)


@Language.component("kg_abbreviations")
def detect_abbreviations(doc: Doc) -> Doc:
    pairs = find_abbreviations(doc) + find_or_definitions(doc) + find_explained_names(doc) + find_spelled_out_names(doc)
    doc._.kg_abbreviations = [((l.start, l.end), (s.start, s.end)) for l, s in sorted(pairs, key=lambda p: p[1].start)]
    return doc
