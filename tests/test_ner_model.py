"""kg_ner: the shipped model loads, its spans never overlap the rule components' spans, and the type rule."""
from __future__ import annotations

import pytest

from kg.extract.ner_model import MODEL_DIR, entity_type, keep_prediction, name_shaped
from kg.extract.pipeline import build_pipeline

TEXT = ("PixelLM: Pixel Reasoning with Large Multimodal Models\n\nWe propose FooNet-7, trained with a token fusion "
        "module. We evaluate on the QuuxBench-2 corpus and RefCOCO using a ResNet-50 backbone with beam search.")


@pytest.mark.parametrize(("text", "shaped"), [("ResNet-101", True), ("BERT", True), ("word2vec", True),
                                              ("beam search", False), ("Large Language Models", False)])
def test_name_shape(text: str, shaped: bool) -> None:
    assert name_shaped(text) is shaped


def test_type_rule_and_filter() -> None:
    assert entity_type("METHOD", "ResNet-101", "shape") == "MODEL"
    assert entity_type("METHOD", "ResNet-101", "method") == "METHOD"
    assert entity_type("METHOD", "beam search", "shape") == "METHOD"
    assert entity_type("DATASET", "SQuAD2", "shape") == "DATASET"
    assert not keep_prediction("METHOD", "LLMs", "names")
    assert not keep_prediction("METHOD", "language models", "names")
    assert keep_prediction("METHOD", "language models", "all")
    assert not keep_prediction("METHOD", "FooNet", "datasets")


def test_component_adds_only_non_overlapping_spans() -> None:
    assert (MODEL_DIR / "meta.json").is_file()
    plain = build_pipeline()
    nlp = build_pipeline()
    nlp.add_pipe("kg_ner", before="kg_roles", config={"keep": "all"})
    plain_doc = plain(TEXT)
    rules = {(s.start, s.end, s.label_) for s in plain_doc.spans["kg"]}
    doc = nlp(TEXT)
    spans = list(doc.spans["kg"])
    assert {(s.start, s.end, s.label_) for s in spans if s.id_ != "kg_ner"} == rules
    added = [s for s in spans if s.id_ == "kg_ner"]
    taken = {i for s in spans if s.id_ != "kg_ner" for i in range(s.start, s.end)}
    assert all(taken.isdisjoint(range(s.start, s.end)) for s in added)
    assert all(s.label_ in {"MODEL", "METHOD", "DATASET"} and s.kb_id_ == s.text for s in added)
    docs = list(nlp.pipe([TEXT, TEXT]))
    batched = [[(s.start, s.end, s.label_) for s in d.spans["kg"]] for d in docs]
    assert batched == [[(s.start, s.end, s.label_) for s in spans]] * 2
