"""kg.evaluate: span matching, per-corpus class schemes, the baseline and `kg evaluate`.

Gold and predictions here are small hand-written examples with exactly known counts; the
annotated corpora under shared/eval/ are never read by the tests.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.evaluate import (MICRO, MODEL_METHOD, SCHEMES, Counts, Evaluation, GoldEntity, GoldError, Span, Unit,
                         baseline_predict, baseline_type, detect_corpus, is_baseline_token, kg_predict, match,
                         mean_values, merge, read_gold, score)

TEXT = "We fine-tune BERT on SQuAD v1.1 for question answering with a Transformer, see https://github.com/a/b."


def at(surface: str, label: str, orig_label: str = "") -> GoldEntity:
    start = TEXT.index(surface)
    return GoldEntity(start, start + len(surface), label, orig_label or label)


def pred(surface: str, type_: str) -> Span:
    start = TEXT.index(surface)
    return Span(type_, start, start + len(surface))


GOLD = Unit("u1", TEXT, (
    at("fine-tune", "METHOD", "Method"),
    at("BERT", "MODEL", "MLModel"),
    at("SQuAD v1.1", "DATASET", "Dataset"),
    at("question answering", "OTHER", "Task"),
    at("Transformer", "OTHER", "ModelArchitecture"),
    at("https://github.com/a/b", "URL", "URL"),
))


def scored(predictions: list[Span], corpus: str, unit: Unit = GOLD, lenient: bool = False):
    return score([unit], [predictions], SCHEMES[corpus], lenient=lenient)


def test_exact_and_overlap_differ_with_known_counts():
    predictions = [pred("BERT", "MODEL"), pred("SQuAD", "DATASET"), pred("fine-tune BERT", "METHOD")]
    result = scored(predictions, "gsap-ner")
    exact, overlap = result["exact"], result["overlap"]
    assert exact["MODEL"] == Counts(tp=1, fp=0, fn=0)
    assert exact["DATASET"] == Counts(tp=0, fp=1, fn=1)
    assert overlap["DATASET"] == Counts(tp=1, fp=0, fn=0)
    assert exact["METHOD"] == Counts(tp=0, fp=1, fn=1) and overlap["METHOD"] == Counts(tp=1, fp=0, fn=0)
    assert exact["URL"] == Counts(tp=0, fp=0, fn=1)
    # micro: exact 1 TP of 3 predictions and 4 gold; overlap 3 of 3 and 4
    assert exact[MICRO] == Counts(tp=1, fp=2, fn=3)
    assert (exact[MICRO].precision, exact[MICRO].recall) == pytest.approx((1 / 3, 1 / 4))
    assert exact[MICRO].f1 == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    assert (overlap[MICRO].precision, overlap[MICRO].recall, overlap[MICRO].f1) == pytest.approx((1.0, 0.75, 6 / 7))


def test_counts_without_predictions_or_gold_are_zero_not_errors():
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)
    assert Counts(tp=0, fp=3, fn=0).precision == 0.0
    assert Counts(1, 1, 0) + Counts(2, 0, 5) == Counts(3, 1, 5)


def test_benchmark_is_scored_as_dataset_in_every_corpus():
    for corpus in ("gsap-ner", "scier", "scierc", "scirex", "tdmsci"):
        result = scored([pred("SQuAD v1.1", "BENCHMARK")], corpus)
        assert result["exact"]["DATASET"] == Counts(tp=1, fp=0, fn=0), corpus


def test_model_and_method_are_one_class_except_on_gsap():
    predictions = [pred("BERT", "METHOD"), pred("fine-tune", "MODEL")]
    gsap = scored(predictions, "gsap-ner")["exact"]
    assert gsap["MODEL"] == Counts(tp=0, fp=1, fn=1) and gsap["METHOD"] == Counts(tp=0, fp=1, fn=1)
    for corpus in ("scier", "scierc", "scirex"):
        merged = scored(predictions, corpus)["exact"]
        assert merged[MODEL_METHOD] == Counts(tp=2, fp=0, fn=0), corpus
        assert "MODEL" not in merged and "METHOD" not in merged


def test_gold_other_is_ignored_but_a_prediction_on_it_is_a_false_positive():
    result = scored([pred("question answering", "DATASET")], "gsap-ner")
    assert result["exact"]["DATASET"] == Counts(tp=0, fp=1, fn=1)  # fn: SQuAD v1.1, not the OTHER span
    assert result["overlap"][MICRO].fn == 4  # OTHER spans never count as missed


def test_tdmsci_scores_dataset_only_and_ignores_model_method_and_repository():
    unit = Unit("tdmsci_test_0000", TEXT, (at("SQuAD v1.1", "DATASET"), at("question answering", "OTHER", "TASK")))
    unscorable = [pred("BERT", "MODEL"), pred("fine-tune", "METHOD"), pred("https://github.com/a/b", "REPOSITORY")]
    result = scored(unscorable, "tdmsci", unit)
    assert SCHEMES["tdmsci"].classes == ("DATASET",)
    assert result["exact"][MICRO] == Counts(tp=0, fp=0, fn=1)
    assert scored(unscorable + [pred("BERT", "DATASET")], "tdmsci", unit)["exact"][MICRO] == Counts(tp=0, fp=1, fn=1)


def test_metric_is_an_extra_class_from_orig_label_outside_the_micro_average():
    unit = Unit("x", TEXT, (at("question answering", "OTHER", "METRIC"),))
    result = scored([pred("question answering", "METRIC")], "tdmsci", unit)["exact"]
    assert result["METRIC"] == Counts(tp=1, fp=0, fn=0)
    assert result[MICRO] == Counts()


def test_repository_is_scored_against_gold_url_on_gsap():
    result = scored([pred("github.com/a/b", "REPOSITORY")], "gsap-ner")
    assert result["exact"]["URL"] == Counts(tp=0, fp=1, fn=1)
    assert result["overlap"]["URL"] == Counts(tp=1, fp=0, fn=0)


def test_lenient_makes_model_architecture_optional():
    strict = scored([pred("Transformer", "MODEL")], "gsap-ner")["exact"]["MODEL"]
    lenient = scored([pred("Transformer", "MODEL")], "gsap-ner", lenient=True)["exact"]["MODEL"]
    assert strict == Counts(tp=0, fp=1, fn=1)
    assert lenient == Counts(tp=1, fp=0, fn=1)  # matched optional span: TP; BERT still missed
    assert scored([], "gsap-ner", lenient=True)["exact"]["MODEL"] == Counts(tp=0, fp=0, fn=1)  # not required


def test_duplicate_predictions_count_once():
    result = scored([pred("BERT", "MODEL"), pred("BERT", "MODEL")], "gsap-ner")
    assert result["exact"]["MODEL"] == Counts(tp=1, fp=0, fn=0)


def test_overlap_matching_is_one_to_one_and_prefers_the_largest_overlap():
    assert match([(0, 10), (12, 20)], [(8, 15)], "overlap") == [(1, 0)]  # shares 3 with the second, 2 with the first
    assert match([(0, 10)], [(0, 4), (2, 10)], "overlap") == [(0, 1)]  # one gold, one match
    assert match([(0, 10)], [(0, 4), (2, 10)], "exact") == []
    assert match([(0, 4), (0, 20)], [(0, 4), (2, 20)], "overlap") == [(0, 0), (1, 1)]
    assert match([(0, 4)], [(4, 8)], "overlap") == []  # touching is not overlapping


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=6, unique=True)


@settings(max_examples=200, deadline=None)
@given(gold=spans, predicted=spans)
def test_overlap_finds_every_exact_pair_and_never_reuses_a_span(gold, predicted):
    exact, overlap = match(gold, predicted, "exact"), match(gold, predicted, "overlap")
    assert set(exact) <= set(overlap)
    for pairs in (exact, overlap):
        assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    assert all(min(gold[g][1], predicted[p][1]) > max(gold[g][0], predicted[p][0]) for g, p in overlap)
    assert len(exact) == len(set(gold) & set(predicted))


def test_union_sums_counts_while_mean_averages_per_file_scores():
    def evaluation(counts: Counts) -> Evaluation:
        per_class = {"DATASET": counts, MICRO: counts}
        return Evaluation("f", "tdmsci", 1, Counter(DATASET=counts.tp + counts.fn),
                          {"kg": {"exact": per_class, "overlap": per_class}})

    folds = [evaluation(Counts(tp=1, fp=0, fn=0)), evaluation(Counts(tp=1, fp=3, fn=9))]
    union = merge("union", folds)
    assert union.systems["kg"]["exact"]["DATASET"] == Counts(tp=2, fp=3, fn=9)
    assert union.gold_total(MICRO) == 11
    p, r, _ = mean_values(folds)("kg", "exact", "DATASET")
    assert (p, r) == pytest.approx(((1 + 0.25) / 2, (1 + 0.1) / 2))


def test_baseline_marks_name_shaped_tokens():
    sentence = "We fine-tune BERT, mBERT, ResNet-50 and GPT-4 on the GLUE benchmark in 2019 with word2vec."
    found = [sentence[s.start:s.end] for s in baseline_predict(sentence, "MODEL")]
    assert found == ["BERT", "mBERT", "ResNet-50", "GPT-4", "GLUE", "word2vec"]
    assert all(s.type == "MODEL" for s in baseline_predict(sentence, "MODEL"))
    assert not any(is_baseline_token(t) for t in ("We", "The", "model", "2019", "fine-tune"))
    assert baseline_type(SCHEMES["gsap-ner"]) == "MODEL" and baseline_type(SCHEMES["scier"]) == "MODEL"
    assert baseline_type(SCHEMES["tdmsci"]) == "DATASET"


def test_corpus_is_detected_from_the_file_name_or_the_unit_ids():
    assert detect_corpus(Path("eval/scierc/scierc_test.jsonl")) == "scierc"
    assert detect_corpus(Path("x/scier_test_ood.jsonl")) == "scier"
    assert detect_corpus(Path("gsap-ner_fold3_test.jsonl")) == "gsap-ner"
    assert detect_corpus(Path("mine.jsonl"), [Unit("00001_1911_02116.txt|text_unit_4", "")]) == "gsap-ner"
    assert detect_corpus(Path("mine.jsonl"), [Unit("tdmsci_test_0001", "")]) == "tdmsci"
    assert detect_corpus(Path("mine.jsonl"), [Unit("paper-1", "")]) is None


def test_read_gold_reports_the_line_of_a_bad_span(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"id": "a", "text": "BERT", "entities": [{"start": 0, "end": 4, "label": "MODEL"}]}
    bad = {"id": "b", "text": "BERT", "entities": [{"start": 2, "end": 9, "label": "MODEL"}]}
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.jsonl:3"):
        read_gold(path)
    assert read_gold(path, limit=1) == [Unit("a", "BERT", (GoldEntity(0, 4, "MODEL", "MODEL"),))]


def test_kg_predict_gives_spans_of_the_text_and_the_same_result_on_two_processes():
    texts = ["We fine-tune BERT and RoBERTa on SQuAD and GLUE.", "ImageNet top-1 accuracy of ResNet-50."] * 3
    one = kg_predict(texts)
    assert len(one) == len(texts) and any(one)
    assert all(0 <= s.start < s.end <= len(t) for t, spans in zip(texts, one) for s in spans)
    assert kg_predict(texts, workers=2, chunk_size=2) == one


def write_gold(tmp_path: Path) -> Path:
    text = "We compare BERT and RoBERTa on the GLUE benchmark using dropout; code: https://github.com/org/repo."
    entities = [(w, label, orig) for w, label, orig in [
        ("BERT", "MODEL", "MLModel"), ("RoBERTa", "MODEL", "MLModel"), ("GLUE", "DATASET", "Dataset"),
        ("dropout", "METHOD", "Method"), ("https://github.com/org/repo", "URL", "URL"),
        ("We", "OTHER", "MLModelGeneric")]]
    row = {"id": "p|text_unit_0", "text": text, "entities": [
        {"start": text.index(w), "end": text.index(w) + len(w), "label": label, "orig_label": orig}
        for w, label, orig in entities]}
    path = tmp_path / "gsap-ner_tiny.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def test_cli_prints_a_table_with_every_class(tmp_path, capsys):
    path = write_gold(tmp_path)
    assert main(["evaluate", str(path), "--baseline"]) == 0
    out = capsys.readouterr().out
    assert "gsap-ner" in out
    rows = [line.split() for line in out.splitlines()]
    for system in ("kg", "baseline"):
        assert {r[1] for r in rows if r and r[0] == system} == {"MODEL", "DATASET", "METHOD", "URL", MICRO}
    gold_all = next(r for r in rows if r[:2] == ["kg", MICRO])[2]
    assert gold_all == "5"  # MODEL x2, DATASET, METHOD, URL; OTHER is outside


def test_cli_json_counts_add_up(tmp_path, capsys):
    path = write_gold(tmp_path)
    assert main(["evaluate", str(path), "--format", "json", "--lenient"]) == 0
    report = json.loads(capsys.readouterr().out)
    (file_report,) = report["files"]
    assert file_report["corpus"] == "gsap-ner" and file_report["units"] == 1
    assert set(file_report["systems"]) == {"kg", "kg-lenient"}
    for mode in ("exact", "overlap"):
        for cls, n in file_report["gold"].items():
            counts = file_report["systems"]["kg"][mode][cls]
            assert counts["tp"] + counts["fn"] == n


def test_cli_fails_on_unreadable_gold_and_bad_usage(tmp_path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    assert main(["evaluate", str(broken)]) == 1
    assert main(["evaluate", str(tmp_path / "missing.jsonl")]) == 1
    assert main(["evaluate", str(broken), "--corpus", "nope"]) == 2
    assert "broken.jsonl:1" in capsys.readouterr().err


def discovered(text: str, surface: str, type_: str, component: str = "kg_abbreviations", known: bool = False):
    from kg.records import Mention

    start = text.index(surface)
    return Mention(type=type_, text=surface, name=surface, field="abstract", start=start, end=start + len(surface),
                   sentence=text, component=component, confidence=0.85, known=known)


def test_units_of_one_document_share_the_names_discovered_in_any_of_them():
    from kg.extract.document_context import document_of, share_document_names

    texts = ["We propose Zorbic Flux Nets (ZFN) and use BERT and an LM.",
             "ZFN beats BERT; a ZFN-based variant and an LM do not.",
             "ZFN is also a word in another paper."]
    first = [discovered(texts[0], "ZFN", "MODEL"), discovered(texts[0], "BERT", "MODEL", "kg_gazetteer", True),
             discovered(texts[0], "LM", "MODEL", "kg_shapes")]
    shared = share_document_names(texts, [first, [], []], [document_of("p1|u0"), document_of("p1|u1"), document_of("p2|u0")])
    assert shared[0] == first
    assert [(m.text, m.type, m.component, m.start) for m in shared[1]] == [("ZFN", "MODEL", "kg_document", 0)]
    assert shared[2] == []  # another document; the gazetteer's BERT and a two-letter "LM" never travel


def test_a_document_votes_one_type_for_a_name_it_discovered():
    from kg.extract.document_context import share_document_names

    texts = ["ZorbSet is a dataset.", "We train on ZorbSet.", "ZorbSet, the dataset, is big."]
    found = [[discovered(texts[0], "ZorbSet", "DATASET", "kg_shapes")], [discovered(texts[1], "ZorbSet", "MODEL", "kg_shapes")],
             [discovered(texts[2], "ZorbSet", "DATASET", "kg_shapes")]]
    shared = share_document_names(texts, found, ["d", "d", "d"])
    assert [m.type for unit in shared for m in unit] == ["DATASET", "DATASET", "DATASET"]


def test_evaluation_uses_document_context_unless_units_are_scored_alone():
    from kg.evaluate import evaluate_units

    texts = ["We propose Zorbic Flux Networks (ZFN), a new model for parsing.", "On these tasks, ZFN beats strong models."]
    gold = [(), (GoldEntity(texts[1].index("ZFN"), texts[1].index("ZFN") + 3, "MODEL", "MLModel"),)]
    units = [Unit(f"paper|text_unit_{i}", t, g) for i, (t, g) in enumerate(zip(texts, gold))]
    together = evaluate_units("t", units, "gsap-ner").systems["kg"]["exact"]["MODEL"]
    alone = evaluate_units("t", units, "gsap-ner", document_context=False).systems["kg"]["exact"]["MODEL"]
    assert (together.tp, alone.tp) == (1, 0)


def test_cli_scores_units_alone_on_request(tmp_path, capsys):
    text0, text1 = "We propose Zorbic Flux Networks (ZFN), a new model for parsing.", "On these tasks, ZFN beats strong models."
    rows = [{"id": "paper|text_unit_0", "text": text0, "entities": []},
            {"id": "paper|text_unit_1", "text": text1, "entities": [
                {"start": text1.index("ZFN"), "end": text1.index("ZFN") + 3, "label": "MODEL", "orig_label": "MLModel"}]}]
    path = tmp_path / "gsap-ner_two.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = {}
    for flag in ([], ["--units-alone"]):
        assert main(["evaluate", str(path), "--format", "json", *flag]) == 0
        found[bool(flag)] = json.loads(capsys.readouterr().out)["files"][0]["systems"]["kg"]["exact"]["MODEL"]["tp"]
    assert found == {False: 1, True: 0}
