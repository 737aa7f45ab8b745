"""Typing a name by the words around it: "X benchmark", "the X dataset", "X, a model that"."""
from __future__ import annotations

import re

from spacy.tokens import Span

from kg.extract.gazetteer import LIST_JOINERS, collection_surfaces, model_name_words
from kg.extract.lookups import TokenView, tokens

HEAD_WORDS = {
    "BENCHMARK": {"benchmark", "benchmarks", "bench", "suite", "leaderboard", "arena", "testbed", "test", "evaluation",
                  "environment", "environments", "gym"},  # "V-IRL, a real-world navigation environment"
    "DATASET": {"dataset", "datasets", "corpus", "corpora", "data", "collection", "treebank", "bank", "instructions"},
    "MODEL": {"model", "models", "llm", "llms", "lm", "network", "networks", "architecture",
              "encoder", "decoder", "checkpoint", "checkpoints", "transformer", "transformers", "backbone", "mllm", "vlm", "assistant",
              "chatbot", "family", "series", "classifier", "scorer", "detector", "generator", "retriever", "embedder",
              "reranker", "rerankers", "re-ranker", "ranker", "verifier", "verifiers",
              "tokenizer", "tokenizers", "codec", "codecs", "autoencoder", "autoencoders"},
    "METHOD": {"method", "methods", "framework", "approach", "algorithm", "technique", "strategy", "pipeline",
               "paradigm", "loss", "objective", "mechanism", "procedure", "recipe", "scheme", "prompting",
               "training", "tuning", "fine-tuning", "finetuning", "optimization", "decoding", "sampling", "attention",
               "learning", "distillation", "alignment", "search", "regularization", "module", "system", "process",
               "protocol", "tool", "toolkit", "library", "layer", "agent", "agents", "rule"},
    "METRIC": {"metric", "metrics", "score", "measure", "rate", "error", "distance", "index"},
}
BENCHMARK_NAME = re.compile(r"(?:Bench|BENCH|bench|Eval|EVAL|Arena|Test|Leaderboard)$|-(?:Bench|BENCH|Eval|EVAL)-"
                            r"|(?<=[A-Za-z])(?:Bench|BENCH)-[A-Za-z]+$")  # a split of a benchmark: "ZorbBench-Hard"
NAME_SUFFIX_TYPES = (
    (BENCHMARK_NAME, "BENCHMARK"),
    (re.compile(r"(?:Corpus|Data|Set|Bank|QA|Pile|Collection|-\d+[kK])$"), "DATASET"),
    (re.compile(r"(?:GPT|LM|LLM|Net|BERT|Former|former|Coder|VL|VLM|LLaVA|Chat|Diffusion|[-\s]\d+(?:\.\d+)?[BM])$"
                r"|-\d+(?:\.\d+)?B-"), "MODEL"),  # "Zorb-14B-DS": a size in billions inside the name
    (re.compile(r"(?:Score|Score\d*)$"), "METRIC"),
)
EVALUATION_CUE = re.compile(
    r"\b(?:evaluat\w*(?!\s+(?:code|codebase|toolkit|tool|script|harness|framework|pipeline|infrastructure)s?\b)|benchmark\w*|outperform\w*|surpass\w*|achiev\w*|state-of-the-art|SOTA|accuracy|"
    r"experiments? on|tested on|test(?:ed|ing)? set|scores?|performance on|zero-shot|few-shot)\b",
    re.I,
)


HEAD_TYPES: dict[str, str] = {}
for _type, _heads in HEAD_WORDS.items():
    for _head in _heads:
        HEAD_TYPES.setdefault(_head, _type)  # a word in two lists keeps the first type ("evaluation")


def phrase_head_type(phrase: list[str]) -> str | None:
    """The type of a noun phrase's last head word; a benchmark made of data is a benchmark ("a
    comprehensive benchmark dataset"); a phrase that ends in "policy" names a model ("a generalist
    policy"; inside a phrase the word says nothing: "policy optimization")."""
    lowers = [w.lower() for w in reversed(phrase)]
    found = type_from_head(lowers) or ("MODEL" if lowers[:1] in (["policy"], ["policies"]) else None)
    if found == "DATASET" and lowers[1:2] == ["benchmark"]:
        return "BENCHMARK"
    return found


ACRONYM_HEAD = re.compile(r"^[A-Z][A-Za-z]{0,2}[A-Z]{1,4}s?$")


def defined_head_type(text: str, phrase: list[str]) -> str | None:
    """"Mitra, a TFM trained on ...", where the text defines "Tabular foundation models (TFMs)": an
    acronym head takes the type of the head word of the long form the text gives it."""
    head = phrase[-1] if phrase else ""
    if not ACRONYM_HEAD.match(head):
        return None
    short = re.escape(head[:-1] if head.endswith("s") else head)
    definition = re.search(rf"([A-Za-z-]+)\s*\(\s*{short}s?\s*\)", text)
    return type_from_head([definition.group(1)]) if definition else None


def type_from_head(words: list[str]) -> str | None:
    """The type named by the first head word among `words` (lower-cased compare)."""
    for word in words:
        found = HEAD_TYPES.get(word.lower())
        if found:
            return found
    return None


TASK_GERUNDS = frozenset(
    "answering parsing tagging captioning understanding reasoning modeling modelling forecasting linking "
    "tracking labeling labelling grounding reading writing spotting counting editing coding planning "
    "ranking matching following solving retrieving recommending speaking listening driving "
    "processing imaging mining computing".split()  # tasks and fields: "Natural Language Processing"
)


def is_gerund(word: str) -> bool:
    """Shaped like a gerund: "Merging", "freezing"; not "thing" or "ring"."""
    return len(word) > 5 and word.lower().endswith("ing")


def gerund_head_type(words: list[str]) -> str | None:
    """METHOD for a phrase whose head, the last word, is a gerund that names no task: "selective
    layer freezing", "Adaptive Token Merging"; not "Open-Domain Question Answering" or "one thing"."""
    head = words[-1].lower() if len(words) >= 2 else ""
    return "METHOD" if is_gerund(head) and head not in TASK_GERUNDS else None


NAME_LEFT_HEADS = frozenset({"model", "llm", "dataset", "corpus", "benchmark"})
PHRASE_ENDS = frozenset(
    "for of with that which to in on by from and or trained designed built based using via where whose "
    "capable able consisting composed".split()
)


def noun_phrase(words: list[str]) -> list[str]:
    """The words of an apposition up to where its noun phrase ends: "a deep learning architecture
    that ..." -> "a deep learning architecture", whose head is its last noun."""
    phrase: list[str] = []
    for i, word in enumerate(words):
        if word in LIST_JOINERS and _in_adjective_list(phrase, words[i + 1 : i + 2]):
            continue  # "the first open-sourced, large-scale, and high-quality ... dataset"
        in_compound = i > 0 and words[i - 1] == "-"  # "state-of-the-art": "of" inside a compound ends nothing
        if (word.lower() in PHRASE_ENDS and not in_compound) or not (word[:1].isalnum() or word == "-"):
            break
        if not in_compound and _starts_a_modifier_clause(phrase, word) and not _compounds_a_head(words, i):
            break  # "a framework utilizing large language models": the head came before (not "LLM-based")
        phrase.append(word)
    return phrase


COLLECTIVE_HEADS = frozenset({"suite", "collection", "family", "series", "set"})


def collective_type(window: list[str]) -> str | None:
    """"a suite of video foundation models": the members' head types the name, not "suite";
    None when there is no "<collective> of" phrase or its members name no type."""
    phrase = noun_phrase(window)
    if not phrase or phrase[-1].lower() not in COLLECTIVE_HEADS:
        return None
    # where the head stands in the window (noun_phrase skips list joiners, so not before len(phrase) - 1)
    head = next(i for i in range(len(phrase) - 1, len(window)) if window[i] == phrase[-1])
    if window[head + 1 : head + 2] != ["of"]:
        return None
    return phrase_head_type(noun_phrase(window[head + 2 :]))


def _compounds_a_head(words: list[str], i: int) -> bool:
    """The gerund at i modifies the head noun after it: "a codec language modeling framework"."""
    return i + 1 < len(words) and words[i + 1].lower() in HEAD_TYPES


def _starts_a_modifier_clause(phrase: list[str], word: str) -> bool:
    lower = word.lower()
    return (lower.endswith(("ing", "ed")) and lower not in HEAD_TYPES and len(lower) > 4
            and any(w.lower() in HEAD_TYPES for w in phrase))


DETERMINERS = frozenset({"a", "an", "the", "this", "its", "our", "their", "which", "that"})


def _in_adjective_list(phrase: list[str], following: list[str]) -> bool:
    """A comma or "and" between modifiers, before the phrase has reached a head noun."""
    return (bool(phrase) and not any(w.lower() in HEAD_TYPES for w in phrase)
            and bool(following) and following[0][:1].islower() and following[0] not in DETERMINERS)


FRAME_RATE = r"\d+(?:\.\d+)?(?:[kM]?Hz|fps)"  # "25Hz", "24kHz", "30fps"
RATE_TAIL = re.compile(rf"-{FRAME_RATE}$")  # "Zorb-Tokenizer-12Hz": a frame rate after the name


def type_from_shape(name: str) -> str | None:
    rate = RATE_TAIL.search(name)
    if rate:
        return type_from_shape(name[: rate.start()])
    for pattern, entity_type in NAME_SUFFIX_TYPES:
        if pattern.search(name):
            return entity_type
    if builds_on_a_model_name(name):
        return "MODEL"
    head, _, last = name.rpartition("-")
    if not head or not last[:1].isupper():
        return None
    collection_type = collection_surfaces().get(head)
    if collection_type:
        return collection_type  # "Zorb-Bench-G", "Emilia-Large": another cut of a known collection
    return HEAD_TYPES.get(last.lower()) if last[1:].islower() else None  # "LLM-Embedder"


NAME_WORD_PIECE = re.compile(r"[A-Za-z]+")


def builds_on_a_model_name(name: str) -> bool:
    """A new name made from a known model's name: a lower-case prefix or a capitalised word glued
    before it ("xLLaMA-100", "BioMistral"), or more pieces around it ("Chinese-Llama2"). A word glued
    after it names a tool as often as a model ("LlamaIndex", "OctoPack"), so that does not count."""
    words = model_name_words()
    if name in words:
        return False
    released = GLUED_VERSION.search(name)
    if released and name[: released.start()] in words:
        return True  # "TabPFNv2": a release of the model
    for piece in NAME_WORD_PIECE.findall(name):
        if piece in words:
            return True
        for cut in range(1, len(piece) - 3):
            head, tail = piece[:cut], piece[cut:]
            if tail in words and (head.islower() or head.istitle()):
                return True
    return False


GLUED_VERSION = re.compile(r"(?<=[A-Za-z])v\d{1,2}(?:\.\d{1,2})?$")


OWN_MARKERS = frozenset({"our", "novel", "new"})


def our_head_before(span: Span, comma_optional: bool = False) -> str | None:
    """The head noun of "our final model, X" or "a novel but simple approach, X" (the marker stands
    within three words before the head, in the same sentence), else None. With comma_optional,
    "our best model X" too (a role cue; as a type cue it mistypes "a new method BERT-based ...")."""
    view = tokens(span.doc)
    lowers = view.lowers
    head = span.start - 1 - (span.start > 0 and lowers[span.start - 1] == ",")
    if head < 1 or lowers[head] not in HEAD_TYPES or (head == span.start - 1 and not comma_optional):
        return None
    sentence_start = view.sentence_bounds(span.start)[0]
    start = head
    for _ in range(3):  # three words back; a hyphenated word is one ("our post-trained model, X")
        if start <= sentence_start:
            break
        start = max(view.compound_start(start - 1), sentence_start)
    marked = not OWN_MARKERS.isdisjoint(lowers[start : head])
    return lowers[head] if marked else None


def called_a_framework(span: Span) -> bool:
    """Does "framework" stand among the words that describe the name: up to four words before it
    ("a new framework, X") or fourteen after it ("X, an image customization framework designed to"),
    in its sentence?"""
    view = tokens(span.doc)
    sentence_start, sentence_end = view.sentence_bounds(span.start)
    return "framework" in view.lowers[max(sentence_start, span.start - 4) : min(sentence_end, span.end + 14)]


def own_head_type(span: Span) -> str | None:
    head = our_head_before(span)
    return HEAD_TYPES[head] if head else None


NAMING_WORDS = frozenset({"called", "named", "dubbed", "termed", "coined", "namely", "entitled", "denoted"})
WE_NAMING_VERBS = frozenset({"call", "term", "dub", "coin", "name"})  # "which we call X"
RELATIVE_WORDS = frozenset({"which", "that"})


def is_naming_word(lowers: list[str], i: int) -> bool:
    """A word that names what follows: "called", "termed", ...; "call", "term", "dub" only after "we"
    ("a method, which we call X"), never the noun "name" or "we call for"."""
    return lowers[i] in NAMING_WORDS or (lowers[i] in WE_NAMING_VERBS and i > 0 and lowers[i - 1] == "we")


def naming_head_type(span: Span) -> str | None:
    """The type of the head noun a naming word follows: "a framework called X", "a paradigm, termed
    X", "a score, called the X", "LLMs, named X", "data, denoted as X", "an approach, which we call
    X"; else None."""
    lowers = tokens(span.doc).lowers
    i = span.start - 1
    if i >= 0 and lowers[i] in {"the", "as"}:
        i -= 1
    if i < 1 or not is_naming_word(lowers, i):
        return None
    i -= 1
    if lowers[i] == "we" and i > 0:
        i -= 1
        if lowers[i] not in RELATIVE_WORDS or i < 1:
            return None
        i -= 1
    if lowers[i] == "," and i > 0:
        i -= 1
        if lowers[i] not in HEAD_TYPES:
            return _modified_collection_type(tokens(span.doc), i)
    return HEAD_TYPES.get(lowers[i])


NOUN_PHRASE_OPENERS = frozenset({"a", "an", "our"})


def _modified_collection_type(view: TokenView, end: int) -> str | None:
    """"a preference dataset comprising 40 million pairs, named X": DATASET or BENCHMARK when the
    noun phrase a modifier follows has that head and an article opens it at most twelve words back
    in the sentence. (A distant "framework" or "model" says less than the name's own shape: "an
    LLM-based framework for vision-centric tasks, termed ZorbLLM".)"""
    lowers = view.lowers
    sentence_start = view.sentence_bounds(end)[0]
    for opener in range(end, max(sentence_start, end - 12) - 1, -1):
        if lowers[opener] in NOUN_PHRASE_OPENERS:
            found = phrase_head_type(noun_phrase(view.words[opener + 1 : end + 1]))
            return found if found in {"DATASET", "BENCHMARK"} else None
    return None


def type_from_context(span: Span, use_shape: bool = True) -> str | None:
    """Look right ("X benchmark"), at an apposition ("X, a new dataset"), then left ("the X of"),
    and, with use_shape, at the name itself ("AgentBench") when the words around say nothing. A
    collection whose name says benchmark is one ("ZorbBench, a collection of 325 problems")."""
    found = _type_from_context(span, use_shape)
    if found == "DATASET" and BENCHMARK_NAME.search(span.text):
        return "BENCHMARK"
    return found


def _type_from_context(span: Span, use_shape: bool) -> str | None:
    view = tokens(span.doc)
    words = view.words
    right = [w for w in words[span.end : span.end + 2] if not w.isspace()]
    if right and right[0] not in {",", "(", ")", ".", ";", ":"}:
        found = type_from_head(right[:1]) or (type_from_head(right[1:2]) if right[0].lower() in {"-", "language", "vision", "reward", "instruction", "preference", "evaluation", "training", "benchmark"} else None)
        if found:
            return found
    own_type = naming_head_type(span) or own_head_type(span)
    if own_type:
        return own_type  # "our final model, ProLong-8B", "a novel approach, X, which needs ... data"
    sentence_start, sentence_end = view.sentence_bounds(span.start)
    after = span.end + 1 if span.end < len(words) and words[span.end] == ")" else span.end
    apposition = words[after : min(after + 25, sentence_end)]
    spaced_dash = apposition[:1] in (["-"], ["\u2013"], ["\u2014"]) and view.spaces[after - 1]  # "X - the first 3D dataset"
    if (apposition[:1] in ([","], ["("], [":"]) or spaced_dash or apposition[:2] in (["is", "a"], ["is", "an"])
            or apposition[:3] == ["is", "the", "first"]):  # "X is the first open model for ..."
        window = apposition[1:25]
        if window[:1] == ["which"] and window[1:2] in (["is"], ["are"]):
            window = window[1:]  # "X, which is a dataset of ..."
        if window and window[0].lower() in {"a", "an", "the", "is", "our"}:
            phrase = noun_phrase(window)
            found = (collective_type(window) or phrase_head_type(phrase) or defined_head_type(view.text, phrase)
                     or type_from_head(window[:8]))
            if found:
                return found
    left = view.lowers[max(sentence_start, span.start - 3) : span.start]
    if len(left) >= 2 and left[-1] == "," and left[-2] in HEAD_TYPES:
        if _determined(view.lowers, span.start - 2, sentence_start) and span.end < sentence_end and words[span.end] in {",", "("}:
            return HEAD_TYPES[left[-2]]  # "a realistic benchmark, TravelPlanner, where ...", "a video-based DPO approach, X, is"
    dashed = dash_apposition_head(view, span.start, sentence_start)
    if dashed is not None and span.end < sentence_end and words[span.end] in {",", "(", ".", ";"}:
        return HEAD_TYPES[view.lowers[dashed]]  # "a large-scale shape generation model -- Zorb-DiT, and ..."
    head = list_head_before(view, span.start, sentence_start)
    if head is not None and _counted(view.lowers, head, sentence_start):
        return HEAD_TYPES[view.lowers[head]]  # "two agentic benchmarks, X and Y", "three datasets: X, Y"
    if left[-1:] and left[-1] in NAME_LEFT_HEADS and (left[-1] != "benchmark" or left[-2:-1] in (["the"], ["a"], ["new"], ["our"])):
        return HEAD_TYPES[left[-1]]  # "the resulting model Orca-3", "the dataset X" (not "we benchmark X")
    if left[-2:] in (["evaluated", "on"], ["benchmarks", "like"], ["benchmarks", "including"], ["evaluate", "on"]):
        return "BENCHMARK"
    if left[-1:] == ["on"] and scored_before(view.words, span.start - 1) and not ACCELERATOR.match(span.text):
        return "BENCHMARK"  # "+4.2% on PageOCR", "31.9% AP on Zorb2017" (not "1038 TOPS on RTX5090")
    if left[-2:] in (["subset", "of"], ["subsets", "of"], ["split", "of"], ["portion", "of"]):
        return "DATASET"  # "a subset of Zorb-2B": part of a collection of data
    if left[-1:] == ["on"] and glued_word_before(view, span.start - 1) in TRAINED_WORDS:
        return "DATASET"  # "trained on X", "fine-tuned on X"
    if glued_word_before(view, span.start) in TRAINED_OBJECT_VERBS:
        return "MODEL"  # "we fine-tune X on ...", "training X" (the tokenizer splits "fine-tune" at its hyphen)
    if trained_on_after(view, span.end):
        return "MODEL"  # "X trained on ImageNet"
    return type_from_shape(span.text) if use_shape else None


ACCELERATOR = re.compile(r"^(?:[RG]TX ?\d{3,4}\w*|[ABHLV]\d{2,4}[A-Z]?|MI\d{3}X?|TPU ?v?\d*\w*)$")  # "RTX5090", "H100", "MI300X"
SCORE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
SCORE_UNITS = frozenset({"%", "points", "pp", "accuracy"})
SCORE_NAME = re.compile(r"^(?:[A-Z]{1,5}\d{0,2}|m[A-Z][A-Za-z]{1,3}|[A-Z][a-z]?@\d{1,3})$")  # "AP", "BLEU", "F1", "mIoU", "R@1"


def scored_before(words: list[str], on: int) -> bool:
    """The "on" at token `on` follows a score: "+4.2% on", "12 points on", "31.9% AP on", "45.1 mIoU on"."""
    before = words[max(0, on - 2) : on]
    return (len(before) == 2 and bool(SCORE_NUMBER.match(before[0]) or before[0] == "%")
            and (before[1] in SCORE_UNITS or bool(SCORE_NAME.match(before[1]))))


COUNT_WORDS = frozenset("two three four five six seven".split())  # not digits: "a series of PaLM 2 models"
QUANTIFIERS = COUNT_WORDS | frozenset("eight nine ten several multiple various diverse following many these both".split())
LONG_DASHES = frozenset({"—", "–"})  # "--" is tokenized as two hyphens


def dash_apposition_head(view: TokenView, start: int, sentence_start: int) -> int | None:
    """The index of the head noun a dash sets the name after ("a texture model — X", "a model -- X"),
    with a determiner at most six tokens before the head; else None."""
    lowers = view.lowers
    dash = start - 1
    if dash > sentence_start and lowers[dash] == "-" and lowers[dash - 1] == "-":
        dash -= 1  # "--" is two hyphen tokens
    elif dash < sentence_start or lowers[dash] not in LONG_DASHES:
        return None
    head = dash - 1
    if head <= sentence_start or lowers[head] not in HEAD_TYPES:
        return None
    return head if _determined(lowers, head, sentence_start) else None


def _determined(lowers: list[str], head: int, sentence_start: int) -> bool:
    """An article at most six tokens before the head noun: "a large-scale shape generation model"."""
    return bool({"a", "an", "the"} & set(lowers[max(sentence_start, head - 6) : head]))


def list_head_before(view: TokenView, start: int, sentence_start: int) -> int | None:
    """The plural head noun whose list the name at `start` belongs to ("benchmarks" in "five
    benchmarks: X, Y, and Z" for any of X, Y, Z): only names and joiners stand between the name
    and the comma or colon after the head. None when there is no such head."""
    lowers, words = view.lowers, view.words
    i = start - 1
    while i > sentence_start + 1:
        if lowers[i] in {",", ":"} and lowers[i - 1] in HEAD_TYPES:
            opens_a_list = lowers[i - 1].endswith("s") and lowers[i + 1] not in LIST_JOINERS  # not "27 benchmarks, and X"
            return i - 1 if opens_a_list else None
        if not (lowers[i] in LIST_JOINERS or words[i][:1].isupper() or words[i][:1].isdigit() or words[i] == "-"):
            return None
        i -= 1
    return None


def _counted(lowers: list[str], head: int, sentence_start: int) -> bool:
    """"two agentic benchmarks", "several datasets": a number or quantifier at most three words before the head."""
    return any(w in QUANTIFIERS or w.isdigit() for w in lowers[max(sentence_start, head - 3) : head])


TUNING_VERBS = frozenset({"fine-tune", "finetune", "fine-tuning", "finetuning"})
TRAINED_WORDS = frozenset({"trained", "pretrained", "pre-trained", "fine-tuned", "finetuned"})
TRAIN_VERBS = TUNING_VERBS | frozenset({"train", "trains", "training", "pretrain", "pre-train"})
TRAINED_OBJECT_VERBS = TRAIN_VERBS | frozenset({"pretraining", "pre-training"})  # "training X": X is a model


TRAINING_VERB_FORMS = TRAINED_WORDS | TRAIN_VERBS | frozenset({"fine-tunes", "finetunes", "distill", "distilled"})
EVALUATION_WORDS = frozenset({"evaluate", "evaluated", "evaluates", "evaluating", "test", "tested", "benchmark", "benchmarked"})
TRAINING_REACH = 20  # tokens: hyphenated model names count several


def trained_on_here(view: TokenView, start: int) -> bool:
    """"We train Zorb-7B and Blorp-8B on X ... and evaluate on Y": X follows "on" in a clause a
    training verb opens (at most 20 tokens back, no evaluation verb between): training data, even
    in a sentence that reports an evaluation."""
    if start < 2 or view.lowers[start - 1] != "on":
        return False
    sentence_start = view.sentence_bounds(start)[0]
    for i in range(start - 2, max(sentence_start, start - TRAINING_REACH) - 1, -1):
        word = view.lowers[i]
        if word in EVALUATION_WORDS or word in {".", ";"}:
            return False
        if glued_word_before(view, i + 1) in TRAINING_VERB_FORMS:
            return True
    return False


def trained_on_after(view: TokenView, end: int) -> bool:
    """"trained on" or "fine-tuned on" (hyphenated pieces glued back) right after token `end`."""
    after, lowers = view.compound_end(end), view.lowers
    return after < len(lowers) and "".join(lowers[end:after]) in TRAINED_WORDS and lowers[after] == "on"


def glued_word_before(view: TokenView, start: int) -> str:
    """The lower-cased word before token `start`, hyphenated pieces glued back ("fine-tune")."""
    return "".join(view.lowers[view.compound_start(start - 1) : start]) if start > 0 else ""


def sentence_has_evaluation_cue(sentence: str) -> bool:
    return bool(EVALUATION_CUE.search(sentence))
