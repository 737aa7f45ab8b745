"""Optional statistical NER (`kg_ner`): a small spaCy model that finds METHOD and DATASET names no list has.

The model in kg/data/ner/ was trained by tools/train_ner.py on the Apache-2.0 corpora SciREX
(train) and TDMSci (train) only. It predicts METHOD (SciREX Method: named models and
techniques alike) and DATASET. A predicted METHOD that is name-shaped (an upper-case letter
after its first character, or a digit: "ResNet-101", "BiDAF", "GPT-4") becomes MODEL; a
lower-case phrase stays METHOD. Predictions are added to doc.spans["kg"] (span_id "kg_ner")
only where they overlap no span of the rule components and no generic term, so the rules
always win. The model runs on a copy of kg's tokens, so its own tokenizer is never used.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import SPANS_KEY, claimed_tokens

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner"
COMPONENT = "kg_ner"
TYPE_RULES = ("shape", "method")  # shape: name-shaped METHOD -> MODEL; method: keep every METHOD
KEEP = ("names", "datasets", "all")  # names: name-shaped predictions; datasets: capitalised DATASET ones; all
PLURAL_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z]s$")  # "LLMs", "VLMs": a class of things, not a name


@lru_cache(maxsize=2)
def load_model(directory: str) -> Language:
    return spacy.load(directory)


def name_shaped(text: str) -> bool:
    """A word with a digit or an upper-case letter after its first character: "ResNet-101", "BERT",
    "GPT-4", "word2vec" yes; "Dropout", "beam search", "Large Language Models" no."""
    return any(any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:]) for w in text.split())


def keep_prediction(label: str, text: str, keep: str) -> bool:
    if keep == "all":
        return bool(text.strip())
    if PLURAL_ACRONYM.match(text):
        return False
    if keep == "datasets":
        return label == "DATASET" and (text[:1].isupper() or name_shaped(text))
    return name_shaped(text)


def entity_type(label: str, text: str, type_rule: str) -> str:
    if label == "METHOD" and type_rule == "shape" and name_shaped(text):
        return "MODEL"
    return label


def _copy(doc: Doc, vocab) -> Doc:
    return Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


class StatisticalNer:
    """Runs the shipped model on a copy of each doc and merges its entities into the kg span group."""

    def __init__(self, directory: str, type_rule: str, keep: str) -> None:
        if type_rule not in TYPE_RULES or keep not in KEEP:
            raise ValueError(f"kg_ner: type_rule must be one of {TYPE_RULES} and keep one of {KEEP}")
        self.model = load_model(directory)
        self.type_rule = type_rule
        self.keep = keep

    def _merge(self, doc: Doc, predicted: Doc) -> Doc:
        existing = list(doc.spans.get(SPANS_KEY, []))
        taken = claimed_tokens(doc)
        added = []
        for ent in predicted.ents:
            text = doc[ent.start:ent.end].text
            if any(i in taken for i in range(ent.start, ent.end)) or not keep_prediction(ent.label_, text, self.keep):
                continue
            added.append(Span(doc, ent.start, ent.end, label=entity_type(ent.label_, text, self.type_rule),
                              kb_id=" ".join(text.split()), span_id=COMPONENT))
        doc.spans[SPANS_KEY] = existing + added
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._merge(doc, self.model(_copy(doc, self.model.vocab)))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        docs = list(docs)
        predicted = self.model.pipe((_copy(d, self.model.vocab) for d in docs), batch_size=batch_size)
        for doc, pred in zip(docs, predicted):
            yield self._merge(doc, pred)


@Language.factory(COMPONENT, default_config={"directory": None, "type_rule": "shape", "keep": "names"})
def create_kg_ner(nlp: Language, name: str, directory: str | None, type_rule: str, keep: str) -> StatisticalNer:
    return StatisticalNer(directory or str(MODEL_DIR), type_rule, keep)
