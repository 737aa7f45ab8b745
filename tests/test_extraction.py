"""Extraction components on hand-written sentences: gazetteer, URLs, abbreviations, discovery, roles."""
from __future__ import annotations

import pytest

from kg.export.entities_jsonl import paper_lines
from kg.extract.acronyms import abbreviation_spans, best_long_form
from kg.extract.pipeline import build_pipeline, doc_mentions, extract_texts, named_by_paper
from kg.extract.tokenizer import MLTokenizer
from kg.extract.urls import clean_url, url_kind
from kg.graph import build_graph
from kg.records import Paper, PaperExtraction
from kg.resolve import resolve


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def mentions(nlp, title, abstract):
    return doc_mentions(nlp(title + "\n\n" + abstract), len(title))


def found(ms):
    return {(m.type, m.name) for m in ms}


def named_roles(ms):
    return {(m.name, m.role) for m in ms}


def test_tokenizer_keeps_text_and_splits_names_predictably(nlp):
    text = "Qwen2.5-7B-Instruct beats GSM8K  at https://github.com/a/b{x}.\n\nNext"
    doc = nlp.make_doc(text)
    assert doc.text == text
    words = [t.text for t in doc if not t.is_space]
    assert words[:5] == ["Qwen2.5", "-", "7B", "-", "Instruct"]
    assert "GSM8K" in words and "https://github.com/a/b" in words


def test_a_quoted_stop_ends_no_sentence_when_the_text_goes_on_in_lower_case(nlp):
    text = "We add hints (e.g., ``Wait, a good idea.'') during inference. \"It works.\" Then we stop.\n\nend"
    sentences = [s.text.strip() for s in nlp.make_doc(text).sents]
    assert sentences == ["We add hints (e.g., ``Wait, a good idea.'') during inference.", '"It works."', "Then we stop.", "end"]


def test_gazetteer_is_case_sensitive_where_case_matters(nlp):
    ms = mentions(nlp, "A Title", "We study math word problems and report results on the MATH benchmark with LLaMa.")
    assert ("MODEL", "LLaMA") in found(ms)
    maths = [m for m in ms if m.text.lower().startswith("math")]
    assert len(maths) == 1 and maths[0].text.startswith("MATH") and maths[0].name == "MATH"


def test_sizes_and_variants_keep_their_family(nlp):
    ms = mentions(nlp, "A Title", "We fine-tune Llama-2-7b-chat and Llama 2 13B, and compare with LLaMA.")
    variants = {m.name: m.family for m in ms if m.family}
    assert variants.get("Llama 2 7B-Chat") == "Llama 2"
    assert variants.get("Llama 2 13B") == "Llama 2"
    assert ("MODEL", "LLaMA") in found(ms)


@pytest.mark.parametrize("text, expected, releases", [
    ("VALL-E 2 and CosyVoice2 beat VALL-E; EAGLE-3 is faster than EAGLE.",
     {("MODEL", "VALL-E 2"), ("MODEL", "CosyVoice 2"), ("MODEL", "VALL-E"), ("METHOD", "EAGLE-3"), ("METHOD", "EAGLE")},
     {"VALL-E 2": "VALL-E", "EAGLE-3": "EAGLE"}),
    ("Granite-3.3 and RWKV-7 are compared with RWKV, o1-preview and o1.",
     {("MODEL", "Granite 3.3"), ("MODEL", "RWKV-7"), ("METHOD", "RWKV"), ("MODEL", "o1-preview"), ("MODEL", "o1")},
     {"RWKV-7": "RWKV", "o1-preview": "o1"}),
])
def test_a_later_release_is_its_own_entity_in_its_family(nlp, text, expected, releases):
    ms = mentions(nlp, "A Title", text)
    assert expected <= found(ms)
    entities, _ = resolve([PaperExtraction(Paper(id="p", title="A Title", abstract=""), ms)])
    by_name = {e.name: e for e in entities}
    assert all(by_name[release].family == by_name[family].id for release, family in releases.items())


def test_vision_transformer_sizes_and_patch_sizes_are_variants_of_their_family(nlp):
    ms = mentions(nlp, "A Title", "Features come from ViT-B/16, a ViT-H/14 encoder and DeiT-Ti.")
    variants = {m.name: m.family for m in ms}
    assert variants.get("ViT-B/16") == "ViT" and variants.get("ViT-H/14") == "ViT" and variants.get("DeiT-Ti") == "DeiT"


def test_an_architecture_is_a_method_and_its_sized_checkpoint_a_model_in_its_family(nlp):
    ms = mentions(nlp, "A Title", "We compare Mamba-2 and Mamba layers with a ViT, then train Mamba-2.8B, ViT-L/14 and DiT-XL/2.")
    assert {(m.type, m.name, m.family) for m in ms} == {
        ("METHOD", "Mamba-2", None), ("METHOD", "Mamba", None), ("METHOD", "ViT", None),
        ("MODEL", "Mamba-2.8B", "Mamba"), ("MODEL", "ViT-L/14", "ViT"), ("MODEL", "DiT-XL/2", "DiT")}


@pytest.mark.parametrize("title", ["Every FLOP Counts: Scaling a Zorb LLM", "Every Attention Matters: A Hybrid Architecture"])
def test_a_title_opening_with_a_quantifier_is_a_sentence_not_a_name(nlp, title):
    assert mentions(nlp, title, "We study it.") == []


def test_a_short_form_after_comma_or_defines_the_long_form_before_it(nlp):
    ms = mentions(nlp, "A Study", "We develop Zorb Policy Fine-Tuning, or ZPFT, a new method. ZPFT is fast. "
                                  "Models, or LLMs, learn.")
    assert {(m.type, m.text, m.name, m.role) for m in ms} == {
        ("METHOD", "Zorb Policy Fine-Tuning", "ZPFT", "proposed"), ("METHOD", "ZPFT", "ZPFT", "proposed")}


def test_names_listed_after_new_things_of_their_kind_are_proposed_and_typed_by_the_list(nlp):
    ms = mentions(nlp, "A Study", "TxZorb beats LLMs across three new benchmarks: ZorbPC, QuuxQA, and BlorpPC. "
                                  "It wins on 27 benchmarks, and Quux-4B wins too.")
    assert {(m.type, m.name, m.role) for m in ms if m.name != "TxZorb"} == {
        ("BENCHMARK", "ZorbPC", "proposed"), ("BENCHMARK", "QuuxQA", "proposed"), ("BENCHMARK", "BlorpPC", "proposed"),
        ("MODEL", "Quux-4B", "used")}


def test_namely_after_a_proposal_verb_proposes_even_a_known_name(nlp):
    ms = mentions(nlp, "A Study", "We propose a simple technique, namely SimPO, which aligns. "
                                  "We evaluate four LLMs, namely GPT-4o, and more.")
    assert named_roles(ms) == {("SimPO", "proposed"), ("GPT-4o", "used")}


def test_a_plain_word_metric_counts_only_where_a_result_is_reported(nlp):
    ms = mentions(nlp, "A Title", "Experts review the data to ensure accuracy and reliability. "
                  "Zorb reaches 71.5% accuracy and a 3x higher throughput. It beats Quux in accuracy.")
    assert [(m.name, m.sentence[:4]) for m in ms if m.type == "METRIC"] == [
        ("accuracy", "Zorb"), ("throughput", "Zorb"), ("accuracy", "It b")]


def test_lower_case_checkpoint_ids_are_their_model(nlp):
    ms = mentions(nlp, "A Title", "We compare gemma-3-27b-it, mixtral-8x7b and llama-3-8b-Instruct-4bit; we opt for a phi.")
    variants = {m.name: m.family for m in ms}
    assert variants.get("Gemma 3 27B-it") == "Gemma 3" and variants.get("Llama 3 8B-Instruct-4bit") == "Llama 3"
    assert "Mixtral 8x7B" in variants and len(ms) == 3


def test_a_spaced_tier_or_point_version_after_a_model_is_its_variant(nlp):
    ms = mentions(nlp, "A Title", "We compare GPT-4.5 mini, Grok 2 mini and Mistral Small 3.7; GPT-4 mini-batches are "
                                  "small, and ours beats BERT 1.5 points.")
    variants = {m.name: m.family for m in ms}
    assert variants.get("GPT-4.5 mini") == "GPT-4.5" and variants.get("Mistral Small 3.7") == "Mistral Small"
    assert "Grok-2 mini" in variants and "BERT" in variants and not any(n.startswith("BERT-") for n in variants)
    assert "GPT-4" in variants and "GPT-4 mini" not in variants


def test_schwartz_hearst_finds_the_shortest_defining_long_form():
    long = "we present Self-Supervised Alignment with Mutual Information"
    start = best_long_form("SAMI", long)
    assert long[start:] == "Self-Supervised Alignment with Mutual Information"
    assert best_long_form("XYZ", "nothing matches here") is None


def test_new_abbreviation_becomes_an_entity_with_its_long_form(nlp):
    ms = mentions(nlp, "Aligning Models", "We propose Self-Supervised Alignment with Mutual Information (SAMI), an iterative algorithm.")
    sami = [m for m in ms if m.name == "SAMI"]
    assert {m.text for m in sami} == {"SAMI", "Self-Supervised Alignment with Mutual Information"}
    assert all(m.role == "proposed" and m.component == "kg_abbreviations" for m in sami)


def test_a_coined_short_form_names_its_long_form_outside_a_proposal_sentence(nlp):
    # "GenSelect"-shaped: capitals inside lower case coin a name; all-caps initials ("VLM") and SoTA do not
    ms = mentions(nlp, "A Study", "We show that such generative blorp selection (GenBlorp) beats majority voting. "
                  "Plain vision-language zorbs (VLZ) and state of the art (SoTA) systems lag; theory of mind (ToM) helps.")
    assert {m.text for m in ms if m.name == "GenBlorp"} == {"GenBlorp", "generative blorp selection"}
    assert not {m.name for m in ms} & {"VLZ", "SoTA", "ToM"}


def test_title_prefix_is_proposed_and_typed_by_context(nlp):
    ms = mentions(nlp, "HoneyBee: A Language Model for Materials Science", "We train HoneyBee, a model for science, on data.")
    honeybee = [m for m in ms if m.name == "HoneyBee"]
    assert honeybee and all(m.type == "MODEL" and m.role == "proposed" for m in honeybee)
    assert {m.field for m in honeybee} == {"title", "abstract"}


def test_name_shapes_typed_by_their_context_word(nlp):
    ms = mentions(nlp, "A Title", "Results on the ZorbQA benchmark and the FlimFlam-9 dataset are reported.")
    assert ("BENCHMARK", "ZorbQA") in found(ms)
    assert ("DATASET", "FlimFlam-9") in found(ms)


def test_a_name_fine_tuned_or_trained_on_data_is_a_model(nlp):
    ms = mentions(nlp, "A Title", "We fine-tune ZorbNet-50 on ImageNet. Then FlimFlam-9 fine-tuned on ImageNet is tested.")
    assert {("MODEL", "ZorbNet-50"), ("MODEL", "FlimFlam-9")} <= found(ms)
    ms = mentions(nlp, "A Title", "Models fine-tuned on ZorbData-1M are good.")
    assert ("DATASET", "ZorbData-1M") in found(ms)  # its "-1M" alone would say model


def test_one_capitalised_word_apposed_to_a_proposal_verb_is_a_name(nlp):
    ms = mentions(nlp, "A Study", "To this end, we propose Quillet, a large-scale synthetic instruction corpus. "
                                  "We present Marrow, a general framework. Our method uses Transformers, a classic.")
    assert {("DATASET", "Quillet", "proposed"), ("METHOD", "Marrow", "proposed")} <= {(m.type, m.name, m.role) for m in ms}
    assert "Transformers" not in {m.text for m in ms if m.component == "kg_proposals"}


def test_a_capitalised_phrase_after_a_naming_word_is_a_name_when_punctuation_ends_it(nlp):
    ms = mentions(nlp, "A Study", "We build a sparsity mechanism, termed Gated Token Folding. "
                                  "We add a step, dubbed Sorting Tokens by length, to it.")
    assert ("METHOD", "Gated Token Folding", "proposed") in {(m.type, m.name, m.role) for m in ms}
    assert not [m for m in ms if m.name.startswith("Sorting")]  # a lower-case word: the name may go on


def test_a_capitalised_phrase_right_after_a_proposal_verb_is_a_name_when_punctuation_ends_it(nlp):
    ms = mentions(nlp, "A Study", "We propose Zorbic Mask Folding, a way to train on less memory. "
                                  "To test it, we introduce Conjugate Zorbing to see if skills return.")
    found = {(m.type, m.name, m.role) for m in ms}
    assert {("METHOD", "Zorbic Mask Folding", "proposed"), ("METHOD", "Conjugate Zorbing", "proposed")} <= found
    # a capitalised descriptive tail ("-Aware", "-Guided") glued to the first word belongs to the phrase
    ms = mentions(nlp, "A Study", "We introduce Zorb-Aware Multi-Stage Quux Folding, an algorithm that folds.")
    assert ("METHOD", "Zorb-Aware Multi-Stage Quux Folding", "proposed") in {(m.type, m.name, m.role) for m in ms}
    # a bracket after the phrase holds the name, and a word after it may carry the phrase on
    ms = mentions(nlp, "A Study", "We introduce Generalized Zorb Tuning (called GZT), a method. "
                                  "We present Zorbic Mask Folding for long inputs.")
    assert not [m for m in ms if m.name.startswith(("Generalized", "Zorbic"))]


def test_named_parts_of_a_counted_enumeration_are_methods(nlp):
    ms = mentions(nlp, "A Study", "In this paper, we propose ZorbLM. ZorbLM introduces three key techniques: "
                  "(1) Token Folding, dropping tokens. (2) Pattern Guessing, using predictors. (3) Kernel Fusing, "
                  "employing fused kernels. Our framework comprises two components: the Zorb Retriever selects APIs; "
                  "and Self-Picking reorders them.")
    parts = {(m.type, m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("METHOD", name, "proposed") for name in
                     ("Token Folding", "Pattern Guessing", "Kernel Fusing", "Zorb Retriever", "Self-Picking")}
    # parts the authors only group are used, and uncounted or described items are no names
    ms = mentions(nlp, "A Study", "We group generation strategies into three categories -- Answer Zorbing, "
                  "Question Folding and New Zorbs -- and study them. Our method has parts: Token Folding, Zorb Ranking. "
                  "It runs in two components: Secondary Pre-training using Extensive Data, and Zorb Tuning for chat.")
    parts = {(m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("Answer Zorbing", "used"), ("Question Folding", "used"), ("New Zorbs", "used")}


def test_open_source_proposes_only_as_a_verb(nlp):
    title = "Zorb: A Framework"
    ms = mentions(nlp, title, "We validate Zorb by training FlimNet-7B on four open-source test sets.")
    assert ("FlimNet-7B", "used") in named_roles(ms)
    ms = mentions(nlp, title, "We open-source FlimNet-7B.")
    assert ("FlimNet-7B", "proposed") in named_roles(ms)


def test_an_acronym_for_a_task_or_ability_is_no_entity(nlp):
    ms = mentions(nlp, "A Study", "We improve the Query Routing and Plan Repair (QRPR) abilities of agents. "
                                  "We propose Gated Token Folding (GTF), and GTF helps on long tasks.")
    names = {m.name for m in ms}
    assert "GTF" in names and "QRPR" not in names


def test_tier_words_after_a_new_model_name_are_its_variants(nlp):
    ms = mentions(nlp, "Zorblax: Foundation Models for Writing",
                  "The Zorblax family has Zorblax Mini (1.8B) and Zorblax Ultra (34B) sizes. "
                  "A Zorblax Large Language Model is not a tier.")
    variants = {(m.name, m.family, m.role) for m in ms if m.family}
    assert variants == {("Zorblax Mini", "Zorblax", "proposed"), ("Zorblax Ultra", "Zorblax", "proposed")}


def test_the_head_noun_before_a_naming_word_types_the_name(nlp):
    # the long forms end in words that would type them otherwise ("LLM", "Test"), and what the
    # acronym is used for ("to teach LLMs") names a model
    ms = mentions(nlp, "A Study", "We introduce a framework called Sparse Steering on LLM Heads (SSLH), which edits heads. "
                                  "We propose a paradigm, termed Quorum Probe (QPB), to teach LLMs to vote. "
                                  "We build a method called Router Selection with Aptitude Test (RSAT). "
                                  "Our tuned LLMs, named Vortalis, beat baselines.")
    types = {m.name: m.type for m in ms}
    assert types["SSLH"] == types["QPB"] == types["RSAT"] == "METHOD"
    assert types["Vortalis"] == "MODEL"


def test_lower_case_words_a_head_noun_and_a_naming_word_introduce_are_a_name(nlp):
    ms = mentions(nlp, "A Study", "We propose a protocol called lattice shuffling. We add a module dubbed gap-filler, which helps. "
                                  "We study a concern termed overthinking. We propose an approach called sorting tokens by length for speed.")
    found_ = {(m.type, m.name, m.role) for m in ms}
    assert {("METHOD", "lattice shuffling", "proposed"), ("METHOD", "gap-filler", "proposed")} <= found_
    assert not {m.name for m in ms} & {"overthinking", "sorting tokens by length", "sorting tokens"}


def test_a_known_technique_a_task_word_follows_is_a_task(nlp):
    ms = mentions(nlp, "A Study", "We train transformers on linear regression tasks. We propose a RAG task taxonomy.")
    assert "linear regression" not in {m.name for m in ms}
    assert not [m for m in ms if m.name == "RAG" and m.role == "proposed"]  # the task word still blocks discovery
    ms = mentions(nlp, "A Study", "We fit linear regression to the scores of linear regression tasks.")
    assert "linear regression" in {m.name for m in ms}


def test_a_known_acronym_spelled_out_around_shorter_known_names_takes_its_long_form(nlp):
    ms = mentions(nlp, "A Study", "We avoid reinforcement learning through human feedback (RLHF) entirely.")
    assert {m.name for m in ms if m.type == "METHOD"} == {"RLHF"}
    assert ("reinforcement learning through human feedback", "RLHF") in {(m.text, m.name) for m in ms}


def test_a_long_form_is_typed_by_its_last_word_only(nlp):
    ms = mentions(nlp, "A Study", "We introduce Language Model Grounding (LMG) to probe facts. "
                                  "We introduce the Warmup Rate Schedule (WRS) for training.")
    types = {m.name: m.type for m in ms}
    assert types["LMG"] != "MODEL" and types["WRS"] != "METRIC"  # "Model" and "Rate" are not their heads


def test_a_title_name_whose_subtitle_opens_with_a_gerund_is_a_method(nlp):
    ms = mentions(nlp, "Blend-Instruct: Generating Instruction Data with Mixed Models", "We study data.")
    assert {m.type for m in ms if m.name == "Blend-Instruct"} == {"METHOD"}


def test_what_a_relative_clause_says_the_name_uses_does_not_type_it(nlp):
    ms = mentions(nlp, "A Study", "We propose PlotAdapter, which uses a graph neural network as an adapter. "
                                  "We propose MineRule, a linear rule for scoring data.")
    types = {m.name: m.type for m in ms}
    assert types["PlotAdapter"] == types["MineRule"] == "METHOD"


def test_a_long_form_holding_a_known_name_is_the_longer_known_name(nlp):
    ms = mentions(nlp, "A Study", "We tune with quantized low-rank adaptation (QLoRA) compression.")
    assert {m.name for m in ms} == {"QLoRA"}


def test_distilling_knowledge_names_knowledge_distillation(nlp):
    ms = mentions(nlp, "A Study", "Smaller models improve by distilling knowledge from larger ones.")
    assert "knowledge distillation" in {m.name for m in ms}


def test_when_the_contexts_of_a_new_name_disagree_evenly_the_title_decides(nlp):
    ms = mentions(nlp, "Quill-Tool: A Multimodal Large Language Model for Tool Use",
                  "We propose Quill-Tool, a system that picks tools.")
    assert {m.type for m in ms if m.name == "Quill-Tool"} == {"MODEL"}
    ms = mentions(nlp, "Quill-Tool: A Framework for Tool Use", "We propose Quill-Tool, a model that picks tools.")
    assert {m.type for m in ms if m.name == "Quill-Tool"} == {"METHOD"}

def test_quality_nouns_listed_with_a_known_metric_in_an_evaluation_are_metrics(nlp):
    ms = mentions(nlp, "A Study", "Raters judged accuracy, vividness, narrative coherence, and politeness of the answers. "
                                  "Our method improves accuracy and efficiency. "
                                  "The tidiness and accuracy of answers were compared. "
                                  "We discuss the accuracy and crispness of prior work.")
    metrics = {(m.name, m.component) for m in ms if m.type == "METRIC" and m.component == "kg_metric_lists"}
    assert {name for name, _ in metrics} == {"vividness", "narrative coherence", "politeness", "tidiness"}
    assert all(m.role == "used" for m in ms if m.component == "kg_metric_lists")


def test_used_entities_are_not_proposed(nlp):
    ms = mentions(nlp, "A Study of Tuning", "We fine-tune BERT with LoRA and evaluate on GSM8K.")
    roles = {m.name: m.role for m in ms}
    assert roles["BERT"] == "used" and roles["LoRA"] == "used"
    assert any(m.name == "GSM8K" and m.evaluated for m in ms)


def test_results_on_a_corpus_are_not_an_evaluation_on_it(nlp):
    ms = mentions(nlp, "A Study", "We replicate earlier results on C4 with our own rephrasing pipeline. "
                                  "Our model reaches 80% accuracy on SST-2.")
    evaluated = {m.name: m.evaluated for m in ms if m.type in {"DATASET", "BENCHMARK"}}
    assert evaluated == {"C4": False, "SST-2": True}


def test_evidence_offsets_point_into_the_right_field(nlp):
    title, abstract = "GPT-4 Is Here", "We compare GPT-4 with BERT on SQuAD."
    for m in mentions(nlp, title, abstract):
        text = title if m.field == "title" else abstract
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("https://github.com/x/y{https://github.com/x/y}", "https://github.com/x/y"),
        ("https://github.com/x/y.git", "https://github.com/x/y"),
        ("https://github.com/x/y).", "https://github.com/x/y"),
        ("http://www.github.com/X/Y/tree/main/src", "https://github.com/X/Y"),
        ("https://huggingface.co/datasets/org/set/viewer", "https://huggingface.co/datasets/org/set"),
        ("https://gitlab.com/group/project/-/blob/x", "https://gitlab.com/group/project"),
        ("https://bitbucket.org/team/repo/src", "https://bitbucket.org/team/repo"),
        ("https://my-project.github.io/page/", "https://my-project.github.io/page"),
        ("hf.co/org/model-7B", "https://huggingface.co/org/model-7B"),
    ],
)
def test_urls_are_cleaned(raw, clean):
    assert clean_url(raw) == clean


def test_url_kinds_and_own_code_is_proposed(nlp):
    assert url_kind("https://huggingface.co/datasets/a/b") == "dataset"
    assert url_kind("https://github.com/a/b") == "code"
    assert url_kind("https://x.github.io/p") == "project page"
    ms = mentions(nlp, "T", "Our code is available at https://github.com/me/tool.git.")
    repo = [m for m in ms if m.type == "REPOSITORY"]
    assert [(m.name, m.role) for m in repo] == [("https://github.com/me/tool", "proposed")]


def test_urls_without_a_scheme_on_code_hosts_and_project_pages_are_found(nlp):
    ms = mentions(nlp, "T", "Weights: hf.co/zorb/Zorb-7B and zorb-lab.github.io/Zorb, code at github.com/zorb/zorb. "
                            "Write to me@zorb-lab.github.io/ or see zorb.github.io/. Project page: blorp-3d.github.io. "
                            "Not blorp.github.io-x or blorp.github.io.com.")
    assert sorted(m.name for m in ms if m.type == "REPOSITORY") == [
        "https://blorp-3d.github.io", "https://github.com/zorb/zorb", "https://huggingface.co/zorb/Zorb-7B",
        "https://zorb-lab.github.io/Zorb", "https://zorb.github.io"]


def test_token_view_finds_the_ends_of_hyphenated_words(nlp):
    from kg.extract.lookups import tokens
    view = tokens(nlp.make_doc("we fine-tune a state-of-the-art model - fast"))
    words = view.words
    tune, art, model = words.index("tune"), words.index("art"), words.index("model")
    assert view.compound_start(tune) == words.index("fine") and view.compound_end(words.index("fine")) == tune + 1
    assert view.compound_start(art) == words.index("state") and view.compound_end(words.index("state")) == art + 1
    assert view.compound_start(model) == model and view.compound_end(model) == model + 1  # " - " is no glue


def test_ml_tokenizer_round_trips_odd_whitespace():
    import spacy

    tokenizer = MLTokenizer(spacy.blank("en").vocab)
    for text in ["", " ", "a  b", "\ttab\n\nnew", "x ", " lead"]:
        assert tokenizer(text).text == text


def roles(ms):
    return {m.name: m.role for m in ms}


def test_title_long_form_of_the_title_acronym_is_the_same_entity(nlp):
    ms = mentions(nlp, "LoFiT: Localized Fine-tuning on LLM Representations", "We evaluate LoFiT on TruthfulQA.")
    spelled = [m for m in ms if m.text == "Localized Fine-tuning"]
    assert spelled and {m.name for m in spelled} == {"LoFiT"}
    assert roles(ms)["LoFiT"] == "proposed"


def test_title_goals_and_objects_are_not_methods(nlp):
    for title in ("Advantage Distillation for Preference Alignment in Small Models",
                  "Improving Tool Retrieval by Leveraging Large Language Models",
                  "Towards Robust Instruction Following with Large Models"):
        names = {m.name for m in mentions(nlp, title, "We study this.")}
        assert not names & {"Preference Alignment", "Tool Retrieval", "Robust Instruction Following"}, title
    kept = mentions(nlp, "Guiding Large Language Models via Directional Stimulus Prompting", "We study this.")
    assert ("METHOD", "Directional Stimulus Prompting") in found(kept)


def test_digit_repeats_a_letter_in_acronyms():
    assert best_long_form("S3FT", "Selective Self-to-Supervised Fine-Tuning") is not None
    assert best_long_form("E2-LLM", "Efficient and Extreme Length Extension of Large Language Models") is not None
    assert best_long_form("S3FT", "Sparse Fine-Tuning") is None


def test_training_a_known_model_uses_it(nlp):
    ms = mentions(nlp, "A Study", "We post-train Mistral-7B with the data. We also train Llama 2 on it. We train ZetaNet-7B, a new model.")
    r = roles(ms)
    assert r["Mistral 7B"] == "used" and r["Llama 2"] == "used"
    assert r["ZetaNet-7B"] == "proposed"


def test_release_variants_of_a_proposed_family_are_proposed(nlp):
    ms = mentions(nlp, "Qwen2.5 Technical Report",
                  "In this report, we introduce Qwen2.5. Qwen2.5-72B-Instruct and Qwen2.5-Turbo are strong, "
                  "and Qwen2.5 was used to train Qwen2.5-Math. We compare with Llama-3-405B-Instruct.")
    r = roles(ms)
    assert r["Qwen2.5"] == "proposed"
    assert r["Qwen2.5 72B-Instruct"] == "proposed" and r["Qwen2.5 Turbo"] == "proposed"
    assert r["Qwen2.5-Math"] == "used" and r["Llama 3 405B-Instruct"] == "used"


def test_a_naming_word_before_a_capitalised_phrase_names_nothing(nlp):
    ms = mentions(nlp, "A Study", "We propose ARTE, dubbed Aligning TeacheR with StudenT PreferencEs, for data generation.")
    names = {m.name for m in ms}
    assert "ARTE" in names and not names & {"Aligning", "TeacheR", "StudenT"}


def test_method_phrases_skip_tasks_and_descriptions(nlp):
    names = {m.name for m in mentions(nlp, "A Study", "We use e-commerce modeling and non-curriculum-based learning, "
                                                      "as does contrastive representation learning with dynamic masking.")}
    assert "dynamic masking" in names
    assert not {n for n in names if "modeling" in n or "curriculum" in n}


def test_a_paper_names_a_technique_phrase_only_when_it_proposes_it(nlp):
    text = "Our pipeline applies dynamic masking. We propose sparse-window prompting to steer the model."
    spans = found(mentions(nlp, "A Study", text))
    assert {("METHOD", "dynamic masking"), ("METHOD", "sparse-window prompting")} <= spans  # span level: both
    named = found(named_by_paper(mentions(nlp, "A Study", text)))
    assert ("METHOD", "sparse-window prompting") in named and ("METHOD", "dynamic masking") not in named


def test_plural_acronyms_are_the_same_entity(nlp):
    ms = mentions(nlp, "A Study", "We introduce Non-Parametric Transformers (NPTs), a deep learning architecture. "
                                  "An NPT reads the whole dataset; NPTs beat GBDTs.")
    npt = [m for m in ms if m.text in {"NPT", "NPTs", "Non-Parametric Transformers"}]
    assert len(npt) == 4 and {m.name for m in npt} == {"NPT"}
    assert {m.type for m in npt} == {"MODEL"}
    assert "Transformer" not in {m.name for m in ms}  # part of the long form, not a mention of its own


def test_apposition_is_typed_by_its_head_noun(nlp):
    ms = mentions(nlp, "A Study", "We propose ZetaFormer-X, a deep learning architecture for tables. "
                                  "We also propose QuillPipe, a framework that trains large models.")
    types = {m.name: m.type for m in ms}
    assert types["ZetaFormer-X"] == "MODEL" and types["QuillPipe"] == "METHOD"


def test_our_model_apposition_names_a_proposed_model_and_its_family(nlp):
    ms = mentions(nlp, "How to Train Long-Context Models",
                  "Our final model, ZorbLong-8B, is initialized from Llama-3. ZorbLong outperforms Llama-3.1-8B-Instruct.")
    r = roles(ms)
    types = {m.name: m.type for m in ms}
    assert r["ZorbLong-8B"] == "proposed" and types["ZorbLong-8B"] == "MODEL"
    assert r["ZorbLong"] == "proposed" and types["ZorbLong"] == "MODEL"
    assert r["Llama 3"] == "used"


def test_the_longest_gazetteer_name_wins_over_a_variant(nlp):
    ms = mentions(nlp, "A Study", "We fine-tune Qwen2-VL-7B and Qwen2-7B.")
    assert {(m.name, m.family) for m in ms} == {("Qwen2-VL-7B", "Qwen2-VL"), ("Qwen2 7B", "Qwen2")}


@pytest.mark.parametrize("sentence, expected", [
    # dataset names with digits, in lower case and with a split
    ("We report BLEU on flores200-devtest and accuracy on gsm8k.", {("BENCHMARK", "FLORES-200"), ("BENCHMARK", "GSM8K")}),
    # technique names in the cases prose writes them
    ("Unlike Inference-time Intervention and monte carlo tree search, we use LoRA.",
     {("METHOD", "Inference-Time Intervention"), ("METHOD", "MCTS")}),
    # a benchmark suffix written in lower case
    ("We report results on VSI-bench and MT-bench.", {("BENCHMARK", "VSI-Bench"), ("BENCHMARK", "MT-Bench")}),
])
def test_known_names_match_in_the_spellings_papers_use(nlp, sentence, expected):
    assert expected <= found(mentions(nlp, "A Study", sentence))


def test_a_named_agent_is_a_method(nlp):
    ms = mentions(nlp, "A Study", "We present RecoPilot, an interactive recommender agent built on GPT-4.")
    assert ("METHOD", "RecoPilot") in found(ms)


def test_descriptive_modifiers_do_not_make_a_generic_term_specific(nlp):
    names = {m.name for m in mentions(nlp, "A Study", "Unlike task-specific fine-tuning, multi-task fine-tuning helps.")}
    assert "multi-task fine-tuning" in names
    assert not {n for n in names if "task-specific" in n}


def test_a_research_direction_is_no_entity_but_the_technique_is(nlp):
    ms = mentions(nlp, "Inference-Time Scaling for Zorbs", "Inference-time scaling is a promising direction; "
                                                           "we apply test-time scaling with majority voting.")
    assert "test-time scaling" in {m.name for m in ms}
    assert not [m for m in ms if m.text.lower() == "inference-time scaling"]


def test_shorthands_and_capitalised_phrases_are_not_names(nlp):
    ms = mentions(nlp, "A Study", "We study instruction-following (IF) alignment; IF alignment is hard. "
                                  "We present deita (short for Data-Efficient Instruction Tuning for Alignment).")
    names = {m.name for m in ms}
    assert not names & {"IF", "Data-Efficient"}


def test_sizes_and_versions_listed_after_a_model_are_models(nlp):
    ms = mentions(nlp, "A Study", "We train ZorbLM on OPT-IML 30B and 175B. We test the LLaMa 3, 3.1 and Qwen 2, 2.5 "
                                  "family, and Llama 2 and 3 other models.")
    names = {m.name for m in ms if m.type == "MODEL"}
    assert {"OPT-IML-30B", "OPT-IML-175B", "Llama 3", "Llama 3.1", "Qwen2", "Qwen2.5"} <= names
    assert {m.text for m in ms if m.name == "OPT-IML-175B"} == {"175B"}
    assert "Llama 3" in names and not any(m.text == "3" for m in ms)  # "3 other models" is a count


def test_tiers_listed_after_a_model_name_the_tiers_the_gazetteer_knows(nlp):
    ms = mentions(nlp, "A Study", "We compare Gemini 2.0 Flash and Flash-Lite, Claude 3 Opus, Sonnet and Haiku, "
                                  "and GPT-4o and Mini.")
    assert {("Flash-Lite", "Gemini 2.0 Flash-Lite"), ("Sonnet", "Claude 3 Sonnet"), ("Haiku", "Claude 3 Haiku")} <= {
        (m.text, m.name) for m in ms}
    assert "Mini" not in {m.text for m in ms}  # no "GPT-4o Mini" is written here, and a tier alone names nothing


def test_a_slash_list_after_a_model_names_each_release_and_size(nlp):
    ms = mentions(nlp, "A Study", "We analyse DeepSeek-V2/V3/R1, then tune Mistral-7B/24B and Qwen2.5-Math-Instruct-1.5B/7B/72B.")
    names = {m.name for m in ms if m.type == "MODEL"}
    assert {"DeepSeek-V2", "DeepSeek-V3", "DeepSeek-R1"} <= names
    assert {m.text for m in ms if m.name == "DeepSeek-R1"} == {"R1"}
    assert {n.replace(" ", "-") for n in names} >= {"Mistral-7B", "Mistral-24B"}
    assert {"Qwen2.5-Math-Instruct-7B", "Qwen2.5-Math-Instruct-72B"} <= names  # sizes of the Instruct variant


def test_a_year_beside_a_contest_names_that_years_edition(nlp):
    ms = mentions(nlp, "A Study", "It wins gold at IMO 2025, scores well on the 2025 USAMO and USAMO 2025, and on ARC-AGI-1.")
    names = [m.name for m in ms if m.type == "BENCHMARK"]
    assert "IMO 2025" in names and "IMO" not in names
    assert {m.text for m in ms if m.name == "USAMO 2025"} == {"2025 USAMO", "USAMO 2025"}
    assert "ARC-AGI-1" in names


def test_bare_r1_is_deepseek_r1_but_not_the_gan_penalty(nlp):
    ms = mentions(nlp, "A Study", "Strong models (e.g. R1, o1) fail; ZorbGAN trains with R1 regularization.")
    assert {(m.text, m.name) for m in ms if m.type == "MODEL"} >= {("R1", "DeepSeek-R1")}
    assert {m.name for m in ms if m.type == "METHOD"} >= {"R1 regularization"}


def test_a_capitalised_word_with_a_spaced_size_is_a_model_of_its_family(nlp):
    ms = mentions(nlp, "Can 1B Models Surpass 405B Models?", "We present and open-source Zorbo, a family of looped models. "
                  "Zorbo 1.4B and 2.6B models beat larger ones. With 7B parameters, Quux is small.")
    models = {m.name: m for m in ms if m.type == "MODEL"}
    assert {"Zorbo", "Zorbo 1.4B", "Zorbo 2.6B"} <= set(models) and models["Zorbo"].role == "proposed"
    assert models["Zorbo 2.6B"].text == "2.6B"
    assert not {"With 7B", "Surpass 405B"} & set(models)


def test_a_name_shaped_unit_or_a_spaced_release_with_a_spaced_size_is_a_model(nlp):
    ms = mentions(nlp, "A Study", "We evaluate Zarg-3 13B and Blorp 2 7B on GSM8K. We work with QRWK 32B, trained on 9B tokens.")
    models = {m.name for m in ms if m.type == "MODEL"}
    assert {"Zarg-3 13B", "Blorp 2 7B", "QRWK 32B"} <= models
    assert not any("9B" in name for name in models)


def test_a_company_named_like_its_models_is_no_model_where_it_owns_or_makes_something(nlp):
    ms = mentions(nlp, "A Study", "Models such as OpenAI's o1 and DeepSeek's R1 excel. MLA, an architecture proposed by "
                  "DeepSeek, is fast. Gemini's multimodal skills and GPT-4o's outputs help; DeepSeek-V3 is open.")
    models = {m.name for m in ms if m.type == "MODEL"}
    assert {"DeepSeek-R1", "Gemini", "GPT-4o", "DeepSeek-V3"} <= models
    assert "DeepSeek" not in models


def test_a_title_prefix_built_on_a_known_model_is_a_new_name(nlp):
    ms = mentions(nlp, "Gemma Zorbify: Towards Many-in-One Models", "We present Gemma Zorbify, a framework that "
                  "compresses models. We apply Gemma Zorbify to Gemma 2.")
    names = {(m.type, m.name, m.role) for m in ms}
    assert ("METHOD", "Gemma Zorbify", "proposed") in names
    assert not any(name == "Gemma" for _, name, _ in names)
    preview = mentions(nlp, "Gemma Preview: Towards Many-in-One Models", "We present Gemma Preview, a model.")
    assert "Gemma Preview" not in {m.name for m in preview if m.component == "kg_title"}


def test_a_release_series_is_a_model_and_its_releases_are_proposed_with_it(nlp):
    ms = mentions(nlp, "A Report", "In this report, we introduce the Gemini 2.X model family: Gemini 2.5 Pro and Gemini 2.0 "
                  "Flash. We distill from Llama-3.x into Mamba.")
    models = {m.name: m for m in ms if m.type == "MODEL"}
    assert {"Gemini 2.X", "Llama-3.x", "Gemini 2.5 Pro", "Gemini 2.0 Flash"} <= set(models)
    assert not {"Llama 3", "Gemini 2.0"} & set(models)
    assert [models[n].role for n in ("Gemini 2.X", "Gemini 2.5 Pro", "Gemini 2.0 Flash", "Llama-3.x")] == [
        "proposed", "proposed", "proposed", "used"]


def test_an_apposed_acronym_head_takes_the_type_of_its_long_form(nlp):
    ms = mentions(nlp, "Zorbix: Mixed Priors for Tables", "Quixotic tabular models (QTMs) are strong. We introduce "
                  "Zorbix, a QTM built from a curated mixture of priors.")
    assert ("MODEL", "Zorbix", "proposed") in {(m.type, m.name, m.role) for m in ms}


def test_a_new_name_scored_on_is_a_benchmark(nlp):
    ms = mentions(nlp, "A Study", "Zorbit gains +4.2% on QuixOCR, 31.9% AP on Flarg2017 val and 3.1 mIoU on Blorp-Seg. "
                  "It runs at 1038 TOPS on RTX5090.")
    types = {m.name: m.type for m in ms}
    assert {name: types.get(name) for name in ("QuixOCR", "Flarg2017", "Blorp-Seg")} == dict.fromkeys(
        ("QuixOCR", "Flarg2017", "Blorp-Seg"), "BENCHMARK")
    assert types.get("RTX5090") != "BENCHMARK"


def test_a_known_model_with_capitalised_words_in_a_benchmark_list_names_a_benchmark(nlp):
    ms = mentions(nlp, "A Study", "On benchmarks such as Minerva Algebra, MATH-500 and GSM8K, we gain. It excels on the "
                  "Movie Gen Audio benchmark. We compare with GPT-4 Turbo and Minerva.")
    benchmarks = {m.name for m in ms if m.type == "BENCHMARK"}
    assert {"Minerva Algebra", "Movie Gen Audio"} <= benchmarks
    assert {m.name for m in ms if m.type == "MODEL"} >= {"GPT-4 Turbo", "Minerva"}


def test_a_spaced_release_after_a_known_collection_is_its_variant_but_a_score_is_not(nlp):
    ms = mentions(nlp, "A Study", "We evaluate on MMBench v1.1 and MMLU-Redux 2.0. It gains MATH 1.5 points and GSM8K 2.5 %.")
    benchmarks = {m.text: m for m in ms if m.type == "BENCHMARK"}
    assert benchmarks["MMBench v1.1"].family == "MMBench" and "MMLU-Redux 2.0" in benchmarks
    assert {"MATH", "GSM8K"} <= set(benchmarks) and not {"MATH 1.5", "GSM8K 2.5"} & set(benchmarks)


def test_a_line_of_a_new_name_the_paper_proposes_is_proposed_but_a_line_of_a_known_family_is_not(nlp):
    ms = mentions(nlp, "BarFlow: Foo", "We propose BarFlow, a method. BarFlow-Coder outperforms StarCoder2 and "
                  "Qwen2.5-Math, and BarFlow-Chat is released.")
    roles = {m.name: m.role for m in ms}
    assert roles["BarFlow-Coder"] == roles["BarFlow-Chat"] == "proposed"
    assert roles["StarCoder2"] == "used" and roles["Qwen2.5-Math"] == "used"


def test_a_subset_of_a_name_is_data_even_with_a_size_shape(nlp):
    ms = mentions(nlp, "A Study", "We train on a subset of ZorbLAION-2B and test ZorbNet-2B.")
    types = {m.name: m.type for m in ms}
    assert types.get("ZorbLAION-2B") == "DATASET"


def test_a_known_name_the_paper_coins_is_proposed_in_more_positions(nlp):
    ms = mentions(nlp, "A Study", "We propose the MeanFlow framework. We propose two techniques, namely Clip-Cov and "
                  "KL-Cov, which clip. We propose new ICL methods. We compare ZorbNet and GPT-4.")
    r = roles(ms)
    assert r["MeanFlow"] == r["Clip-Cov"] == r["KL-Cov"] == "proposed"
    assert r["in-context learning"] == "used" and r["GPT-4"] == "used"
    # "of" after the name closes the object: "we curate a small dataset X of 1,000 questions"
    r = roles(mentions(nlp, "A Study", "First, we curate a small dataset OpenThoughts of 1,000 questions."))
    assert r["OpenThoughts"] == "proposed"


def test_sizes_and_subsets_of_a_proposed_name_are_proposed_even_when_known(nlp):
    ms = mentions(nlp, "OpenMathReasoning: A Dataset", "We release OpenMathReasoning. OpenMathReasoning-7B, trained "
                  "on it, beats Llama-3-8B. We build SWE-bench and its subset SWE-bench Lite. To assess reasoning, "
                  "we develop two benchmarks, OpenThoughts and Codeforces.")
    r = roles(ms)
    assert r["OpenMathReasoning-7B"] == "proposed" and r["Llama 3 8B"] == "used"
    assert r["SWE-bench Lite"] == "proposed"
    assert r["OpenThoughts"] == "proposed" and r["Codeforces"] == "used"


def test_name_shapes_of_capitals_and_words_and_of_versioned_words(nlp):
    ms = mentions(nlp, "A Study", "We first compile SLTrans, a parallel dataset of source files. The resulting model "
                                  "Orca-3 beats Mistral-7B. In Stage-2 training, we also evaluate Hermes-3 on the new benchmark.")
    types, r = {m.name: m.type for m in ms}, roles(ms)
    assert types.get("SLTrans") == "DATASET" and r["SLTrans"] == "proposed"
    assert types.get("Orca-3") == "MODEL" and r["Orca-3"] == "proposed"
    assert "Stage-2" not in types
    # a dotted release number ends a name of lower-case pieces; a licence's version names nothing
    ms = mentions(nlp, "A Study", "We present the Zorb-linear model series, including Zorb-mini-linear-2.0 and "
                                  "Zorb-flash-linear-2.0, released under the Apache 2.0 license. Stage-one-2.0 follows.")
    names = {m.name for m in ms}
    assert {"Zorb-mini-linear-2.0", "Zorb-flash-linear-2.0"} <= names and not {"Apache 2.0", "Stage-one-2.0"} & names


def test_an_apposition_with_a_list_of_modifiers_is_typed_by_its_head(nlp):
    ms = mentions(nlp, "A Study", "We construct ECInstruct, the first open-sourced, large-scale, and high-quality "
                                  "benchmark instruction dataset for e-commerce.")
    assert ("DATASET", "ECInstruct") in found(ms)


def test_what_the_paper_uses_after_a_proposal_verb_is_not_proposed(nlp):
    ms = mentions(nlp, "A Study", "We devise a controlled setup that uses QuibbleNet to synthesize corpora. "
                                  "We report results on the Natural Instructions V2 benchmark.")
    r = roles(ms)
    assert r.get("QuibbleNet") == "used"
    assert "V2" not in {m.name for m in ms}


def test_the_words_a_proposal_verb_governs_type_the_name(nlp):
    ms = mentions(nlp, "A Study", "By translation, we construct the first multilingual math instruction dataset, "
                                  "MathPolyInstruct, encompassing ten languages and solving training data scarcity. "
                                  "We introduce WidgetGPT, a framework utilizing large language models for 3D modeling. "
                                  "We study a realistic benchmark, TripPlannerX, where an agent must plan.")
    types = {m.name: m.type for m in ms}
    assert types.get("MathPolyInstruct") == "DATASET"
    assert types.get("WidgetGPT") == "METHOD"
    assert types.get("TripPlannerX") == "BENCHMARK"


def test_a_subtitle_describes_the_name_before_the_colon(nlp):
    ms = mentions(nlp, "ZorbLoRA: Efficient Fine-tuning of Long-Context Models", "We present ZorbLoRA, an approach.")
    assert [m.name for m in ms if m.field == "title"] == ["ZorbLoRA"]
    ms = mentions(nlp, "LoFiT: Localized Fine-tuning on LLM Representations", "We present LoFiT.")
    assert {m.name for m in ms if m.field == "title"} == {"LoFiT"}


def test_capitalised_descriptive_compounds_are_not_names(nlp):
    ms = mentions(nlp, "A Study", "Prior methods do not suit Black-Box LLMs like GPT-4 or Open-Source models.")
    assert {m.name for m in ms} == {"GPT-4"}


def test_a_title_prefix_that_extends_a_known_method_names_a_new_one(nlp):
    ms = mentions(nlp, "Capability Instruction Tuning: A New Paradigm for Routing", "We study routing.")
    assert ("METHOD", "Capability Instruction Tuning") in found(ms)
    assert roles(ms)["Capability Instruction Tuning"] == "proposed"
    assert "instruction tuning" not in {m.name for m in ms if m.field == "title"}


def test_a_title_method_is_the_long_form_the_abstract_abbreviates(nlp):
    ms = mentions(nlp, "Distilling Abilities with Zorb-aware Curriculum Planning",
                  "We propose Zorb-Aware Curriculum Planning for Instruction Refinement (ZAPIR), a framework.")
    assert {m.name for m in ms if m.type == "METHOD"} == {"ZAPIR"}


def test_a_title_phrase_opening_with_x_based_describes(nlp):
    ms = mentions(nlp, "Instruct, Not Assist: LLM-based Multi-Turn Planning for Code Debugging", "We study debugging.")
    assert not [m for m in ms if m.field == "title" and "Planning" in m.text]


def test_a_known_name_and_a_benchmark_word_name_a_new_benchmark(nlp):
    ms = mentions(nlp, "A Study", "We create OPT-IML Bench: a large benchmark. GPT-4 tops MT-Bench. "
                                  "This score, called the Zorb Score (ZS), ranks models.")
    assert ("BENCHMARK", "OPT-IML Bench") in found(ms) and roles(ms)["OPT-IML Bench"] == "proposed"
    assert ("BENCHMARK", "MT-Bench") in found(ms) and ("MODEL", "GPT-4") in found(ms)
    assert roles(ms).get("ZS") == "proposed"


def test_a_mention_is_the_name_without_determiner_or_type_noun(nlp):
    ms = mentions(nlp, "A Study", "We train on the Pile and test on the STS benchmark.")
    spans = {m.name: m.text for m in ms}
    assert spans["The Pile"] == "Pile"
    assert [m.text for m in ms if m.type == "BENCHMARK"] == ["STS"]


def test_a_report_title_and_its_series_are_the_papers_own_models(nlp):
    ms = mentions(nlp, "Gemma 2 Technical Report",
                  "This report introduces the Gemma 2 series. The largest model, Gemma 2 27B, beats Llama 3.")
    r = roles(ms)
    assert r["Gemma 2"] == "proposed" and r["Gemma 2 27B"] == "proposed"
    assert r["Llama 3"] == "used"
    ms = mentions(nlp, "Scaling Gemma 2", "We train Gemma 2 on new data.")
    assert roles(ms)["Gemma 2"] == "used"


def test_a_known_name_the_paper_coins_is_proposed_but_a_listed_one_is_not(nlp):
    ms = mentions(nlp, "A Study", "We propose a new alignment method called Direct Preference Optimization (DPO), "
                                  "which needs no reward model.")
    assert roles(ms)["DPO"] == "proposed"
    ms = mentions(nlp, "A Study", "We compare four instruction-tuned LLMs, namely Llama 3 8B and Mistral 7B.")
    assert set(roles(ms).values()) == {"used"}


def test_a_novel_approach_in_apposition_is_proposed(nlp):
    ms = mentions(nlp, "A Study", "In this paper, we first show a bound, followed by a novel but simple approach, "
                                  "Constrained Glove2Vec (CG2V), which needs no bilingual data.")
    assert ("METHOD", "CG2V") in found(ms) and roles(ms)["CG2V"] == "proposed"


def test_a_new_name_built_on_a_model_name_is_a_model(nlp):
    from kg.extract.context import builds_on_a_model_name
    assert builds_on_a_model_name("zLLaMA-50") and builds_on_a_model_name("Chinese-Mistral3")
    assert not builds_on_a_model_name("LLaMA") and not builds_on_a_model_name("LlamaWidget")
    ms = mentions(nlp, "A Study", "We introduce zLLaMA-50 and zBLOOM-50, which extend LLaMA and BLOOM to 50 languages.")
    assert {("MODEL", "zLLaMA-50"), ("MODEL", "zBLOOM-50")} <= found(ms)
    assert roles(ms)["zLLaMA-50"] == "proposed"


def test_a_coordinated_phrase_types_its_own_name_not_the_first(nlp):
    ms = mentions(nlp, "A Study", "We propose ZWIE (Zone-Weighted Input Embedding) and an instruction-following "
                                  "dataset ZOVERMISS. ZWIE helps translation.")
    assert {("METHOD", "ZWIE"), ("DATASET", "ZOVERMISS")} <= found(ms)
    assert roles(ms)["ZOVERMISS"] == "proposed" and roles(ms)["ZWIE"] == "proposed"


def test_a_title_method_and_the_short_name_the_abstract_gives_it_are_one_entity(nlp):
    ms = mentions(nlp, "Better Models via Preference-Guided Sparse Tuning",
                  "We introduce a novel preference-guided sparse tuning approach, namely PgST. PgST helps.")
    assert {m.name for m in ms if m.type == "METHOD"} == {"PgST"}
    ms = mentions(nlp, "Unlock It: Cooperative Distillation for Vision Models",
                  "We propose an innovative Cooperative Multi-view Distillation framework (CoMVD), which helps.")
    assert {m.name for m in ms if m.type == "METHOD"} == {"CoMVD"}
    ms = mentions(nlp, "Small Models via Solution Hint Fine-Tuning",
                  "We introduce a strategy Solution Hint (SH) and a paradigm Solution-Hint Fine-Tuning (SHFT).")
    assert "Solution Hint Fine-Tuning" not in {m.text for m in ms if m.name == "SH"}


def test_a_scorer_is_a_model(nlp):
    ms = mentions(nlp, "Zappy: Boosting Multi-Task LMs with a Small Scorer",
                  "We introduce a pretrained small scorer, Zappy, designed to rank outputs.")
    assert ("MODEL", "Zappy") in found(ms)


def test_a_modifier_makes_a_generic_activity_specific_but_not_a_named_method(nlp):
    ms = mentions(nlp, "A Study", "We apply multilingual instruction tuning and multi-task fine-tuning.")
    names = {m.name for m in ms if m.type == "METHOD"}
    assert "instruction tuning" in names and "multi-task fine-tuning" in names
    assert "multilingual instruction tuning" not in names
    assert any(m.text == "multilingual instruction tuning" and m.name == "instruction tuning" for m in ms)


def test_what_the_data_is_does_not_make_a_generic_activity_specific(nlp):
    ms = mentions(nlp, "A Study", "We study multilingual pre-training, multi-modal fine-tuning and adversarial pre-training.")
    assert {m.name for m in ms} == {"adversarial pretraining"}


def test_two_short_forms_in_one_bracket_define_two_long_forms(nlp):
    text = "We propose prompt-based instruction tuning and prompt-free self tuning (PBIT and PFST) for zorbs."
    doc = nlp("A Study\n\n" + text)
    assert [(l.text, s.text) for l, s in abbreviation_spans(doc)] == [
        ("prompt-based instruction tuning", "PBIT"), ("prompt-free self tuning", "PFST")]
    assert {(m.type, m.name, m.role) for m in doc_mentions(doc, 7)} == {("METHOD", "PBIT", "proposed"), ("METHOD", "PFST", "proposed")}
    # both long forms must be there, joined by "and", or neither pair is taken
    assert abbreviation_spans(nlp("A Study\n\nWe propose zorb tuning for them (PBIT and PFST).")) == []


def test_span_level_extraction_also_marks_generic_methods(nlp):
    """A generic method is a method mention (what span-level scoring counts), but no entity of the paper."""
    text = "We study fine-tuning of ZorbLM with self-attention and dropout."
    spans = {(m.type, m.text) for m in next(extract_texts([text], nlp))}
    assert {("METHOD", "fine-tuning"), ("METHOD", "self-attention"), ("METHOD", "dropout")} <= spans
    assert {m.text for m in mentions(nlp, "A Study", text) if m.type == "METHOD"} == {"dropout"}


def test_what_a_model_was_trained_with_is_used_and_typed_by_its_apposition(nlp):
    ms = mentions(nlp, "A Study", "Our model outperforms the original version trained with PackOcto, "
                                  "the previous state-of-the-art method for instruction tuning.")
    assert ("METHOD", "PackOcto") in found(ms) and roles(ms)["PackOcto"] == "used"


def test_gpt4_omni_and_vision_llms(nlp):
    ms = mentions(nlp, "A Study", "We distil GPT-4 (Omni) into Vision Large Language Models (VLLMs).")
    assert found(ms) == {("MODEL", "GPT-4o")}


def test_a_name_listed_with_names_of_one_type_takes_that_type(nlp):
    ms = mentions(nlp, "A Study", "We compare with GPT-4, Claude 3 and ZorbXY on GSM8K, MATH, and TriviaZX. "
                                  "On MATH, BarThing wins.")
    assert ("MODEL", "ZorbXY") in found(ms) and ("BENCHMARK", "TriviaZX") in found(ms)
    assert "BarThing" not in {m.name for m in ms}


def test_a_plain_capitalised_word_listed_with_names_of_one_type_takes_that_type(nlp):
    ms = mentions(nlp, "A Study", "Current video models (GPT-4o, Flarnish, and Claude 3 Opus) fail. We test it on "
                                  "GSM8K, Quibble and MATH. Baselines from GPT-4, Memory, and Claude 3 Opus show that "
                                  "memory helps, as do GPT-4, Google and Claude 3 Opus, and GPT-4, Testing and Claude 3. "
                                  "We compare GPT-4 and Blick et al. (2020), and GPT-4 and Algorithm 1.")
    assert {("MODEL", "Flarnish"), ("BENCHMARK", "Quibble")} <= found(ms)
    # an ordinary word, a maker, a participle, an author, a numbered thing
    assert {"Memory", "Google", "Testing", "Blick", "Algorithm"}.isdisjoint(m.name for m in ms)


def test_a_discovered_name_takes_over_a_known_name_inside_its_other_occurrences(nlp):
    ms = mentions(nlp, "Blorp Transformer: Concurrent Regression and Generation",
                  "We introduce the Blorp Transformer (BT), a model. The Blorp Transformer beats GPT-4. "
                  "We also introduce Blorp Flamingo Search (BFS). Later, Blorp Flamingo Search beats Flamingo.")
    assert "Transformer" not in {m.name for m in ms}  # only inside the new name, in the title and the abstract
    assert [m.field for m in ms if m.text == "Blorp Transformer"] == ["title", "abstract", "abstract"]
    assert [m.text for m in ms if m.name == "Flamingo"] == ["Flamingo"]  # the one standing alone


def test_an_abbreviated_generic_term_is_no_entity_unless_a_compound_makes_it_specific(nlp):
    ms = mentions(nlp, "A Study", "Operands pass through multi-layer perceptrons (MLPs). The MLPs are small. "
                                  "Guides use reward models (RMs), and RMs score drafts.")
    assert ms == []
    ms = mentions(nlp, "A Study", "Zorbly beats methods that adopt query-based fine-tuning (FT) on two tasks.")
    assert {(m.type, m.name, m.text) for m in ms if m.name != "Zorbly"} == {
        ("METHOD", "query-based fine-tuning", "query-based fine-tuning"), ("METHOD", "query-based fine-tuning", "FT")}


def test_settings_phenomena_and_tasks_are_not_methods(nlp):
    ms = mentions(nlp, "A Study", "We study weak-to-strong generalization, attention sinks and knowledge editing, "
                                  "and apply red teaming with beam search.")
    assert found(ms) == {("METHOD", "beam search")}


def test_a_lower_case_compound_a_proposal_verb_introduces_with_an_apposition_is_a_name(nlp):
    ms = mentions(nlp, "A Study", "We introduce zorb-tuning, a lightweight decoding-time algorithm for black-box LMs. "
                                  "We present state-of-the-art, a claim. We propose multi-agent, a setting.")
    assert {(m.type, m.name, m.role) for m in ms} == {("METHOD", "zorb-tuning", "proposed")}


def test_capitalised_pieces_linked_by_a_function_word_make_a_name(nlp):
    ms = mentions(nlp, "A Study", "Specifically, we propose a novel Ranking-of-Paths approach for prompting.")
    assert {(m.type, m.name, m.role) for m in ms} == {("METHOD", "Ranking-of-Paths", "proposed")}


def test_a_benchmark_word_inside_a_name_or_a_head_word_closing_it_types_it(nlp):
    ms = mentions(nlp, "A Study", "We run an evaluation on a diverse set of examples, named ZORB-EVAL-SET. "
                                  "Results improve the performance of the Quux-Embedder and of OOB-LLMs.")
    assert found(ms) == {("BENCHMARK", "ZORB-EVAL-SET"), ("MODEL", "Quux-Embedder")}


def test_capitalised_words_in_apposition_to_a_head_noun_after_a_proposal_verb_are_its_name(nlp):
    ms = mentions(nlp, "A Study", "In this work, we present a novel retriever, the LLM Zorbder, which supports retrieval.")
    assert {(m.type, m.name, m.role) for m in ms} == {("MODEL", "LLM Zorbder", "proposed")}


def test_capitalised_words_coordinated_with_a_proposed_name_are_a_second_name(nlp):
    ms = mentions(nlp, "A Study", "We also introduce Zorb-Rubrics and Quux Filtering during decoding. "
                                  "We present Flux Sampling and Bolt Pruning for training.")
    assert {(m.type, m.name, m.role) for m in ms} == {
        ("METHOD", "Zorb-Rubrics", "proposed"), ("METHOD", "Quux Filtering", "proposed"),
        ("METHOD", "Flux Sampling", "proposed"), ("METHOD", "Bolt Pruning", "proposed")}
    # the name may go on, or what follows "and" is a verb phrase: no second name
    ms = mentions(nlp, "A Study", "We propose Flux Sampling and show that it helps. We present Bolt Pruning and Beyond Scaling of LLMs.")
    assert {m.name for m in ms if m.role == "proposed"} <= {"Flux Sampling"}


def test_capitalised_words_between_an_article_a_proposal_verb_governs_and_a_head_noun_are_a_name(nlp):
    ms = mentions(nlp, "A Study", "Next, we propose a Theory of Zorbs approach, in which the teacher models the student. "
                                  "We introduce a novel Flux Zorb dataset.")
    assert {(m.type, m.name, m.role) for m in ms} == {("METHOD", "Theory of Zorbs", "proposed"),
                                                       ("DATASET", "Flux Zorb", "proposed")}
    # one capitalised word, or words a generic term or known name opens, name nothing new
    ms = mentions(nlp, "A Study", "We introduce the Unified framework. We propose a Large Language Model framework.")
    assert [m for m in ms if m.role == "proposed"] == []


def test_words_the_authors_quote_after_a_proposal_or_naming_verb_are_their_name(nlp):
    ms = mentions(nlp, "A Study", 'Hence, we build a "Large Zorb Model". We see a new paradigm, which we dub '
                                  '\u201czorb-based learning\u201d, in NLP.')
    assert {(m.type, m.name, m.role) for m in ms} == {("MODEL", "Large Zorb Model", "proposed"),
                                                       ("METHOD", "zorb-based learning", "proposed")}
    # quoted words others say, or that follow no proposal verb, name nothing
    ms = mentions(nlp, "A Study", 'Users call it "magic". We use the "Zorb" recipe.')
    assert ms == []


def test_a_measure_the_work_keeps_is_not_a_measure_it_reports(nlp):
    ms = mentions(nlp, "A Study", "Zorbify speeds up decoding without sacrificing accuracy while maintaining BLEU.")
    assert [m for m in ms if m.type == "METRIC"] == []
    ms = mentions(nlp, "A Study", "Zorbify reaches 91% accuracy and 40 BLEU.")
    assert {m.name for m in ms if m.type == "METRIC"} == {"accuracy", "BLEU"}


def test_a_version_mark_matches_in_either_case(nlp):
    ms = mentions(nlp, "A Study", "We evaluate on LongBench V2 and on Natural Instructions V2.")
    assert {m.name for m in ms} == {"LongBench v2", "Super-NaturalInstructions"}


def test_a_known_acronym_without_expansion_introduced_as_another_type_is_a_new_name(nlp):
    # the gazetteer knows ALMA, a translation model, without an expansion
    ms = mentions(nlp, "A Study", "We introduce Adaptive Lattice Mixing Attention (ALMA), a distillation framework. "
                                  "ALMA beats baselines.")
    assert {(m.type, m.name, m.role) for m in ms if m.text == "ALMA"} == {
        ("METHOD", "Adaptive Lattice Mixing Attention", "proposed")}
    ms = mentions(nlp, "A Study", "We use Adaptive Lattice Mixing Attention (ALMA), a distillation framework.")
    assert {(m.type, m.name) for m in ms if m.text == "ALMA"} == {("MODEL", "ALMA")}
    ms = mentions(nlp, "A Study", "We introduce Advanced Lexical Mapping trAnslator (ALMA). ALMA beats GPT-4.")
    assert {(m.type, m.name) for m in ms if m.text == "ALMA"} == {("MODEL", "ALMA")}


def roles_of(ms, name):
    return {m.role for m in ms if m.name == name}


def test_an_acronym_the_paper_spells_out_its_own_way_is_a_new_name(nlp):
    ms = mentions(nlp, "A Title", "We propose polyglot planning orchestration (PPO), a method for tool use. "
                  "PPO improves agents over proximal policy optimization.")
    ppo = [m for m in ms if m.text == "PPO"]
    assert len(ppo) == 2 and all(m.name == "polyglot planning orchestration" and not m.known and m.role == "proposed"
                                 for m in ppo)
    assert ("METHOD", "Proximal Policy Optimization") not in found([m for m in ms if m.text == "PPO"])
    # the same expansion in another spelling is still the known technique
    same = mentions(nlp, "A Title", "We train with Proximal Policy Optimisation (PPO) and Reinforcement Learning "
                    "with Human Feedback (RLHF).")
    assert all(m.known for m in same if m.text in {"PPO", "RLHF"})


def test_a_trial_and_error_long_form_is_not_typed_by_its_last_word(nlp):
    ms = mentions(nlp, "A Title", "We propose a method for agents, zorbish trial and error (ZTE), that learns tools.")
    assert {m.type for m in ms if m.name == "ZTE"} == {"METHOD"}


ROLE_CASES = {
    "the final product under a known name": ("Our final model, Llama 2, beats larger models.", "Llama 2", "proposed"),
    "a known name after our": ("Our base model, Llama 2, is small.", "Llama 2", "used"),
    "a known name in apposition to the coined object": ("To address this, we introduce a simple, tuning-free "
                                                        "alignment method, DPO.", "DPO", "proposed"),
    "a known name in apposition to a used object": ("We compare with a strong baseline, GPT-4.", "GPT-4", "used"),
    "introduced as a defined name": ("We introduce the LLM developed through this strategy as Advanced Zorbian "
                                     "Language trAnslator (AZLA). AZLA beats GPT-4.", "AZLA", "proposed"),
    "used as something": ("We build a pipeline that uses GPT-4 as Zorbian Judge (ZJ).", "GPT-4", "used"),
    "described as new": ("We employ DCMX, which detects components, and ZMAP, a new approach for patching "
                         "activations.", "ZMAP", "proposed"),
    "created": ("We prompt GPT-4, resulting in the creation of the Zorb-Role dataset.", "Zorb-Role", "proposed"),
    "a defined variant": ("We propose Zorb-Aware ZIFD (ZA-ZIFD), which introduces complexity into the original "
                          "ZIFD score.", "ZA-ZIFD", "proposed"),
    "the original one": ("We propose Zorb-Aware ZIFD (ZA-ZIFD), which introduces complexity into the original "
                         "ZIFD score.", "ZIFD", "used"),
    "first met in the background": ("Authoritative data come from the Zorbian Bureau of Labor Statistics (ZBLS). "
                                    "We propose a debiasing method that incorporates ZBLS instances.", "ZBLS", "used"),
    "introduced by prior work": ("Prior work has introduced zorbic adversarial training (ZAT) as a way to improve "
                                 "robustness. Here, we experiment with ZAT on jailbreaks.", "ZAT", "used"),
    "introduced in this work": ("In this work, we introduce zorbic adversarial training (ZAT), a method.", "ZAT",
                                "proposed"),
    "obtained by the authors": ("We fine-tune Llama-2 on our data to obtain ZorbChat, which beats GPT-4.", "ZorbChat",
                                "proposed"),
    "resulting from the authors' recipe": ("We then instruction-tune Mistral-7B on it, resulting in ZorbInstruct-7B.",
                                           "ZorbInstruct-7B", "proposed"),
    "yielded by others": ("Prior work yields ZorbCoder, which beats StarCoder.", "ZorbCoder", "used"),
    "the resulting model, named": ("The resulting model, ZorbChat, beats GPT-4.", "ZorbChat", "proposed"),
    "a sibling size of a new family": ("Our models, ZorbLM-7B and ZorbLM-70B, beat GPT-4.", "ZorbLM-70B", "proposed"),
    "claimed to be the first": ("SelfZorb has led to the creation of ZorbCoder-Instruct, the first fully transparent "
                                "code LLM.", "ZorbCoder-Instruct", "proposed"),
    "the first of its kind, said of another": ("GPT-4, the first of its kind, beats ZorbCoder-7B.", "GPT-4", "used"),
    "said to be the first": ("ZorbBee is the first billion-parameter language model for physics.", "ZorbBee", "proposed"),
    "defined in an enumeration the authors lead": ("Our method has three stages: (1) trait inferring, which infers "
                                                   "traits. (2) Data construction, trait-conditioned zorb prompting "
                                                   "(TCZP) to steer LLMs.", "TCZP", "proposed"),
    "defined in an enumeration of others' work": ("Prior methods have three stages: (1) trait inferring, which infers "
                                                  "traits. (2) Data construction, trait-conditioned zorb prompting "
                                                  "(TCZP) to steer LLMs.", "TCZP", "used"),
    "named as a contribution": ("Our key contribution is ZorbPO, an RL algorithm for agents.", "ZorbPO", "proposed"),
    "an item of the innovations": ("This is enabled by three key innovations: (i) a fast sandbox; (ii) Zorb-RoC, an "
                                   "RL algorithm; and (iii) a recipe.", "Zorb-RoC", "proposed"),
    "a contribution of others": ("Prior contributions include ZorbPO, an RL algorithm. We study it.", "ZorbPO", "used"),
}


def test_an_enumeration_of_the_stages_of_the_system_the_title_names_speaks_for_the_paper(nlp):
    abstract = ("Role play matters. Zorb comprises two stages: (1) trait inferring, which infers traits. "
                "(2) Training, trait-conditioned flux tuning (TCFT), using the generated data.")
    assert roles_of(mentions(nlp, "Zorb: Enhancing Role-Play of LLMs", abstract), "TCFT") == {"proposed"}
    assert roles_of(mentions(nlp, "Enhancing Role-Play of LLMs", abstract), "TCFT") == {"used"}


@pytest.mark.parametrize("case", sorted(ROLE_CASES))
def test_the_words_around_a_name_decide_its_role(nlp, case):
    abstract, name, role = ROLE_CASES[case]
    assert roles_of(mentions(nlp, "A Title", abstract), name) == {role}


def test_a_lower_case_name_spelled_out_by_short_for_is_a_name(nlp):
    ms = mentions(nlp, "A Title", "We present zorbo (short for Zero-Overhead Retrieval BOosting), a series of models "
                  "fine-tuned from LLaMA. Empirically, zorbo performs well.")
    zorbo = [m for m in ms if m.name == "zorbo"]
    assert {m.text for m in zorbo} == {"zorbo", "Zero-Overhead Retrieval BOosting"}
    assert {m.type for m in zorbo} == {"MODEL"} and {m.role for m in zorbo} == {"proposed"}
    # a word the parentheses do not spell out is no name
    assert not [m for m in mentions(nlp, "A Title", "We present results (short for brevity) here.") if m.name == "results"]


def test_a_long_form_whose_head_is_a_gerund_is_a_method_unless_it_names_a_task(nlp):
    ms = mentions(nlp, "A Study", "We study selective zorb freezing (SZF) for continual learning. "
                                  "We introduce Adaptive Blorp Merging (ABM) to speed up vision transformers. "
                                  "We report results on Zorbian Question Answering (ZQA).")
    assert {("METHOD", "SZF"), ("METHOD", "ABM")} <= found(ms)  # not MODEL from "transformers" later on
    assert "ZQA" not in {m.name for m in ms if m.type == "METHOD"}  # answering names a task


def test_plain_capitalised_words_before_a_data_noun_name_a_dataset(nlp):
    ms = mentions(nlp, "A Study", "We evaluate on the Zorbix dataset and the Blorp Hand corpus. "
                                  "We also use the Korean corpus, Twitter corpora and the People's Daily corpus. "
                                  "Zorbix dataset is small.")
    assert {("DATASET", "Zorbix"), ("DATASET", "Blorp Hand")} <= found(ms)
    listed = mentions(nlp, "A Study", "Experiments on the Quux, Flim, and Flam datasets and the Korean and Zib corpora.")
    assert {("DATASET", "Quux"), ("DATASET", "Flim"), ("DATASET", "Flam"), ("DATASET", "Zib")} <= found(listed)
    assert "Korean" not in {m.name for m in listed}
    names = {m.name for m in ms}
    assert not names & {"Korean", "Twitter", "Daily", "People"}  # a language, a source, a cut name


def test_which_we_call_names_what_the_head_noun_before_it_types(nlp):
    ms = mentions(nlp, "A Study", "We find that a hybrid approach, which we call zorb-routing retrieval, matches it. "
                                  "We build a corpus, which we term Blorp Flux Corpus, for them. "
                                  "We also test a method called Quux-Blorp Sampling, which is fast. We call for more work.")
    assert {("METHOD", "zorb-routing retrieval"), ("DATASET", "Blorp Flux Corpus"), ("METHOD", "Quux-Blorp Sampling")} <= found(ms)
    assert not {m.name for m in ms} & {"more work", "for more work"}


def test_a_capitalised_lower_case_term_that_opens_a_longer_name_is_not_that_term(nlp):
    ms = mentions(nlp, "A Study", "We compare ZorbAI Deep Research and Perplexity Deep Research. "
                                  "We group data into Instruction Fine-tuning Datasets and others. "
                                  "We report Perplexity and accuracy.")
    names = {m.name.lower() for m in ms}
    assert "instruction tuning" not in names
    assert [m.text for m in ms if m.name.lower() == "perplexity"] == ["Perplexity"]  # only the metric reported


def test_rerankers_verifiers_and_tokenizers_are_models(nlp):
    ms = mentions(nlp, "A Study", "We train a reasoning-intensive reranker named ZorbRank. "
                                  "We also release a process verifier called BlorpCheck, and a tokenizer, QuuxTok, for code.")
    assert {("MODEL", "ZorbRank"), ("MODEL", "BlorpCheck"), ("MODEL", "QuuxTok")} <= found(ms)


def test_one_capitalised_word_after_a_definite_article_and_before_a_head_noun_is_a_proposed_name(nlp):
    ms = mentions(nlp, "A Study", "This paper introduces the Blorp framework, which couples retrieval with planning. "
                                  "We present our Zorbix benchmark. We propose the Bayesian framework and a Unified approach.")
    assert {("METHOD", "Blorp"), ("BENCHMARK", "Zorbix")} <= found(ms)
    assert roles_of(ms, "Blorp") == {"proposed"}
    assert not {m.name for m in ms} & {"Bayesian", "Unified"}


def test_a_counted_plural_head_noun_types_the_names_listed_after_it(nlp):
    ms = mentions(nlp, "A Study", "We evaluate on two agentic benchmarks, Zorb-Gym and Blorp-World. "
                                  "We compare against baselines including ZorbRAG, BlorpRAG and Self-RAG. "
                                  "It beats Llama-3-8B, Zorbix-8B and Blorp-7B.")
    assert {("BENCHMARK", "Zorb-Gym"), ("BENCHMARK", "Blorp-World"), ("METHOD", "ZorbRAG"), ("METHOD", "BlorpRAG"),
            ("MODEL", "Zorbix-8B"), ("MODEL", "Blorp-7B")} <= found(ms)


def test_report_titles_and_introducing_titles_name_the_paper_s_model(nlp):
    cases = {"Blorp 2.0 Technical Report": "Blorp 2.0", "Zorbix Technical Report": "Zorbix",
             "Introducing Quux: Open Models for Math": "Quux", "Meet Flim: Small and Fast Models": "Flim"}
    for title, name in cases.items():
        ms = mentions(nlp, title, "We release the models and code.")
        assert {(m.type, m.name, m.role) for m in ms} == {("MODEL", name, "proposed")}, title
    assert mentions(nlp, "A Technical Report", "We release the models.") == []


def test_an_introducing_word_is_never_a_name_itself(nlp):
    for title in ("Introducing: A New Way to Align Models", "Meet: Small Talk with Agents"):
        ms = mentions(nlp, title, "We present a method for alignment.")
        assert not any(m.name in {"Introducing", "Meet"} for m in ms), title


def test_a_name_with_a_release_number_and_no_typing_words_is_a_model(nlp):
    cases = {"Zorp-1.5: Scaling Reinforcement Learning with LLMs": "Zorp-1.5",
             "Blorp2: Boosting Reasoning with Search": "Blorp2",
             "Quux 3: Open Foundation Models": "Quux 3"}
    for title, name in cases.items():
        ms = mentions(nlp, title, f"{name} reaches 77.5 on AIME 2024 and matches o1.")
        assert ("MODEL", name) in found(ms) and ("METHOD", name) not in found(ms), title
    # without a release number, a name doing what a gerund subtitle says is still a method
    ms = mentions(nlp, "Zorpify: Generating Instruction Data with Small Models", "Zorpify helps.")
    assert ("METHOD", "Zorpify") in found(ms)


def test_a_spaced_release_number_after_a_proposed_name_belongs_to_it(nlp):
    ms = mentions(nlp, "Open Foundation Models", "We release Quux 3, a family of open-weight language models. "
                                                 "Quux 3 beats Llama 3 on MMLU.")
    assert ("MODEL", "Quux 3") in found(ms) and not any(m.name == "Quux" for m in ms)
    for sentence in ("We present Table 3, which lists the results.", "We introduce Study 2, a follow-up survey.",
                     "We present Model 2, a simpler variant."):
        assert mentions(nlp, "A Study", sentence) == [], sentence


def test_a_participle_after_a_proposed_name_does_not_type_it(nlp):
    ms = mentions(nlp, "A Study", "We present Zorbix-1.5, trained with reinforcement learning on math problems.")
    assert ("MODEL", "Zorbix-1.5") in found(ms)


def test_a_collective_noun_takes_the_type_of_its_members(nlp):
    cases = {"We present Zorbix, an open suite of video foundation models.": ("MODEL", "Zorbix"),
             "We present Zorbix, a suite of benchmarks for web agents.": ("BENCHMARK", "Zorbix"),
             "We present Zorbix, a large, diverse and open collection of 50k prompts.": ("DATASET", "Zorbix")}
    for sentence, expected in cases.items():
        assert expected in found(mentions(nlp, "A Study", sentence)), sentence


def test_a_spaced_size_after_a_new_model_name_is_its_variant(nlp):
    ms = mentions(nlp, "Zorbix: Open Video Generative Models", "Zorbix 14B beats Sora. Zorbix 7B tokens were seen.")
    variants = {m.name: m.family for m in ms if m.family}
    assert variants.get("Zorbix 14B") == "Zorbix" and "Zorbix 7B" not in variants


def test_agent_frameworks_and_training_libraries_are_methods(nlp):
    ms = mentions(nlp, "A Study", "We compare MetaGPT, AutoGen and OpenHands, train with verl and serve with vLLM.")
    assert {("METHOD", "MetaGPT"), ("METHOD", "AutoGen"), ("METHOD", "OpenHands"), ("METHOD", "verl"), ("METHOD", "vLLM")} <= found(ms)


def test_a_recall_at_k_alias_does_not_swallow_an_r1_name():
    from kg.names import name_key
    assert name_key("R@1") != name_key("R1") and name_key("Pass@1") == name_key("pass@1")


def test_a_thousands_count_after_a_model_name_names_data_not_a_variant(nlp):
    ms = mentions(nlp, "A Study", "We construct Video-R1-260k for RL training of Video-R1-7B; Yi-34B-200K and gpt-3.5-turbo-16k read long inputs.")
    assert ("DATASET", "Video-R1-260k") in found(ms)
    assert not any(m.type == "MODEL" and "260" in m.name for m in ms)
    assert any(m.type == "MODEL" and m.name.startswith("Yi") and "200K" in m.name for m in ms)
    assert any(m.type == "MODEL" and m.name.startswith("GPT-3.5") and "16K" in m.name for m in ms)


def test_a_known_name_the_authors_say_they_call_is_proposed(nlp):
    ms = mentions(nlp, "Open Post-Training", "We add a novel method we call Reinforcement Learning with Verifiable "
                                            "Rewards (RLVR). We test four LLMs, namely Llama 3 8B and Mistral 7B.")
    roles = {m.name: m.role for m in ms}
    assert roles["RLVR"] == "proposed" and roles["Llama 3 8B"] == "used"


def test_an_environment_is_a_benchmark_and_by_introducing_proposes(nlp):
    ms = mentions(nlp, "A Study", "We adopt Zorb-World, a real-world navigation environment. "
                                  "We challenge this notion by introducing Blorpix, a diffusion model trained from scratch.")
    assert ("BENCHMARK", "Zorb-World") in found(ms)
    roles = {(m.type, m.name): m.role for m in ms}
    assert roles.get(("MODEL", "Blorpix")) == "proposed" and roles.get(("BENCHMARK", "Zorb-World")) == "used"


def test_a_model_s_makers_are_not_the_model(nlp):
    ms = mentions(nlp, "A Study", "Models pre-tuned by the DeepSeek team and Mistral AI lose to Mistral 7B.")
    assert {m.name for m in ms} == {"Mistral 7B"}


def test_evaluation_code_is_no_evaluation_cue(nlp):
    doc = nlp("A Study\n\nWe filter Common Crawl snapshots into a new corpus, released with our evaluation codebase.\n"
              "We evaluate on Common Crawl.")
    evaluated = [s.sent.text.strip()[:9] for s in doc.spans["kg_evaluated"]]
    assert evaluated == ["We evalua"]


def test_a_dash_sets_a_name_after_its_head_noun(nlp):
    ms = mentions(nlp, "A Study", "The system has two components: a large-scale shape generation model -- Zorb-DiT, "
                                  "and a texture synthesis model — Zorb-Paint.")
    assert {("MODEL", "Zorb-DiT"), ("MODEL", "Zorb-Paint")} <= found(ms)


def test_a_capitalised_name_may_end_in_a_size(nlp):
    ms = mentions(nlp, "A Study", "We distil the lightweight Zorb-Audio-TTS-3B model. It runs a native GUI agent model.")
    assert found(ms) == {("MODEL", "Zorb-Audio-TTS-3B")} | {(m.type, m.name) for m in ms if m.name == "knowledge distillation"}


def test_our_new_name_is_proposed(nlp):
    ms = mentions(nlp, "A Study", "Based on our new ZorbEval-360 evaluation benchmark, Blorp wins in human evaluations.")
    assert ("ZorbEval-360", "proposed") in named_roles(ms)


def test_a_hyphenated_modifier_does_not_end_an_apposition(nlp):
    ms = mentions(nlp, "A Study", "We introduce Zorb Lab, an autonomous LLM-based framework capable of completing research.")
    assert ("METHOD", "Zorb Lab") in found(ms)


def test_a_new_name_built_on_a_known_variant_is_taken_whole(nlp):
    ms = mentions(nlp, "A Study", "Our model Qwen2.5-Math-Zorb needs an hour. We release Llama-3-Blorp. "
                                  "We use GPT-3.5-based judges and Llama-2-7B-chat.")
    names = {m.name for m in ms}
    assert {"Qwen2.5-Math-Zorb", "Llama-3-Blorp", "GPT-3.5"} <= names and "Qwen2.5-Math" not in names
    assert mentions(nlp, "A Study", "Stage-2-Training helps.") == []


def test_an_acronym_of_one_lower_case_adjective_names_nothing(nlp):
    ms = mentions(nlp, "A Study", "We present a non-autoregressive (NAR) variant and propose selective layer freezing (SLF).")
    assert found(ms) == {("METHOD", "SLF")}


def test_an_underscore_joins_a_name(nlp):
    ms = mentions(nlp, "A Study", "We present a variant, named Zorb-TTS_DiT, which is fast, and compare with InternVL2_5.")
    assert {"Zorb-TTS_DiT", "InternVL2.5"} <= {m.name for m in ms} and "DiT" not in {m.name for m in ms}


def test_a_title_prefix_of_generic_words_names_nothing(nlp):
    assert mentions(nlp, "LLM Post-Training: A Deep Dive into Reasoning Models", "This survey reviews methods.") == []


def test_a_known_name_that_is_the_whole_title_is_proposed(nlp):
    ms = mentions(nlp, "Self-Rewarding Language Models", "We study Self-Rewarding Language Models with GPT-4.")
    assert {(m.name, m.role) for m in ms if m.type == "METHOD"} == {("Self-Rewarding Language Models", "proposed")}


def test_a_named_capitalised_word_takes_its_technique_word(nlp):
    ms = mentions(nlp, "A Study", "We introduce a new method called Zorb anchoring, which fixes it. "
                                  "We propose a model called Blorp trained on data.")
    assert {("METHOD", "Zorb anchoring"), ("MODEL", "Blorp")} <= found(ms)


def test_a_reasoning_effort_is_a_variant(nlp):
    ms = mentions(nlp, "A Study", "It approaches GPT-5-high and o3-mini-high.")
    variants = {m.name: m.family for m in ms if m.family}
    assert variants.get("GPT-5 high") == "GPT-5" and variants.get("o3-mini-high") == "o3-mini"


def test_training_data_in_a_sentence_that_also_evaluates_is_not_evaluated_on(nlp):
    doc = nlp("A Study\n\nWe train Mistral-7B-Base and Llama-3-8B-Instruct on UltraFeedback and evaluate on MT-Bench.")
    assert [s.text for s in doc.spans["kg_evaluated"]] == ["MT-Bench"]


def test_etc_before_a_capitalised_word_ends_the_sentence(nlp):
    doc = nlp("A Study\n\nIt surpasses DINOv2, CLIP, etc. Our approach uses public data: ImageNet-21K and LAION-2B, e.g. Zorb.")
    assert [s.text for s in doc.sents][-1] == "Our approach uses public data: ImageNet-21K and LAION-2B, e.g. Zorb."
    assert not doc.spans["kg_evaluated"]


def test_a_defined_shorthand_stays_part_of_the_hyphenated_names_it_is_in(nlp):
    ms = mentions(nlp, "A Study", "Training with reinforcement learning (RL) helps. This paper introduces Zorb-RL, the first approach to "
                                  "scale RL-based reasoning. Our model, Llama3-Zorb-RL-70B, wins.")
    assert {"Zorb-RL", "Llama3-Zorb-RL-70B"} <= {m.name for m in ms}


def test_a_metric_at_a_cut_off_is_its_at_k_metric(nlp):
    ms = mentions(nlp, "A Study", "We report pass@5, pass@1, maj@n and Hit@20.")
    assert {(m.text, m.name) for m in ms} == {("pass@5", "pass@5"), ("pass@1", "pass@1"), ("maj@n", "maj@k"),
                                               ("Hit@20", "Hits@20")}


def test_a_word_tier_after_a_known_collection_makes_another_collection(nlp):
    ms = mentions(nlp, "A Study", "We expand Emilia to Emilia-Large, a dataset of speech, and test on MMLU-Pro and AIME-2024.")
    assert {"Emilia", "Emilia-Large", "MMLU-Pro", "AIME 2024"} <= {m.name for m in ms}


@pytest.mark.parametrize("title, abstract", [  # a new benchmark and a known one
    ("Zorb-Bench: Freelance Tasks", "We release a public evaluation split, Zorb-Bench Diamond."),
    ("SWE-Lancer: Freelance Tasks", "We release a public evaluation split, SWE-Lancer Diamond."),
])
def test_a_subset_of_a_proposed_benchmark_is_proposed(nlp, title, abstract):
    ms = mentions(nlp, title, abstract)
    subset = [m for m in ms if m.name.endswith(" Diamond")]
    assert subset and all(m.type == "BENCHMARK" and m.role == "proposed" and m.family for m in subset)


def test_a_codec_is_a_model_and_a_gerund_before_a_head_noun_is_no_clause(nlp):
    ms = mentions(nlp, "A Study", "We introduce Zorb-TTS, a system powered by BlorpCodec, a single-stream speech codec. "
                                  "We propose Quuxinstruct, a novel unified codec language modeling framework.")
    assert {("MODEL", "BlorpCodec"), ("METHOD", "Quuxinstruct")} <= found(ms)


def test_a_comma_apposition_after_a_long_modified_head_types_the_name(nlp):
    ms = mentions(nlp, "A Study", "A video-based preference approach, Zorb-DPO, is applied to reduce artifacts.")
    assert found(ms) == {("METHOD", "Zorb-DPO")}


@pytest.mark.parametrize("lead", [
    "This system includes two foundation components:",
    "Zorb incorporates several key innovations:",
])
def test_named_parts_of_the_paper_s_own_system_are_proposed(nlp, lead):
    ms = mentions(nlp, "Zorb: 3D Asset Generation", f"We present Zorb. {lead} a large-scale shape generation model -- "
                                                       "Zorb-DiT, and a texture synthesis model -- Zorb-Paint.")
    roles = {(m.name, m.role) for m in ms if m.name.startswith("Zorb-")}
    assert roles == {("Zorb-DiT", "proposed"), ("Zorb-Paint", "proposed")}


def test_a_spaced_release_number_follows_a_name_with_digits(nlp):
    ms = mentions(nlp, "Zorb3D 2.0: Scaling Diffusion Models", "We present Zorb3D 2.0, an advanced 3D model.")
    assert {m.name for m in ms if m.role == "proposed"} == {"Zorb3D 2.0"}


def test_openai_model_names_in_capitals_and_diffusion_transformers(nlp):
    ms = mentions(nlp, "A Study", "It trails OpenAI O1 and OpenAI-O3-mini. A flow-based diffusion transformer and a DiT help.")
    assert {("MODEL", "o1"), ("MODEL", "o3-mini"), ("METHOD", "DiT")} <= found(ms)


def test_the_plural_of_a_name_that_ends_like_an_acronym_is_the_name(nlp):
    ms = mentions(nlp, "Four Habits of Highly Effective STaRs", "We merge several LoRAs and compare GPT-4 with Mambas.")
    assert found(ms) == {("METHOD", "STaR"), ("METHOD", "LoRA"), ("MODEL", "GPT-4")}


def test_every_mention_of_an_acronym_the_paper_spells_out_its_own_way_is_the_paper_s_entity(nlp):
    title, abstract = "A Title", ("Our analysis informs an Optimized Fine-Tuning (OFT) recipe for robots. "
                                  "We release code for OFT and compare with orthogonal finetuning.")
    ms = mentions(nlp, title, abstract)
    entities, links = resolve([PaperExtraction(Paper(id="p", title=title, abstract=abstract), ms)])
    by_id = {e.id: e for e in entities}
    linked = {by_id[link.entity].name: link.role for link in links}
    assert linked.get("OFT") == "proposed" and linked.get("Orthogonal Finetuning") == "used"


def test_sizes_after_a_known_collection_name_a_new_model(nlp):
    ms = mentions(nlp, "A Study", "We introduce two variants: Emilia-9B and Emilia-83B, with Emilia-9B-Chat leading.")
    assert {("MODEL", "Emilia-9B"), ("MODEL", "Emilia-83B"), ("MODEL", "Emilia-9B-Chat")} <= found(ms)
    assert "Emilia" not in {m.name for m in ms}


def test_a_size_inside_a_name_makes_it_a_model(nlp):
    ms = mentions(nlp, "A Study", "We successfully train our final Zorb-14B-DS with more data.")
    assert found(ms) == {("MODEL", "Zorb-14B-DS")}


def test_a_size_in_brackets_names_a_variant_only_beside_another_variant(nlp):
    ms = mentions(nlp, "A Study", "It beats Qwen2.5-VL-7B, Qwen2.5-VL (72B) and GPT-3 (175B) but not LLaMA (7B, 13B).")
    variants = {m.name: m.family for m in ms}
    assert variants.get("Qwen2.5-VL-72B") == "Qwen2.5-VL" and variants.get("Qwen2.5-VL-7B") == "Qwen2.5-VL"
    assert "GPT-3" in variants and "GPT-3 175B" not in variants  # the size of the one GPT-3 named, in passing
    assert "LLaMA" in variants and variants["LLaMA"] is None


def test_a_model_class_defined_in_passing_names_nothing(nlp):
    ms = mentions(nlp, "A Study", "Research on tabular foundation models (TFMs) grows. We introduce Zorb, a TFM trained on "
                  "priors; it beats TFMs such as BlorpPFNv2.")
    assert not any(m.name in {"TFM", "TFMs", "tabular foundation models"} for m in ms)
    ms = mentions(nlp, "A Study", "We call the resulting models Agent Zorb Foundation Models (AZFMs). AZFMs are strong.")
    assert ("MODEL", "AZFM") in found(ms)


def test_a_version_glued_to_a_known_model_is_a_model(nlp):
    ms = mentions(nlp, "A Study", "Zorb outperforms SigLIPv3 on every dataset.")
    assert ("MODEL", "SigLIPv3") in found(ms)


def test_a_spaced_release_number_after_a_known_model(nlp):
    ms = mentions(nlp, "A Study", "Zorb uses BERT 3, and CLIP 3 times faster with BERT 2 layers; O4-mini is strong.")
    names = {m.name: m.family for m in ms}
    assert names.get("BERT-3") == "BERT" and "CLIP" in names and "BERT-2" not in names and "o4-mini" in names


def test_a_new_cut_of_a_known_collection_is_a_collection_of_its_type(nlp):
    ms = mentions(nlp, "A Study", "It scores 56.1 on OSWorld-Zorb, even outperforming UI-TARS, and we train on ImageNet-Blorp.")
    assert {("BENCHMARK", "OSWorld-Zorb"), ("DATASET", "ImageNet-Blorp")} <= found(ms)


def test_multi_agent_systems_are_a_generic_term_and_new_techniques_are_known(nlp):
    ms = mentions(nlp, "A Study", "Despite enthusiasm for Multi-Agent LLM Systems (MAS), MAS gains are small. We use "
                                  "reinforcement fine-tuning and tool-integrated reasoning on needle-in-haystack tasks.")
    assert found(ms) == {("METHOD", "reinforcement fine-tuning"), ("METHOD", "tool-integrated reasoning"),
                         ("BENCHMARK", "Needle In A Haystack")}


def test_by_developing_a_benchmark_dataset_proposes_a_benchmark(nlp):
    ms = mentions(nlp, "A Study", "We address this question by developing Zorb-IQ, a comprehensive benchmark dataset of videos.")
    assert {(m.type, m.name, m.role) for m in ms} == {("BENCHMARK", "Zorb-IQ", "proposed")}


def test_an_all_capitals_spelling_of_a_mixed_case_acronym_is_the_name(nlp):
    ms = mentions(nlp, "Zorb: Curriculum SFT for Long COT", "We train with COT prompts and LORA adapters.")
    assert {(m.name, m.role) for m in ms if m.type == "METHOD"} >= {
        ("chain-of-thought", "used"), ("LoRA", "used")}


def test_a_score_gained_is_no_plus_benchmark_and_slashed_sizes_are_variants(nlp):
    ms = mentions(nlp, "A Study", "It gains HumanEval +3.0 and MBPP+ 1.2 over Qwen-2.5-7B/72B, in Lean 4.")
    assert {m.name for m in ms} == {"HumanEval", "MBPP+", "Qwen2.5 7B", "Qwen2.5 72B"}


def test_a_collection_named_as_a_benchmark_is_one(nlp):
    ms = mentions(nlp, "A Study", "We introduce ZorbBench, a collection of 325 formalized problems.")
    assert found(ms) == {("BENCHMARK", "ZorbBench")}


def test_sizes_named_after_the_paper_s_new_data_are_its_models(nlp):
    ms = mentions(nlp, "A Study", "We introduce ZorbMed, a dataset of 370k medical answers. Models trained on ZorbMed "
                                  "set a new benchmark: ZorbMed-7B surpasses prior models.")
    assert {(m.name, m.role) for m in ms if m.name == "ZorbMed-7B"} == {("ZorbMed-7B", "proposed")}


def test_a_technique_written_only_as_an_adjective_names_no_technique_of_the_paper(nlp):
    paper = Paper(id="p", title="A Study", abstract="Modern instruction-tuned models write code. We also study Zorb.")
    assert "instruction tuning" not in {m.name for m in named_by_paper(mentions(nlp, paper.title, paper.abstract))}
    applied = mentions(nlp, "A Study", "Instruction-tuned models write code, and we apply instruction tuning to Zorb.")
    assert "instruction tuning" in {m.name for m in named_by_paper(applied)}


def test_a_known_model_whose_report_the_title_names_is_proposed(nlp):
    ms = mentions(nlp, "Phi-4-Mini Technical Report: Compact Multimodal Language Models", "We study its training data.")
    assert named_roles(ms) == {("Phi-4-mini", "proposed")}


def test_a_size_of_the_paper_s_family_with_a_tag_of_its_own_is_proposed(nlp):
    ms = mentions(nlp, "Zorb: Curriculum SFT", "This paper presents the Zorb series. The 32B model, Zorb-32B-DS, "
                                               "performs well.")
    assert ("Zorb-32B-DS", "proposed") in named_roles(ms)


def test_a_new_name_the_sentence_says_is_designed_is_proposed(nlp):
    ms = mentions(nlp, "Zorb Technical Report", "A deep compression Variational Autoencoder, Blorp-VAE, is designed for "
                                                "video generation. GPT-4 is proposed by others.")
    assert {("Blorp-VAE", "proposed"), ("GPT-4", "used")} <= named_roles(ms)


def test_a_conversion_between_modalities_is_a_task_not_a_model(nlp):
    assert best_long_form("I2V", "image-to-video") == 0
    ms = mentions(nlp, "A Study", "Text-to-Image (T2I) models and image-to-video (I2V) generation improve. We compare "
                                  "10 dedicated T2I models, I2V models and T2V models with Zorb-7B.")
    assert {m.name for m in ms} == {"Zorb-7B"}


def test_cost_measures_and_whole_model_classes_are_generic(nlp):
    ms = mentions(nlp, "A Study", "Diffusion models are slow. We cut latency, inference time and FLOPs of DDPM "
                                  "while keeping accuracy.")
    assert {m.name for m in ms} == {"DDPM"}  # "keeping accuracy" reports no score either


def test_test_time_compute_is_a_budget_and_test_time_scaling_a_technique(nlp):
    assert {m.name for m in mentions(nlp, "A Study", "We spend more test-time compute on GPT-4.")} == {"GPT-4"}
    assert "test-time scaling" in {m.name for m in mentions(nlp, "A Study", "We apply test-time scaling to GPT-4.")}


def test_a_novel_capitalised_phrase_before_a_head_noun_is_the_authors_method(nlp):
    ms = mentions(nlp, "A Study", "Our strategy improves models via SFT, a novel Adaptive Quux Fusion method and RL.")
    assert ("METHOD", "Adaptive Quux Fusion", "proposed") in {(m.type, m.name, m.role) for m in ms}
    assert "Blorp Quux" not in {m.name for m in mentions(nlp, "A Study", "Others used a novel Blorp Quux method.")}


def test_two_words_of_a_method_hyphenated_as_a_modifier_name_it(nlp):
    ms = mentions(nlp, "A Study", "A reinforcement-learning baseline beats a supervised-finetuning baseline.")
    assert {m.name for m in ms} == {"reinforcement learning", "SFT"}


def test_a_plural_class_of_large_models_is_no_named_model(nlp):
    ms = mentions(nlp, "A Study", "Large Audio Language Models (LALMs) listen. LALMs and the Large World Model (LWM) "
                                  "are compared.")
    assert {m.name for m in ms} == {"LWM"}


def test_a_base_model_of_a_size_is_that_size_not_a_base_variant(nlp):
    ms = mentions(nlp, "A Study", "We train the Qwen2.5-32B base model and compare with BERT base.")
    assert {m.name for m in ms} == {"Qwen2.5 32B", "BERT-Base"}


def test_a_listed_part_takes_over_a_known_name_inside_it_but_not_one_it_only_repeats(nlp):
    ms = mentions(nlp, "A Study", "Building on ZorbNet, we introduce three key innovations: (1) Blorp Depth Pruning: "
                  "a block analysis. (2) Inference-time Scaling: a sampling strategy. (3) Quux Flamingo Fusion: a mixer.")
    parts = {(m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("Blorp Depth Pruning", "proposed"), ("Quux Flamingo Fusion", "proposed")}
    assert "Flamingo" not in {m.name for m in ms}  # the known model inside a part is the part's word
    assert "Inference-time Scaling" not in {m.name for m in ms}  # a known term as a whole item stays that term


def test_labels_a_colon_closes_after_list_markers_name_the_parts(nlp):
    ms = mentions(nlp, "Zorb-V2: Scaling Proving", "Our approach incorporates three key innovations: (1) Scaffolded "
                  "data synthesis: We generate tasks; (2) Verifier-guided self-correction: We revise proofs. Zorb "
                  "adopts two novel designs: (a) Zero-computation Experts, which save compute.")
    parts = {(m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("Scaffolded data synthesis", "proposed"), ("Verifier-guided self-correction", "proposed"),
                     ("Zero-computation Experts", "proposed")}
    # the title's name inside the cue's sentence owns the parts, and an item goes on after a semicolon
    ms = mentions(nlp, "ZORB: Tool Reasoning", "The core innovation of ZORB lies in its framework, which comprises two "
                  "key techniques: 1) Quux-infer: We show that hints work. Quux-infer is also a scaling method; "
                  "2) Quux Rejection Fine-Tuning (Quux-RFT): Quux-RFT combines them.")
    assert {(m.name, m.role) for m in ms if m.name.startswith("Quux")} == {("Quux-infer", "proposed"),
                                                                           ("Quux-RFT", "proposed")}


def test_a_known_name_with_a_quoted_nickname_called_new_is_proposed(nlp):
    ms = mentions(nlp, "A Study", 'We present RWKV-7 "Goose", a new sequence modeling architecture, and compare with Mamba.')
    assert named_roles(ms) == {("RWKV-7", "proposed"), ("Mamba", "used")}


def test_building_upon_a_model_proposes_nothing(nlp):
    ms = mentions(nlp, "A Study", "Building upon Zorb-1.0, we introduce three key innovations.")
    assert ("Zorb-1.0", "proposed") not in named_roles(ms)


def test_a_survey_title_proposes_none_of_its_topic(nlp):
    ms = mentions(nlp, "Retrieval-Augmented Generation: A Survey", "We review RAG systems.")
    assert named_roles(ms) == {("RAG", "used")}
    assert {(m.name, m.role) for m in mentions(nlp, "RAG: Better Retrieval", "We study it.")} == {("RAG", "proposed")}


def test_a_hyphenated_split_of_a_new_benchmark_is_a_proposed_benchmark(nlp):
    ms = mentions(nlp, "A Study", "We introduce ZorbBench, a code benchmark. We evaluate 30 LLMs on ZorbBench and its "
                                  "simplified version ZorbBench-Lite. Besides, we introduce ZorbBench-Complete, designed "
                                  "for base models.")
    found = {(m.name, m.type, m.role) for m in ms}
    assert {("ZorbBench-Lite", "BENCHMARK", "proposed"), ("ZorbBench-Complete", "BENCHMARK", "proposed")} <= found
    assert {m.family for m in ms if m.name == "ZorbBench-Lite"} == {"ZorbBench"}  # a subset, in its family


def test_a_generalist_policy_is_a_model(nlp):
    ms = mentions(nlp, "A Study", "Building on top of data, we introduce Quux Operator-1 (QO-1), a novel generalist "
                                  "policy that acts.")
    assert {m.type for m in ms if m.name == "QO-1"} == {"MODEL"}
    ms = mentions(nlp, "A Study", "We propose ZPO-QS (Zorb Policy Optimization with Quux Sampling).")
    assert {m.type for m in ms if m.name == "ZPO-QS"} == {"METHOD"}


def test_a_name_after_a_modified_collection_takes_its_type(nlp):
    ms = mentions(nlp, "A Study", "We build a preference dataset comprising 40 million pairs, named ZorbPref-40M, and "
                                  "an LLM-based framework for vision tasks, termed QuuxLLM.")
    assert {(m.name, m.type) for m in ms} >= {("ZorbPref-40M", "DATASET"), ("QuuxLLM", "MODEL")}


def test_a_metric_at_a_numeric_cutoff_is_its_own_entity_in_the_family(nlp):
    ms = mentions(nlp, "A Study", "Zorb solves 7 problems (Pass@512), reports maj@16, pass@1 and pass@k.")
    assert {m.name for m in ms if m.type == "METRIC"} == {"pass@512", "maj@16", "pass@1", "pass@k"}
    entities, _ = resolve([PaperExtraction(Paper(id="p", title="A Study", abstract=""), ms)])
    families = {e.name: e.family for e in entities if e.type == "METRIC"}
    assert families["pass@512"] == next(e.id for e in entities if e.name == "pass@k")


def test_a_new_release_of_a_known_method_stays_a_method(nlp):
    ms = mentions(nlp, "SparseGPT3: Microscaling FP4 Pruning", "We study it against Zorb-2.")
    assert {(m.name, m.type) for m in ms if m.component == "kg_title"} == {("SparseGPT3", "METHOD")}
    ms = mentions(nlp, "Quux2: Scaling Vision Models", "We study it.")
    assert {(m.name, m.type) for m in ms if m.component == "kg_title"} == {("Quux2", "MODEL")}


def test_our_model_after_a_hyphenated_modifier_is_proposed(nlp):
    ms = mentions(nlp, "A Study", "Empirically, our adversarial post-trained model, Zorb-APT, can generate videos.")
    assert {(m.name, m.type, m.role) for m in ms} == {("Zorb-APT", "MODEL", "proposed")}


def test_a_capitalised_name_with_a_count_of_examples_is_a_name(nlp):
    ms = mentions(nlp, "A Study", "We propose Zorb-Video-110K, a novel dataset, and release Quux-40K. Windows of "
                                  "1K-4K tokens and the Top-100K words are used.")
    assert {(m.name, m.type) for m in ms} == {("Zorb-Video-110K", "DATASET"), ("Quux-40K", "DATASET")}


def test_a_capitalised_word_before_a_known_collection_makes_a_new_one(nlp):
    ms = mentions(nlp, "Stateful Tasks", "We build Stateful GSM8K and Multi-Query GSM8K, which extend GSM8K. "
                                         "MMLU and Both MMLU-Pro are used with Natural Questions and the Huggingface Open LLM Leaderboard.")
    found = {(m.name, m.type) for m in ms}
    assert {("Stateful GSM8K", "BENCHMARK"), ("Multi-Query GSM8K", "BENCHMARK"), ("GSM8K", "BENCHMARK"),
            ("MMLU", "BENCHMARK"), ("MMLU-Pro", "BENCHMARK")} <= found
    assert not any(name.startswith(("Both", "Stateful MMLU", "Huggingface")) for name, _ in found)


def test_a_capitalised_phrase_a_clause_closes_after_a_proposal_verb_is_proposed(nlp):
    ms = mentions(nlp, "A Study", "To boost navigation, we propose Self-Evolving Trajectory Quux Alignment & Sparse Zorb "
                                  "Enhancement that refine traces. We present Vision-Language Models that see.")
    assert {(m.name, m.type, m.role) for m in ms} == {
        ("Self-Evolving Trajectory Quux Alignment", "METHOD", "proposed"), ("Sparse Zorb Enhancement", "METHOD", "proposed")}


def test_a_release_tag_glued_to_a_known_method_is_a_release_of_it(nlp):
    ms = mentions(nlp, "The AI Scientist-v2: Workshop-Level Discovery", "We extend The AI Scientist.")
    assert named_roles(ms) == {("The AI Scientist-v2", "proposed"), ("The AI Scientist", "used")}


def test_a_marked_list_after_a_verb_of_composition_names_the_parts(nlp):
    ms = mentions(nlp, "Zorb-Think: Reasoning for Recommendation", "Zorb-Think incorporates: (1) Itemic Quux Alignment: "
                  "cross-modal grounding; (2) Reasoning Activation: activating reasoning; and (3) Reasoning Enhancement, "
                  "where we design a reward. The pipeline consists of: (1) Data Collection: we crawl; (2) Model "
                  "Training: we train.")
    parts = {(m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("Itemic Quux Alignment", "proposed"), ("Reasoning Activation", "proposed"),
                     ("Reasoning Enhancement", "proposed")}


def test_names_a_count_of_parts_sums_up_after_a_comma_are_parts(nlp):
    ms = mentions(nlp, "A Study", "Our framework incorporates Automatic Zorb Sampling and Image Quux Preservation, two "
                                  "techniques that preserve details. It uses Large Blorp Models, three families.")
    parts = {(m.name, m.role) for m in ms if m.component == "kg_component_lists"}
    assert parts == {("Automatic Zorb Sampling", "proposed"), ("Image Quux Preservation", "proposed")}


def test_areas_and_components_named_in_passing_are_no_methods(nlp):
    ms = mentions(nlp, "A Study", "Pruning and model compression shrink the KV cache; we apply structured pruning and "
                  "KV cache quantization with positional encoding unchanged.")
    names = {m.name for m in ms}
    assert {"structured pruning", "KV cache quantization"} <= names
    assert not names & {"pruning", "model compression", "KV cache", "positional encoding"}
    ms = mentions(nlp, "A Study", "A supervised encoder-decoder is trained with multi-task fine-tuning.")
    assert {m.name for m in ms} == {"multi-task fine-tuning"}


def test_definitions_of_tasks_sensors_and_generic_short_forms_name_nothing(nlp):
    ms = mentions(nlp, "A Study", "We propose a draft model with a constant-sized Key-Value (KV) cache. We develop a "
                  "monocular depth estimation (MDE) model; MDE models improve. We introduce Zorb-H0, a Vision-Language-Action "
                  "model (VLA), and a representation that jointly models RGB and XYZ sequences. Vision-and-language "
                  "navigation (VLN) is hard for Video-LLMs. We study grammatical error correction (GEC) and time series "
                  "forecasting (TSF); GEC and TSF models improve.")
    assert found(ms) == {("MODEL", "Zorb-H0")}


def test_a_new_name_after_a_novel_is_proposed_whoever_speaks(nlp):
    ms = mentions(nlp, "Zorb-3 is Large yet Cheap", "Zorb-3 innovates in two ways: (1) A novel Blorp-Matrix Quux "
                  "Attention (BMQA) mechanism that cuts memory, and (2) a faster kernel.")
    assert roles(ms).get("BMQA") == "proposed"


def test_a_number_format_before_a_method_makes_a_specific_technique(nlp):
    ms = mentions(nlp, "A Study", "This work introduces the first FP4 training framework. We compare FP4 quantization with "
                  "4-bit quantization under W8A8.")
    names = {m.name for m in ms}
    assert "FP4 quantization" in names and "quantization" in names
    assert not names & {"FP4", "W8A8", "4-bit quantization"}


def test_a_new_name_the_authors_train_is_a_model(nlp):
    ms = mentions(nlp, "Zorb-S: Towards Spatial Supersensing in Video", "We curate Blorp-590K and, training Zorb-S, "
                  "improve spatial recall by 30%.")
    assert ("MODEL", "Zorb-S") in found(ms)


@pytest.mark.parametrize("abstract, expected", [
    ("Our training mixes SFT with Blended Zorbic Policy Learning (BZPL) across domains.", "proposed"),
    ("At the core of our method is a Split Quorp Relative Optimization (SQRO) algorithm.", "proposed"),
    ("We adopt Blended Zorbic Policy Learning (BZPL) to train our model.", "used"),
    ("Our model pairs Zorb's Deep Quorp Encoder (DQE) with a small decoder.", "used"),
    ("Our model learns a quorp dynamics model (QDM) from video.", "used"),
])
def test_a_new_term_the_authors_define_in_their_own_voice_is_theirs(nlp, abstract, expected):
    ms = mentions(nlp, "Reasoning at Scale", abstract)
    defined = [m for m in ms if m.component == "kg_abbreviations"]
    assert defined and {m.role for m in defined} == {expected}


@pytest.mark.parametrize("abstract, name, expected", [
    ("In this report we describe Gemma 3, our latest family of open models.", "Gemma 3", "proposed"),
    ("Built on top of Gemma 3, our model sets a new state of the art.", "Gemma 3", "used"),
    ("Unlike methods based on Gemma 3, our approach needs no labels.", "Gemma 3", "used"),
    ("We distil our data into the student, resulting in OLMo 2 models that beat larger ones.", "OLMo 2", "proposed"),
    ("Our recipe scales, resulting in GPT-4-level scores.", "GPT-4", "used"),
    ("Our best model Gemma 3 beats every baseline.", "Gemma 3", "proposed"),
    ("Our teacher model Gemma 3 labels the data.", "Gemma 3", "used"),
    ("This work explores Vision Transformers (ViTs) -- a new class of models for images.", "ViT", "proposed"),
    ("We build the Zorb Transformer (T6), a new model for text.", "Transformer", "used"),
    ("A plain patch model, or ViT, as we call it, works well.", "ViT", "proposed"),
    ("We present and open-source Gemma 3, named after a gem, a family of models.", "Gemma 3", "proposed"),
    ("We fine-tune open-source Gemma 3 models.", "Gemma 3", "used"),
    ("Its parts: (1) A novel Multi-head Latent Attention (MLA) mechanism for speed.", "multi-head latent attention", "proposed"),
    ("Speed comes from a novel Transformer architecture.", "Transformer", "used"),
    ("In this report we introduce Gemini 2.5: Gemini 2.5 Pro and Gemini 2.5 Flash.", "Gemini 2.5 Pro", "proposed"),
    ("In this report we introduce Qwen2.5. It beats Qwen2.5-Math on MATH.", "Qwen2.5-Math", "used"),
    ("We create modified versions of two reasoning benchmarks - Stateful GSM8K and Stateful AIME.", "Stateful GSM8K", "proposed"),
    ("We build a model for two benchmarks, GSM8K and MATH.", "GSM8K", "used"),
    ("We develop two new benchmarks, GSM8K and MATH, for reasoning.", "GSM8K", "proposed"),
    ("To help research, we release our code, models, and the complete SlimPajama dataset under a free license.", "SlimPajama", "proposed"),
    ("We release the annotated SlimPajama dataset, labeled across 25 quality metrics.", "SlimPajama", "used"),
    ("We release code that filters SlimPajama for quality.", "SlimPajama", "used"),
    ("We release all code and Llama 2 checkpoints trained on our data.", "Llama 2", "used"),
])
def test_a_known_name_the_authors_make_is_proposed(nlp, abstract, name, expected):
    ms = [m for m in mentions(nlp, "A Report", abstract) if m.name == name]
    assert ms and {m.role for m in ms} == {expected}


@pytest.mark.parametrize("abstract, name, expected", [
    ("We address this with Zorbic Learning with Evolving Quorps (ZLEQ), in which we construct rubrics that "
     "co-evolve with the policy model.", "ZLEQ", "METHOD"),
    ("Thus, we propose Quorp-Aware ZFD (QA-ZFD), which extends the original ZFD score to rate data.", "QA-ZFD", "METRIC"),
])
def test_a_new_acronym_is_typed_by_the_head_it_is_given_not_by_any_later_noun(nlp, abstract, name, expected):
    ms = [m for m in mentions(nlp, "A Study", abstract) if m.name == name]
    assert ms and {m.type for m in ms} == {expected}


def test_companies_and_hardware_conversions_name_nothing(nlp):
    ms = mentions(nlp, "A Study", "Trained on NVIDIA A100, it eliminates GPU-to-CPU data copies. We use OpenAI models "
                                  "and ZorbNet-to-Quux, a method.")
    names = {m.name for m in ms}
    assert not {"NVIDIA", "GPU-to-CPU", "OpenAI"} & names and "ZorbNet-to-Quux" in names


def test_labels_and_title_phrases_that_praise_name_nothing(nlp):
    ms = mentions(nlp, "Zorb-2: Efficient LM Post-Training with Quorps", "Zorb-2 adopts three key innovations: (1) Efficient "
                  "Training Framework: we pack data offline. (2) State-of-the-art Performance: it beats others. "
                  "(3) Quux Token Folding: it folds tokens.")
    names = {m.name for m in ms if m.type == "METHOD"}
    assert "Quux Token Folding" in names
    assert not {"Efficient LM Post-Training", "Efficient Training Framework", "State-of-the-art Performance"} & names


def test_a_double_hyphen_is_a_dash_not_part_of_a_name(nlp):
    ms = mentions(nlp, "A Study", "It has four agents--Zorb Perceptor, Quux Operator, and Notetaker--which handle "
                                  "perception. We propose Thought-Mask Fine-Tuning, a method.")
    names = {m.name for m in ms}
    assert "Thought-Mask Fine-Tuning" in names and not [n for n in names if "--" in n]


def test_a_spaced_letter_release_after_a_known_model_is_its_release(nlp):
    ms = mentions(nlp, "Typhoon T1: An Open Thai Reasoning Model", "We compare Typhoon T1, Llama 2 and Typhoon 2.")
    assert {("Typhoon-T1", "proposed"), ("Typhoon 2", "used")} <= named_roles(ms)
    assert "T1" not in {m.name for m in ms}


def test_a_report_title_before_a_colon_names_the_model_not_the_report(nlp):
    ms = mentions(nlp, "ZorbBrain Technical Report: Spiking Brain-inspired Large Models", "We present ZorbBrain-7B.")
    assert ("MODEL", "ZorbBrain", "proposed") in {(m.type, m.name, m.role) for m in ms}
    assert not [m for m in ms if "Report" in m.name]


def test_a_name_spelled_out_in_brackets_after_it_takes_the_long_form_as_its_alias(nlp):
    ms = mentions(nlp, "A Study", "We propose ZQ-ATS (Zorbic Quorp Optimization with Adaptive Temperature Sampling), a method. "
                                  "Qwen2.5-Omni uses TMRoPE (Time-aligned Multimodal RoPE). It beats GPT-4o (OpenAI, 2024).")
    long_forms = {m.text: m.name for m in ms}
    assert long_forms.get("Zorbic Quorp Optimization with Adaptive Temperature Sampling") == "ZQ-ATS"
    assert long_forms.get("Time-aligned Multimodal RoPE") == "TMRoPE"  # not "Multimodal RoPE" (M-RoPE) inside it
    assert "M-RoPE" not in {m.name for m in ms} and "OpenAI" not in long_forms


def test_the_proposed_x_is_the_papers_and_the_recently_released_x_is_not(nlp):
    ms = mentions(nlp, "A Study", "Audio quality is enhanced through the proposed Zorb-VAE. "
                                  "We evaluate on the recently released PaperBench benchmark.")
    assert {("Zorb-VAE", "proposed"), ("PaperBench", "used")} <= named_roles(ms)


def test_a_task_word_after_a_new_benchmark_names_its_tasks_not_a_task(nlp):
    ms = mentions(nlp, "A Study", "We introduce Zorbic Enhanced MultiModal Assessment (ZEMMA), a benchmark for reasoning. "
                                  "ZEMMA tasks demand advanced cross-modal reasoning.")
    assert ("BENCHMARK", "ZEMMA") in found(ms)


def test_capitals_picked_out_of_plain_words_and_field_acronyms_name_nothing(nlp):
    ms = mentions(nlp, "ZEMMA: An Enhanced MultiModal ReAsoning Benchmark",
                  "We study multimodal reasoning. ZEMMA leads on STEM benchmarks and VL reasoning with DNA sequences.")
    names = {m.name for m in ms}
    assert "ZEMMA" in names and not {"ReAsoning", "MultiModal", "STEM", "VL", "DNA"} & names


def test_a_sized_release_of_data_named_after_the_papers_own_work_is_proposed(nlp):
    ms = mentions(nlp, "Zorbin: A Camera Model", "We introduce Zorbin, a model. Zorbin is trained on Zorbin-4M, a large-scale "
                                                  "dataset, and compared on GSM8K-100K.")
    roles = {(m.type, m.name, m.role) for m in ms}
    assert ("DATASET", "Zorbin-4M", "proposed") in roles and not [m for m in ms if m.name.startswith("GSM8K") and m.role == "proposed"]


def test_modifiers_before_a_known_technique_the_authors_propose_make_their_own_technique(nlp):
    ms = mentions(nlp, "A Study", "We introduce multi-codebook quantization, which splits codebooks. Our approach centers on "
                                  "physical instruction tuning, a novel training paradigm. We use the standard knowledge "
                                  "distillation and develop an end-to-end reinforcement learning strategy.")
    roles = {(m.name, m.role) for m in ms if m.type == "METHOD"}
    assert {("multi-codebook quantization", "proposed"), ("physical instruction tuning", "proposed")} <= roles
    assert ("knowledge distillation", "used") in roles and not [n for n, _ in roles if n.startswith(("standard", "end-to-end"))]


@pytest.mark.parametrize("abstract, expected", [
    ("We present Zephyr, a unified framework for image customization. Zephyr beats prior methods.", "METHOD"),
    ("To this end we introduce a new framework, Zephyr, for talking heads.", "METHOD"),
    ("We present Zephyr, a 7B chat model tuned with preference data, within our training framework.", "MODEL"),
    ("We present Zephyr, a novel system for image customization.", "MODEL"),
    ("We build a framework on Zephyr, a chat model.", "MODEL"),  # used, not proposed: the catalogue type
])
def test_a_known_model_the_paper_proposes_as_a_framework_is_a_method_in_its_line(nlp, abstract, expected):
    ms = named_by_paper(mentions(nlp, "A Study", abstract))
    assert {m.type for m in ms if m.name == "Zephyr"} == {expected}
    entities, links = resolve([PaperExtraction(Paper(id="p", title="A Study", abstract=abstract), ms)])
    graph = build_graph([Paper(id="p", title="A Study", abstract=abstract)], entities, links)
    [line] = paper_lines(graph)
    assert {item["type"] for item in line["entities"] if item["name"] == "Zephyr"} == {expected}
    assert {e.type for e in entities if e.name == "Zephyr"} == {"MODEL"}  # the node keeps the catalogue type


@pytest.mark.parametrize("title, abstract, expected", [
    ("Deep Quux: Learning with Evolving Rubrics", "We study rubrics. Deep Quux beats open baselines.", {"Deep Quux"}),
    ("Zorbing Quux Ability: Learning with Rubrics", "Zorbing quux ability is hard. We study it.", set()),
    ("Deep Quux: Learning with Evolving Rubrics", "We study rubrics and beat open baselines.", set()),
])
def test_a_title_prefix_the_abstract_writes_again_as_written_is_a_name(nlp, title, abstract, expected):
    assert {m.name for m in mentions(nlp, title, abstract) if m.component == "kg_title"} == expected


def test_a_long_camel_case_name_written_with_one_capital_is_still_the_name(nlp):
    ms = mentions(nlp, "A Study", "We report gains on Olympiadbench and Mathvista with Deepseek-R1. "
                                  "Complex numbers and a Multiple choice format are no ComplEx or MultiPL-E.")
    assert found(ms) >= {("BENCHMARK", "OlympiadBench"), ("BENCHMARK", "MathVista"), ("MODEL", "DeepSeek-R1")}
    assert not {m.text for m in ms} & {"Complex", "Multiple"}


def test_a_proposal_reaches_as_far_in_hyphenated_words_as_in_plain_ones(nlp):
    ms = mentions(nlp, "A Study", "To support evaluation, we construct user-centric, multi-turn human-AI interaction "
                                  "datasets, Zorb-Medium and Zorb-Long. Both include 15k memory points.")
    assert named_roles(ms) >= {("Zorb-Medium", "proposed"), ("Zorb-Long", "proposed")}


@pytest.mark.parametrize("title, expected", [
    ("Zorb: Pushing Omni-Modal Models with Progressive Quux Alignment", {("METHOD", "Progressive Quux Alignment", "proposed")}),
    ("LongZorb: Efficient Quux Fine-tuning of Long-Context LLMs", set()),  # the subtitle describes LongZorb
])
def test_a_title_cased_technique_a_named_work_uses_is_its_own_method(nlp, title, expected):
    ms = [m for m in mentions(nlp, title, "We study models.") if m.component == "kg_title" and m.field == "title" and m.start > 0]
    assert {(m.type, m.name, m.role) for m in ms} == expected


def test_a_capitalised_name_after_the_article_a_proposal_verb_governs_is_proposed(nlp):
    ms = mentions(nlp, "A Study", "To refine the color consistency, we introduce a Quux Consistency Reward. "
                                  "We also introduce a Python library for it.")
    assert {(m.name, m.role) for m in ms if m.component == "kg_proposals"} == {("Quux Consistency Reward", "proposed")}


def test_examples_after_such_as_in_a_sentence_with_a_proposal_verb_are_used(nlp):
    ms = mentions(nlp, "A Study", "While this process helps, it introduces a limitation in most tokenization algorithms "
                                  "such as Byte Pair Encoding (BPE).")
    assert ms and named_roles(ms) == {("BPE", "used")}


def test_a_new_name_given_as_an_example_is_used(nlp):
    ms = mentions(nlp, "A Study", "We introduce ZorbGen-1.5, a faster generator. We propose a method that rivals "
                                  "proprietary encoders, e.g., DINOv2, CLIP, BlorpLIPv2, etc.")
    roles = {m.name: m.role for m in ms}
    assert (roles.get("ZorbGen-1.5"), roles.get("BlorpLIPv2")) == ("proposed", "used")


def test_a_new_collection_a_result_is_reported_on_is_used(nlp):
    ms = mentions(nlp, "A Study", "Our framework, termed Vision Zorb (VZORB), achieves 60.4% accuracy on the QARC-1 benchmark.")
    roles = {m.name: m.role for m in ms}
    assert (roles.get("VZORB"), roles.get("QARC-1")) == ("proposed", "used")


def test_a_hyphenated_subset_of_a_known_benchmark_is_its_variant(nlp):
    ms = mentions(nlp, "A Study", "We reach state-of-the-art on Sotopia-hard and Sotopia-full but not on MMLU-Redux.")
    assert found(ms) >= {("BENCHMARK", "SOTOPIA-hard"), ("BENCHMARK", "SOTOPIA-full")}
    assert {m.family for m in ms if m.name.startswith("SOTOPIA-")} == {"SOTOPIA"}


def test_a_known_acronym_redefined_in_the_plural_is_redefined_in_the_singular_too(nlp):
    ms = mentions(nlp, "A Study", "Large reasoning models (LRMs) like DeepSeek-R1 think long. We teach a LRM to use tools.")
    assert "LRM" not in {m.name for m in ms}  # not the Large Reconstruction Model the gazetteer knows


def test_capitalised_words_before_a_head_noun_in_the_authors_sentence_name_their_work(nlp):
    ms = mentions(nlp, "A Study", "Our architecture achieves precise control through a Window Quux-Attention mechanism "
                                  "that localizes prompts. We combine it with the KV Cache technique and a Turing-complete "
                                  "Markov algorithm.")
    assert {(m.type, m.name, m.role) for m in ms if m.component == "kg_proposals"} == {
        ("METHOD", "Window Quux-Attention", "proposed")}
    assert "KV Cache" not in {m.text for m in ms}


def test_a_name_ending_in_a_frame_rate_is_a_name_typed_by_what_comes_before_the_rate(nlp):
    ms = mentions(nlp, "A Study", "We pair two tokenizers: 1) Zorb-TTS-Tokenizer-25Hz is a single-codebook codec. "
                                  "2) Zorb-TTS-Tokenizer-12Hz reduces the bitrate.")
    assert {("MODEL", "Zorb-TTS-Tokenizer-25Hz"), ("MODEL", "Zorb-TTS-Tokenizer-12Hz")} <= found(ms)


def test_a_task_the_authors_introduce_and_spell_out_after_its_name_is_a_benchmark(nlp):
    ms = mentions(nlp, "A Study", "We introduce a challenging Z-QUUX-D (Zorbic Quux-In-A-Haystack with Distractors) task, "
                                  "which adds distractors. The Z-QUUX-D task shows that prior methods fail. "
                                  "Zorb handles text-to-image (T2I) and text-image-to-image (TI2I) tasks.")
    assert ("BENCHMARK", "Z-QUUX-D", "proposed") in {(m.type, m.name, m.role) for m in ms}
    assert not {"T2I", "TI2I"} & {m.name for m in ms}


def test_an_acronym_spelled_by_initials_takes_all_its_words_not_the_shortest_letter_match(nlp):
    ms = mentions(nlp, "A Study", "Our key innovation is the Spiral Sparse Attention (SSA) mechanism. SSA is fast.")
    assert {m.text: m.name for m in ms}.get("Spiral Sparse Attention") == "SSA"
    assert "sparse attention" not in {m.name for m in ms}


def test_a_metric_cut_off_spelled_with_a_word_is_that_cut_off(nlp):
    ms = mentions(nlp, "A Study", "It reaches 39.7 recall-at-5 and 50.1 Recall-at-10, against 35.2 Recall@5 before.")
    assert {(m.text, m.name) for m in ms if m.type == "METRIC"} == {
        ("recall-at-5", "Recall@5"), ("Recall-at-10", "Recall@10"), ("Recall@5", "Recall@5")}


def test_counted_approaches_name_their_parts(nlp):
    ms = mentions(nlp, "A Study", "We explore three approaches: (1) Zorb-FT minimizes token-level entropy; "
                                  "(2) Self-rethinking guides models to revisit mistakes; and (3) Blorp-INF adjusts logits.")
    assert {("METHOD", "Zorb-FT"), ("METHOD", "Self-rethinking"), ("METHOD", "Blorp-INF")} <= found(ms)
