"""kg.doc_scoring on tiny hand-made gold and predictions with exactly known numbers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.doc_scoring import (
    LENIENT,
    STRICT,
    DocEntity,
    DocFileError,
    DocPaper,
    entity_keys,
    error_patterns,
    evaluate_documents,
    main,
    match_entities,
    parse_paper,
    read_doc_file,
    render_errors,
    render_table,
)
from kg.evaluate import MICRO
from kg.export.entities_jsonl import paper_lines
from kg.graph import build_graph
from kg.records import Entity, Link, Mention, Paper


def E(kind: str, name: str, *aliases: str, role: str = "used") -> DocEntity:
    return DocEntity(kind, name, aliases, role)


def paper(pid: str, *entities: DocEntity) -> DocPaper:
    return DocPaper(pid, pid.title(), entities)


GOLD = {
    "p1": paper("p1",
                E("MODEL", "GPT-4"),
                E("METHOD", "LoRA", "Low-Rank Adaptation"),
                E("METHOD", "Solution Guidance", "SG", role="proposed"),
                E("BENCHMARK", "GSM8K"),
                E("REPOSITORY", "https://github.com/org/repo", role="proposed")),
    "p2": paper("p2", E("DATASET", "TinyStories", role="proposed"), E("METRIC", "accuracy")),
    "p3": paper("p3", E("MODEL", "LLaMA")),  # no prediction at all
}
PRED = {
    "p1": paper("p1",
                E("MODEL", "gpt 4"),                                  # TP by name_key
                E("METHOD", "low-rank adaptation", "LoRA adapters"),  # TP: its name is a gold alias
                E("METHOD", "SG", role="used"),                       # TP by alias, wrong role
                E("DATASET", "GSM8K"),                                # strict: type confusion; lenient: TP
                E("REPOSITORY", "http://www.github.com/org/repo", role="proposed"),  # TP: URL key
                E("METHOD", "fine-tuning")),                          # FP
    "p2": paper("p2", E("DATASET", "TinyStories", role="proposed"), E("METHOD", "accuracy")),  # TP; type confusion
    "p9": paper("p9", E("MODEL", "BERT")),  # not a gold paper: ignored
}


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_documents(GOLD, PRED)


def test_strict_micro_counts(evaluation):
    # gold 8 entities; strict TP: GPT-4, LoRA, SG, repo, TinyStories = 5;
    # FN: GSM8K (BENCHMARK), accuracy (METRIC), LLaMA (missing paper) = 3;
    # FP: GSM8K (DATASET), fine-tuning, accuracy (METHOD) = 3
    micro = evaluation.scores[STRICT].counts[MICRO]
    assert (micro.tp, micro.fn, micro.fp) == (5, 3, 3)
    assert micro.precision == pytest.approx(5 / 8)
    assert micro.recall == pytest.approx(5 / 8)
    assert micro.f1 == pytest.approx(5 / 8)


def test_lenient_merges_dataset_and_benchmark(evaluation):
    scores = evaluation.scores[LENIENT]
    micro = scores.counts[MICRO]
    assert (micro.tp, micro.fn, micro.fp) == (6, 2, 2)
    merged = scores.counts["BENCHMARK|DATASET"]
    assert (merged.tp, merged.fn, merged.fp) == (2, 0, 0)
    assert "BENCHMARK" not in scores.counts and "DATASET" not in scores.counts


def test_per_type_counts(evaluation):
    counts = evaluation.scores[STRICT].counts
    assert (counts["METHOD"].tp, counts["METHOD"].fn, counts["METHOD"].fp) == (2, 0, 2)
    assert (counts["BENCHMARK"].tp, counts["BENCHMARK"].fn, counts["BENCHMARK"].fp) == (0, 1, 0)
    assert (counts["DATASET"].tp, counts["DATASET"].fn, counts["DATASET"].fp) == (1, 0, 1)
    assert (counts["MODEL"].tp, counts["MODEL"].fn) == (1, 1)
    assert counts["METRIC"].fn == 1 and counts["METRIC"].tp == 0
    assert counts["REPOSITORY"].f1 == 1.0


def test_role_accuracy_over_matched_pairs(evaluation):
    strict, lenient = evaluation.scores[STRICT], evaluation.scores[LENIENT]
    assert (strict.role_matched, strict.role_correct) == (5, 4)
    assert strict.role_accuracy == pytest.approx(0.8)
    assert (lenient.role_matched, lenient.role_correct) == (6, 5)
    roles = [e for e in strict.errors if e.kind == "ROLE"]
    assert [(e.gold.name, e.gold.role, e.predicted.role) for e in roles] == [("Solution Guidance", "proposed", "used")]


def test_missing_and_ignored_papers(evaluation):
    assert evaluation.missing == ["p3"]
    assert evaluation.ignored == 1
    assert evaluation.papers == 3 and evaluation.gold_entities == 8


def test_error_lists(evaluation):
    errors = evaluation.scores[STRICT].errors
    kinds = sorted((e.kind, (e.gold or e.predicted).name) for e in errors)
    assert kinds == [("FN", "LLaMA"), ("FP", "fine-tuning"), ("ROLE", "Solution Guidance"),
                     ("TYPE", "GSM8K"), ("TYPE", "accuracy")]
    patterns = dict(error_patterns(errors))
    assert patterns["TYPE gold BENCHMARK -> predicted DATASET"] == 1
    assert patterns["TYPE gold METRIC -> predicted METHOD"] == 1
    assert patterns["ROLE METHOD gold proposed -> predicted used"] == 1
    listing = render_errors(evaluation.scores[STRICT].errors)
    assert listing.splitlines()[0].startswith("FN    p3: MODEL 'LLaMA'")
    assert "FP    p1: METHOD 'fine-tuning'" in listing


def test_matching_is_one_to_one():
    gold = [E("METHOD", "instruction tuning", "instruction-tuning")]
    pred = [E("METHOD", "instruction tuning"), E("METHOD", "Instruction-Tuning")]
    result = evaluate_documents({"p": paper("p", *gold)}, {"p": paper("p", *pred)})
    micro = result.scores[STRICT].counts[MICRO]
    assert (micro.tp, micro.fp, micro.fn) == (1, 1, 0)


def test_matching_is_maximum_and_prefers_names():
    # the first gold entity could take either prediction; a greedy first choice (P) would leave
    # the second unmatched, the maximum matching pairs both
    gold = [E("MODEL", "X", "K1", "K2"), E("MODEL", "Y", "K1")]
    pred = [E("MODEL", "P", "K1"), E("MODEL", "Q", "K2")]
    assert match_entities(gold, pred, lambda g, p: True) == [(0, 1), (1, 0)]
    gold = [E("MODEL", "X", "Y")]
    pred = [E("MODEL", "Z", "Y"), E("MODEL", "X")]
    assert match_entities(gold, pred, lambda g, p: True) == [(0, 1)]


def test_keys():
    assert entity_keys(E("REPOSITORY", "https://www.GitHub.com/A/b/")) == entity_keys(E("REPOSITORY", "github.com/a/b"))
    assert entity_keys(E("REPOSITORY", "hf.co/Org/Model")) == entity_keys(E("REPOSITORY", "https://huggingface.co/Org/Model"))
    assert entity_keys(E("METHOD", "LoRA+")) != entity_keys(E("METHOD", "LoRA"))
    assert entity_keys(E("MODEL", "()")) == frozenset()


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_read_and_main(tmp_path, capsys):
    gold = _write(tmp_path / "gold.jsonl", [
        {"id": "a", "title": "A", "entities": [{"type": "MODEL", "name": "GPT-4", "aliases": [], "role": "used"}]}])
    pred = _write(tmp_path / "pred.jsonl", [
        {"id": "a", "title": "A", "entities": [{"type": "MODEL", "name": "gpt-4", "aliases": [], "role": "proposed"}],
         "paper": {}, "mentions": []}])
    assert read_doc_file(pred)["a"].entities == (E("MODEL", "gpt-4", role="proposed"),)
    assert main([str(gold)], str(pred), errors=True) == 0
    out = capsys.readouterr().out
    assert "role accuracy (strict): 0.0% of 1 matched" in out and "ROLE  a:" in out
    assert main([str(gold)], str(pred), fmt="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scores"]["strict"]["classes"][MICRO]["f1"] == 1.0
    assert main([str(gold)], None) == 2
    assert "1 gold papers" in render_table(evaluate_documents(read_doc_file(gold), {}))


@pytest.mark.parametrize("line, message", [
    ("{not json", "line 1"),
    ('{"id": "a", "entities": [{"type": "THING", "name": "x"}]}', "entity type 'THING'"),
    ('{"id": "a", "entities": [{"type": "MODEL", "name": "x", "role": "maybe"}]}', "role 'maybe'"),
    ('{"id": "a", "entities": [{"type": "MODEL", "name": ""}]}', "without a name"),
    ('{"id": "a"}\n{"id": "a"}', "appears twice"),
])
def test_bad_files(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DocFileError, match=message):
        read_doc_file(path)
    assert main([str(path)], str(path)) == 1


def test_reads_kg_extract_lines():
    """The scorer reads what `kg extract` writes: aliases are the surfaces other than the name."""
    mention = Mention("METHOD", "low-rank adaptation", "LoRA", "abstract", 0, 19, "s", "kg_gazetteer", 0.9, "proposed")
    graph = build_graph(
        [Paper("p1", "T <script>", "low-rank adaptation")],
        [Entity("lora", "method/lora", "METHOD", "LoRA")],
        [Link("p1", "method/lora", "proposes", "proposed", 0.9, (mention,))],
    )
    parsed = [parse_paper(json.loads(json.dumps(line))) for line in paper_lines(graph)]
    assert parsed == [DocPaper("p1", "T <script>", (E("METHOD", "LoRA", "low-rank adaptation", role="proposed"),))]
    result = evaluate_documents({"p1": paper("p1", E("METHOD", "Low-Rank Adaptation", role="proposed"))},
                                {p.id: p for p in parsed})
    assert result.scores[STRICT].counts[MICRO].f1 == 1.0 and result.scores[STRICT].role_accuracy == 1.0


def test_a_dataset_the_paper_evaluates_on_is_its_benchmark():
    """docs/daily_eval.md: a collection is typed by its use in the paper."""
    used = Mention("DATASET", "SST-2", "SST-2", "abstract", 0, 5, "s", "kg_gazetteer", 0.9, "used")
    graph = build_graph(
        [Paper("p1", "T", "SST-2"), Paper("p2", "U", "SST-2")],
        [Entity("sst2", "dataset/sst-2", "DATASET", "SST-2")],
        [Link("p1", "dataset/sst-2", "evaluatedOn", "used", 0.9, (used,)),
         Link("p2", "dataset/sst-2", "uses", "used", 0.9, (used,))],
    )
    types = {line["id"]: [item["type"] for item in line["entities"]] for line in paper_lines(graph)}
    assert types == {"p1": ["BENCHMARK"], "p2": ["DATASET"]}


def test_what_a_paper_proposes_is_typed_as_the_paper_types_it():
    """docs/daily_eval.md: a paper's own entity that all its mentions type otherwise than the
    catalogue (its own "Babel" model, not the BABEL dataset) is listed with the paper's type;
    a mere use keeps the catalogue type, and so do mentions that disagree."""
    def mention(entity_type, role):
        return Mention(entity_type, "Babel", "BABEL", "abstract", 0, 5, "s", "kg_gazetteer", 0.9, role)
    graph = build_graph(
        [Paper("p1", "T", "Babel"), Paper("p2", "U", "Babel"), Paper("p3", "V", "Babel")],
        [Entity("babel", "dataset/babel", "DATASET", "BABEL")],
        [Link("p1", "dataset/babel", "proposes", "proposed", 0.9, (mention("MODEL", "proposed"),) * 2),
         Link("p2", "dataset/babel", "uses", "used", 0.9, (mention("MODEL", "used"),)),
         Link("p3", "dataset/babel", "proposes", "proposed", 0.9, (mention("MODEL", "proposed"), mention("DATASET", "proposed")))],
    )
    types = {line["id"]: [item["type"] for item in line["entities"]] for line in paper_lines(graph)}
    assert types == {"p1": ["MODEL"], "p2": ["DATASET"], "p3": ["DATASET"]}
