"""The extraction pipeline: spaCy components in order, and papers in -> mentions out.

    tokenizer   kg.ml_tokenizer.v1 (URLs whole, names split at hyphens)
    (the tokenizer marks sentence starts) -> kg_urls -> kg_gazetteer -> kg_abbreviations -> kg_discovery
    -> kg_component_lists -> kg_method_phrases -> kg_metric_lists -> kg_roles

A paper is one doc: its title, a blank line, its abstract. `doc_mentions` turns the doc's
span groups into Mention records with offsets into the title or the abstract; `named_by_paper`
keeps those that name one of the paper's entities. Span-level extraction (`extract_texts`, what
`kg evaluate` scores) keeps every span, and the mentions of generic terms as well.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.extract.acronyms  # noqa: F401  (registers kg_abbreviations)
import kg.extract.component_lists  # noqa: F401  (registers kg_component_lists)
import kg.extract.discovery  # noqa: F401  (registers kg_discovery)
import kg.extract.method_phrases  # noqa: F401  (registers kg_method_phrases)
import kg.extract.metric_lists  # noqa: F401  (registers kg_metric_lists)
import kg.extract.ner_model  # noqa: F401  (registers kg_ner, the optional statistical component)
import kg.extract.roles  # noqa: F401  (registers kg_roles)
import kg.extract.tokenizer  # noqa: F401  (registers kg.ml_tokenizer.v1)
import kg.extract.urls  # noqa: F401  (registers kg_urls)
from kg import heap
from kg.extract.lookups import tokens
from kg.extract.tokenizer import used_lexical_getters
from kg.extract.gazetteer import GENERIC_KEY, SPANS_KEY, is_known, prime_lookups, split_name
from kg.extract.gazetteer import create_gazetteer_matcher  # noqa: F401  (registers kg_gazetteer)
from kg.records import Mention, Paper, PaperExtraction

TITLE_SEPARATOR = "\n\n"
METHOD_PHRASES = "kg_method_phrases"
PIPELINE = ("kg_urls", "kg_gazetteer", "kg_abbreviations", "kg_discovery", "kg_component_lists", "kg_method_phrases",
            "kg_metric_lists", "kg_roles")
CONFIDENCE = {
    "kg_urls": 0.99,
    "kg_gazetteer": 0.95,
    "kg_title": 0.9,
    "kg_abbreviations": 0.85,
    "kg_proposals": 0.8,
    "kg_shapes": 0.6,
    "kg_component_lists": 0.6,
    "kg_method_phrases": 0.5,
    "kg_metric_lists": 0.5,
}


NER_CONFIG = {"keep": "names", "type_rule": "method"}


def build_pipeline(gazetteer_dir: str | None = None, ner: bool = False) -> Language:
    """A blank English pipeline with kg's tokenizer and components; `ner` adds the optional
    statistical component kg_ner (docs/ner.md: off by default, it is slower and lowers
    precision on abstracts)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kg.ml_tokenizer.v1"}}})
    nlp.vocab.lex_attr_getters = used_lexical_getters(nlp.vocab.lex_attr_getters)
    for name in PIPELINE:
        config = {"directory": gazetteer_dir} if name == "kg_gazetteer" else {}
        nlp.add_pipe(name, config=config)
    if ner:
        nlp.add_pipe("kg_ner", before="kg_roles", config=NER_CONFIG)
    prime_lookups()
    return nlp


def default_pipeline(ner: bool = False) -> Language:
    """The shipped pipeline, built once per process (`default_pipeline()` and `default_pipeline(False)` share it)."""
    return _shared_pipeline(bool(ner))


@lru_cache(maxsize=2)
def _shared_pipeline(ner: bool) -> Language:
    return build_pipeline(ner=ner)


def paper_text(paper: Paper) -> str:
    return paper.title + TITLE_SEPARATOR + paper.abstract


def doc_mentions(doc: Doc, title_length: int | None = None, generic: bool = False) -> list[Mention]:
    """Mentions of a processed doc; offsets are relative to the title or the abstract. `generic`
    adds the mentions of generic terms (kg/data/generic_terms.txt: "fine-tuning", "self-attention"),
    which name a method but no entity worth a node of the graph."""
    proposed = {(s.label_, s.kb_id_) for s in doc.spans.get("kg_proposed", [])}
    evaluated = {(s.start, s.end) for s in doc.spans.get("kg_evaluated", [])}
    abstract_offset = None if title_length is None else title_length + len(TITLE_SEPARATOR)
    view = tokens(doc)
    text = view.text
    mentions = []
    spans = [*doc.spans.get(SPANS_KEY, []), *(doc.spans.get(GENERIC_KEY, []) if generic else [])]
    for span in sorted(spans, key=lambda s: (s.start_char, s.end_char)):
        label, kb_id, component = span.label_, span.kb_id_, span.id_
        start_char, end_char = span.start_char, span.end_char
        name, family = split_name(kb_id, label)
        if abstract_offset is None:
            field, offset = "text", 0
        elif start_char >= abstract_offset:
            field, offset = "abstract", abstract_offset
        else:
            field, offset = "title", 0
        mentions.append(
            Mention(
                type=label,
                text=text[start_char:end_char],
                name=name,
                field=field,
                start=start_char - offset,
                end=end_char - offset,
                sentence=view.sentence_text(span.start),
                component=component,
                confidence=CONFIDENCE.get(component, 0.5),
                role="proposed" if (label, kb_id) in proposed else "used",
                known=is_known(kb_id),
                family=family,
                evaluated=(span.start, span.end) in evaluated,
            )
        )
    return mentions


def extract_texts(texts: Iterable[str], nlp: Language | None = None, batch_size: int = 256) -> Iterator[list[Mention]]:
    """Every mention of plain texts (no title), one list per text, in order: what span-level
    scoring counts, so generic terms are in ("fine-tuning" is a method mention, though no entity)."""
    nlp = nlp or default_pipeline()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc_mentions(doc, generic=True)


def named_by_paper(mentions: list[Mention]) -> list[Mention]:
    """The mentions that name an entity of the paper. A technique phrase found only by
    kg_method_phrases ("data filtering", "global attention") is a description, not a name,
    unless the paper proposes it: the guideline lists a used technique only when it is
    well established, and then the gazetteer knows it; nor is a technique written only as an
    adjective ("instruction-tuned models"). Span-level extraction (`extract_texts`) keeps every
    span; a paper's entity list keeps only these."""
    named = {(m.type, m.name) for m in mentions
             if (m.component != METHOD_PHRASES or m.role == "proposed") and not _describes_a_model(m)}
    return [m for m in mentions if (m.type, m.name) in named]


ADJECTIVAL_ENDINGS = ("tuned", "trained")


def _describes_a_model(mention: Mention) -> bool:
    """"instruction-tuned LLMs": a technique written as an adjective describes models, it names
    no technique of the paper (the guideline's adjectival technique); a paper that applies it
    names it otherwise too ("we apply instruction tuning")."""
    return mention.type == "METHOD" and mention.role == "used" and mention.text.lower().endswith(ADJECTIVAL_ENDINGS)


def _extract_chunk(texts: list[tuple[str, int]], ner: bool = False) -> list[list[Mention]]:
    """Mentions of (paper text, title length) pairs: what a worker receives and sends back,
    so the papers themselves never cross the process boundary."""
    nlp = default_pipeline(ner)
    docs = nlp.pipe((text for text, _ in texts), batch_size=len(texts) or 1)
    return [named_by_paper(doc_mentions(doc, title_length)) for (_, title_length), doc in zip(texts, docs)]


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    chunk: list[Paper] = []
    for paper in papers:
        chunk.append(paper)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def extract_papers(
    papers: Iterable[Paper], workers: int = 1, chunk_size: int = 64, ner: bool = False
) -> Iterator[PaperExtraction]:
    """Extract every paper, in input order, on `workers` processes (1 = in this process).
    Workers receive each chunk's texts and send back only its mentions."""
    sent: deque[list[Paper]] = deque()  # chunks handed out, in order; results arrive in the same order

    def texts() -> Iterator[list[tuple[str, int]]]:
        for chunk in _chunks(papers, chunk_size):
            sent.append(chunk)
            yield [(paper_text(p), len(p.title)) for p in chunk]

    def paired(results: Iterable[list[list[Mention]]]) -> Iterator[PaperExtraction]:
        for mentions in results:
            yield from map(PaperExtraction, sent.popleft(), mentions)

    if workers <= 1:
        yield from paired(_extract_chunk(chunk, ner) for chunk in texts())
        return
    default_pipeline(ner)  # build once before forking: workers inherit it
    context = multiprocessing.get_context("fork")
    with heap.frozen(), context.Pool(workers) as pool:  # frozen: workers' GC leaves the shared pages alone
        yield from paired(pool.imap(partial(_extract_chunk, ner=ner), texts()))
