"""Names no list has: abbreviation definitions, "we propose X", title prefixes and name shapes.

Each discovered name is typed by its context (kg.extract.context) and added to
`doc.spans["kg"]` with `span.id_` naming the rule that found it:

- kg_abbreviations: "Self-Supervised Alignment with Mutual Information (SAMI)"; a generic term
  abbreviated ("multi-layer perceptrons (MLPs)") is none, unless a modifier makes it specific;
- kg_title: "HoneyBee: Progressive Instruction Finetuning ...", "Introducing Zorbix: ...", "Blorp 2.0
  Technical Report";
- kg_proposals: "we propose/introduce/present X", "called/named/dubbed X", "which we call X", an apposition
  ("we introduce proxy-tuning, a decoding-time algorithm", "a novel retriever, the LLM Embedder,"), and
  a second capitalised name joined to it ("we introduce Self-Rubrics and Contrastive Filtering during ..."),
  capitalised words before a head noun ("we propose a Theory of Mind approach"), quoted words
  ('we build a "Large Concept Model"', 'which we dub "prompt-based learning"');
- kg_shapes: CamelCase, digit and hyphen shapes ("MM-Instruct") with a typing context word, a
  known model name they are built on ("xLLaMA-100"), or typed names beside them in a list;
  plain capitalised words before a data noun ("the Iris dataset", "the Google News corpus").

Every further occurrence of a discovered name in the same doc is tagged too. A known acronym the
paper spells out its own way ("simulated trial and error (STE)", not the straight-through
estimator) loses its gazetteer matches in that paper and becomes the paper's name; so does a
known acronym without a listed expansion that the authors introduce as something of another type.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.names import name_key
from kg.extract.lookups import TokenView, char_range_to_tokens, covered_tokens, doc_text, range_text, sentence_of, sentence_words, title_end, tokens
from kg.extract.acronyms import abbreviation_spans, best_long_form, is_short_form
from kg.extract.method_phrases import NOT_MODIFIERS
from kg.extract.context import (FRAME_RATE, HEAD_TYPES, NAMING_WORDS, WE_NAMING_VERBS, gerund_head_type, is_gerund, is_naming_word,
                                naming_head_type, noun_phrase, own_head_type, type_from_context, type_from_head, type_from_shape)
from kg.extract.gazetteer import (DATA_COUNT, DESCRIPTIVE_TAILS, GENERIC_KEY, LIST_JOINERS, LONG_FORM_WORD, MAKERS_KEY, PREFIX_STOPS, SPANS_KEY, SUBSET_WORDS,
                                  generic_keys, generic_terms, is_known, is_spaced_word, long_forms, split_name, subset_word_at, surface_types)

DISCOVERY_COMPONENTS = frozenset({"kg_title", "kg_proposals", "kg_abbreviations", "kg_shapes"})  # the span ids of new names
GENERIC_SHORT_FORMS = {
    "AI", "AGI", "ML", "DL", "NLP", "NLU", "NLG", "CV", "RL", "LLM", "LM", "LMs", "LLMs", "MLLM", "MLLMs", "VLM",
    "VLMs", "LVLM", "LVLMs", "LMM", "LMMs", "PLM", "PLMs", "QA", "VQA", "MT", "NMT", "ASR", "TTS", "NER", "IR", "IE",
    "KG", "KGs", "MAS", "MASs", "SOTA", "SoTA", "ToM", "API", "APIs", "GPU", "GPUs", "CPU", "TPU", "IoT", "HCI", "UI", "URL", "PDF", "OCR", "SQL",
    "US", "USA", "UK", "EU", "COVID", "II", "III", "IV", "FAQ", "HTML", "JSON", "CoT", "ICL", "SFT", "RAG", "GenAI",
    "MoE", "NN", "DNN", "DNNs", "AIGC", "MM-LLM", "MM-LLMs", "SLM", "SLMs", "LRM", "LRMs", "VLA", "TL", "DR", "OOD", "ID", "KB", "KBs", "LoRA",
    "PEFT", "FT", "IT", "OS", "AR", "VR", "XR", "ROI", "3D", "2D", "1D", "4D", "CLI", "SDK", "SE", "HPC", "ASIC",
    "FPGA", "NPU", "RAM", "GB", "TB", "MB", "KV", "IO", "I/O", "VLLM", "VLLMs", "GUI", "GUIs", "UX",
    "VLN", "EQA", "Video-LLM", "Video-LLMs", "VideoLLM", "VideoLLMs", "Code-LLM", "Code-LLMs", "CodeLLM", "CodeLLMs",
    "Speech-LLM", "Speech-LLMs", "Audio-LLM", "Audio-LLMs", "Omni-LLM", "Omni-LLMs",
    # conversions between modalities are tasks ("T2I models" are text-to-image models)
    "T2I", "T2V", "I2V", "TI2V", "I2I", "V2V", "T2A", "V2A", "T2M", "STT", "S2ST",
    "FP4", "FP6", "FP8", "FP16", "FP32", "FP64", "BF16", "TF32", "INT2", "INT3", "INT4", "INT8",  # number formats
    "W4A16", "W8A8", "W4A8", "W4A4", "W3A16", "W2A16", "W8A16", "W6A6",  # weight/activation bit widths
    # what sensors record and how geometry is written down: data, not named things
    "RGB", "RGBD", "RGB-D", "XYZ", "HDR", "LiDAR", "LIDAR", "GPS", "IMU", "CAD", "DoF", "6DoF", "SDF", "SDFs", "BEV", "FPS",
    # fields and subject matter: "STEM benchmarks", "VL reasoning", "DNA sequences", "Software engineering (SWE)"
    "STEM", "VL", "SWE", "DNA", "RNA", "NLI",
}
STOP_NAMES = {"We", "Our", "The", "This", "In", "To", "A", "An", "It", "Its", "However", "Moreover", "Furthermore",
              "Code", "Data", "Project", "Paper", "Abstract", "Introduction", "Experiments", "Results", "Figure",
              "Table", "Github", "GitHub", "Hugging", "Face", "HuggingFace", "Towards", "Toward", "Beyond",
              "Rethinking", "Revisiting", "Understanding", "Learning", "Scaling", "Improving", "Enhancing",
              "Exploring", "Evaluating", "Benchmarking", "Unlocking", "Unleashing", "Boosting", "When", "What",
              "How", "Why", "Can", "Do", "Does", "Is", "Are", "Not", "All", "One", "Two", "Less", "More", "Large",
              "Small", "Language", "Models", "Model", "Vision", "Survey", "Review", "Position", "Tutorial",
              "Technical", "Report", "Part", "English", "Chinese", "Python", "Java", "LaTeX", "Transformers",
              "Mamba",
              # companies and labs written like names: they make models, they are none ("trained on NVIDIA A100")
              "NVIDIA", "Nvidia", "OpenAI", "DeepMind", "ByteDance", "AMD", "IBM", "AWS", "SenseTime", "iFlytek"}
NAME_INTRODUCERS = frozenset({"Introducing", "Presenting", "Announcing", "Meet"})  # "Introducing Zorbix: Open Models for Math"
STOP_NAMES |= NAME_INTRODUCERS  # never a name themselves ("Introducing: A New Way to ...")
PROPOSAL_VERBS = {
    "propose", "proposes", "proposed", "introduce", "introduces", "introduced", "present", "presents", "presented",
    "develop", "develops", "developed", "release", "releases", "released", "construct", "constructs",
    "constructed", "build", "builds", "design", "designs", "designed", "curate", "curates", "curated", "create",
    "creates", "created", "contribute", "contributes", "unveil", "unveils", "devise", "devised", "establish",
    "train", "trained", "open-source", "open-sourced", "collect", "collected", "compile", "compiled",
    "introducing", "proposing", "presenting", "releasing", "developing", "building", "constructing", "creating",
    "curating", "designing",  # "we challenge this notion by introducing X", "by developing X, a benchmark"
}
NON_NAME_TAILS = {"based", "style", "like", "driven", "guided", "aware", "powered", "enhanced", "augmented",
                  "specific", "free", "tuned", "level", "wise", "centric", "oriented", "only", "generated", "scale"}
USE_CUES = frozenset({"use", "uses", "using", "used", "utilize", "utilizes", "utilizing", "leverage", "leverages",
                      "leveraging", "from", "via", "adopt", "adopts", "adopting", "following", "existing",
                      "original", "vanilla", "conventional", "traditional", "previous", "prior",
                      "upon", "atop", "e.g.", "such"})  # "building upon X", "models, e.g., X", "methods such as X"
AUTHOR_CUES = {"we", "our", "this", "here"}
VERB_PREPOSITIONS = frozenset({"with", "on", "upon", "atop", "by", "using", "via", "from", "in", "through"})
UNTYPED_PROPOSAL = "METHOD"  # "we propose SWIE (Segment-Weighted Instruction Embedding)": most proposals are methods
# "Zorb-1.5", "Zorb2", "Zorb 3", "Zorb v2": a name with a release number is most often a model's
RELEASE_NUMBER = re.compile(r"(?:[a-z][-\s]?|[A-Za-z][-\s])[vV]?\d{1,2}(?:\.\d{1,2})?$")


def untyped_name_type(name: str) -> str:
    """The type of a name nothing around it types: a model when it carries a release number (models
    are released in versions far more often than methods), else UNTYPED_PROPOSAL. A new release of
    a known name keeps that name's type ("SageAttention3" is a method, as SageAttention is)."""
    release = RELEASE_NUMBER.search(name)
    if release is None:
        return UNTYPED_PROPOSAL
    return surface_types().get(name[: release.start() + 1], "MODEL")


PROPOSAL_WORDS = frozenset(w for w in PROPOSAL_VERBS | NAMING_WORDS if "-" not in w)
CAMEL = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]{1,3}[A-Z]|^[a-z]+[A-Z]|^[A-Z]{2,}[a-z]{2,}")  # ..., "SLTrans", "ECInstruct"
MIXED_DIGITS = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9.]+$")
ALL_CAPS = re.compile(r"^[A-Z][A-Z0-9]{1,}$")
PLURAL_CAPS = re.compile(r"^[A-Z]{2,}s$")
VERSIONED_WORD = re.compile(r"^([A-Z][a-z]{2,})-\d{1,3}(?:\.\d{1,2})?$")  # "Orca-3", "Hermes-3", "Aya-23"
SPACED_VERSION_NAME = re.compile(r"^([A-Z][a-z]{2,}[A-Za-z0-9]*) v?\d{1,2}(?:\.\d{1,2})?$")  # "Zorb 3", "Aya 23", "Quux 2.5", "Zorb3D 2.0"
DOTTED_RELEASE = re.compile(r"^([A-Z][a-z]{2,})(?:-[a-z]{2,})+-\d{1,2}\.\d{1,2}$")  # "Ring-flash-linear-2.0": a release number ends it
SIZED_WORD = re.compile(r"^([A-Z][a-z]{2,})-\d{1,4}(?:\.\d{1,2})?[BM]$")  # "Blorp-7B", "Falcon-40B", "Zorb-1.5B"
COUNTED_WORDS = frozenset({  # capitalised words a number follows without naming anything: "Stage-2", "Top-5"
    "Stage", "Step", "Phase", "Level", "Type", "Top", "Table", "Figure", "Fig", "Round", "Part", "Task", "Version",
    "Tier", "Class", "Group", "Layer", "Block", "Epoch", "Iteration", "Section", "Chapter", "Appendix", "Rule", "Case",
    "Day", "Week", "Year", "Hop", "Turn", "Grade", "Lemma", "Theorem", "Equation", "Eq", "Algorithm", "Option",
    "Track", "Subtask", "Pass", "Recall", "Precision", "Rank", "Mode", "Set", "Split", "Order", "Degree", "Phase",
    "Study", "Experiment", "Example", "Setting", "Scenario", "Condition", "Problem", "Question", "Exercise", "Sample",
    "Category", "Player", "Session", "Trial", "Wave", "Cohort", "Batch", "Run", "Generation", "Season", "Episode",
    "Lesson", "Unit", "Item", "Page", "Line", "Column", "Row", "Node", "Slot", "Game", "Room", "Area", "Zone",
})
DESCRIPTIVE_COMPOUNDS = frozenset(  # hyphenated adjectives papers capitalise ("Black-Box LLMs"): descriptions, not names
    "black-box white-box gray-box grey-box open-source closed-source open-weight state-of-the-art large-scale "
    "small-scale real-world zero-shot few-shot one-shot multi-modal cross-modal fine-tuning fine-tuned pre-trained "
    "pre-training in-context long-context multi-turn single-turn human-like general-purpose domain-specific "
    "task-specific end-to-end step-by-step text-to-image text-to-speech open-domain high-quality low-resource "
    "high-resource cross-lingual multi-task multi-agent multi-step multi-hop long-form short-form long-term "
    "short-term fine-grained coarse-grained data-driven rule-based plug-and-play off-the-shelf open-ended "
    "instruction-following instruction-tuned decoder-only encoder-decoder encoder-only non-english".split()
)
VERSION_MARK = re.compile(r"[vV]\d+(?:\.\d+)*")  # "V2" of "Natural Instructions V2": part of a name, never one
HIGHLIGHTED_LETTER = re.compile(r"^[A-Z]?[a-z]{2,}[A-Z][a-z]?$")  # "TeacheR", "PreferencEs": letters picked out for an acronym


PIECE_SPLIT = re.compile(r"[-.^]")
MEASURED_TAIL = re.compile(rf"^(?:\d+(?:\.\d+)?(?:[bBmMkK]|bits?)|{FRAME_RATE})$")  # "3B", "110K", "4bit", "25Hz"
LINKING_PIECES = frozenset({"of", "and", "to", "for", "as", "in", "on", "the", "a", "by", "with"})


def is_name_piece(text: str) -> bool:
    """A single token shaped like a name: CamelCase, letters mixed with digits, or capitals."""
    if text in GENERIC_SHORT_FORMS or text in STOP_NAMES or PLURAL_CAPS.match(text):
        return False
    if re.fullmatch(r"\d+(?:\.\d+)?[A-Za-z]{0,2}|[IVX]+", text) or HIGHLIGHTED_LETTER.match(text):
        return False
    return bool(CAMEL.search(text) or MIXED_DIGITS.match(text) or ALL_CAPS.match(text))


UNIT_RE = re.compile(r"[^\W_]+(?:\.\d[^\W_]*)*(?:[-.^_][^\W_]+(?:\.\d[^\W_]*)*)*")  # "Seed-TTS_DiT": "_" joins too
TAIL_RE = re.compile(r"(?:-(?:[a-z][a-z]*|" + "|".join(sorted(NON_NAME_TAILS)) + r"|" + "|".join(t.capitalize() for t in sorted(NON_NAME_TAILS)) + r"))+$")


class Unit(NamedTuple):
    """A name-shaped run of tokens; cheaper than a Span, and enough for the typing rules."""

    doc: Doc
    start: int
    end: int
    text: str


INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def name_units(doc: Doc) -> list[Unit]:
    """Runs of letters/digits glued by hyphens, dots or carets without spaces ("MM-Instruct", "E^2-LLM")
    that hold a capital or a digit, without a descriptive tail ("LLaMA-based", "LoRA-Based"), and
    no plain word written with picked-out capitals ("ReAsoning" where the paper says "reasoning")."""
    units = []
    text = doc_text(doc)
    lower_words = None
    for match in UNIT_RE.finditer(text):
        value = match.group()
        if value.islower() or value.isdigit():
            continue
        if value.isalpha() and INNER_CAPITAL.search(value):
            lower_words = lower_words if lower_words is not None else set(tokens(doc).words)
            if value.lower() in lower_words:
                continue  # "MultiModal ReAsoning" for "EMMA": capitals picked out of words the paper writes plainly
        start, end = match.span()
        if "-" in value:
            tail = TAIL_RE.search(value)
            if tail and tail.start() > 0 and any(c.isupper() or c.isdigit() for c in value[: tail.start()]):
                end = start + tail.start()
        found = char_range_to_tokens(doc, start, end, "contract")
        if found is not None:
            units.append(Unit(doc, found[0], found[1], range_text(doc, *found)))
    return units


def is_name_unit(span: Span | Unit, at_sentence_start: bool) -> bool:
    """A name when a piece is name-shaped, or when capitalised pieces are hyphenated mid-sentence.

    Titles capitalise every word, so there ("Task-Fine-Tune") only name-shaped pieces count.
    """
    return is_name_text(span.text, at_sentence_start or span.end <= title_end(span.doc))


@lru_cache(maxsize=65536)
def is_name_text(text: str, at_sentence_start: bool) -> bool:
    if len(text) < 2 or text.islower() or text in STOP_NAMES or text in GENERIC_SHORT_FORMS or VERSION_MARK.fullmatch(text):
        return False
    if text.lower() in DESCRIPTIVE_COMPOUNDS:
        return False
    pieces = [p for p in PIECE_SPLIT.split(text) if p]
    if any(is_name_piece(p) for p in pieces):
        return not all(p in GENERIC_SHORT_FORMS or p.isdigit() or p.islower() for p in pieces) and any(
            p[:1].isupper() or is_name_piece(p) for p in pieces
        )
    if (len(pieces) >= 3 and any(p.isdigit() or SIZED_TOKEN.match(p.lower()) for p in pieces[1:-1])
            and pieces[0] not in COUNTED_WORDS and sum(p[:1].isupper() for p in pieces) >= 2):
        return True  # "Llama-3-Zorb", "Zorb-2-Pro", "Zorb-9B-Chat": a release number or size inside a capitalised name
    if len(pieces) == 2 and DATA_COUNT.match(pieces[1]) and pieces[0].isalpha() and pieces[0].istitle() and not at_sentence_start:
        return _names_a_release(pieces[0]) and pieces[0].lower() not in HEAD_TYPES  # "Zorb-110K", not "Top-100K"
    core = pieces[:-1] if len(pieces) >= 3 and MEASURED_TAIL.match(pieces[-1]) else pieces
    # "Zorb-Audio-TTS-3B", "Zorb-Video-110K", "Zorb-Codec-25Hz": a size, a count of examples or a
    # frame rate after a capitalised name
    if len(core) >= 2 and all(p[:1].isupper() or (0 < i < len(core) - 1 and p in LINKING_PIECES)
                              for i, p in enumerate(core)) and not at_sentence_start and not all(
            p in GENERIC_SHORT_FORMS or p in LINKING_PIECES for p in core):  # "GPU-to-CPU" copies name nothing
        return True  # "Ranking-Fusion", and with a linking word "Verification-of-Choice", "Plan-and-Act"
    dotted = DOTTED_RELEASE.match(text)
    if dotted and not at_sentence_start:
        return dotted.group(1) not in COUNTED_WORDS  # "Ring-mini-linear-2.0", "Ling-flash-2.0"
    versioned = VERSIONED_WORD.match(text) or SIZED_WORD.match(text)
    if versioned:
        return _names_a_release(versioned.group(1))
    return is_spaced_version_name(text)


VERSIONED_LANGUAGES = frozenset("Lean Python Java Coq Isabelle Rust Perl Scala Kotlin Swift Ruby Fortran Haskell "
                                "Julia Matlab MATLAB Ubuntu Windows Android Unity Unreal "  # "Lean 4", "Python 3"
                                "Apache GPL LGPL AGPL MPL EPL CC".split())  # licences: "the Apache 2.0 license"


def _names_a_release(word: str) -> bool:
    """The capitalised word a number follows names something ("Orca-3"), not "Stage-2", "In 2" or "Lean 4"."""
    return word not in COUNTED_WORDS and word not in STOP_NAMES and word not in VERSIONED_LANGUAGES


def is_spaced_version_name(text: str) -> bool:
    """"Zorb 3", "Aya 23": one capitalised word and a release number, not "Table 3" or "Stage 2"."""
    versioned = SPACED_VERSION_NAME.match(text)
    return (bool(versioned) and _names_a_release(versioned.group(1))
            and versioned.group(1).lower() not in HEAD_TYPES)  # "Model 2", "Benchmark 3"


def with_spaced_version(view: TokenView, unit: Unit) -> Unit:
    """"we release Zorb 3, ...": one capitalised word and the release number after it are one name."""
    end = unit.end
    if end - unit.start != 1 or end >= len(view.words) or not view.spaces[end - 1]:
        return unit
    text = f"{unit.text} {view.words[end]}"
    return Unit(unit.doc, unit.start, end + 1, text) if is_spaced_version_name(text) else unit


def _covered(spans: list[Span], start: int, end: int) -> Span | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return span
    return None


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(span.start < end and start < span.end for span in spans)


def crosses(spans: list[Span], start: int, end: int) -> bool:
    """A span overlaps start..end without lying inside it: a known name that reaches outside new
    words cannot be part of them, one inside them is ("Pruning" of "Flux Pruning")."""
    return any(span.start < end and span.end > start and (span.start < start or span.end > end) for span in spans)


def nested_in(span: Span, spans: list[Span]) -> bool:
    """A known name inside a longer discovered one ("Transformers" in "Non-Parametric Transformers
    (NPTs)") is part of that name, not a mention of its own."""
    return any(s.start <= span.start and span.end <= s.end and s.end - s.start > span.end - span.start for s in spans)


def _head_type_of_long_form(long_span: Span) -> str | None:
    """The type its head, the last word, names: "Language Model Personalization" is no model and
    "learning rate schedule" no metric."""
    words = [t.text for t in long_span if t.text not in {"-"}]
    if len(words) >= 3 and words[-2].lower() in {"and", "or"}:
        return None  # "simulated trial and error": a coordinated phrase has no head noun to type it
    return type_from_head(words[-1:]) or gerund_head_type(words)


def singular(short_form: str) -> str:
    """"NPTs" -> "NPT": one entity for a plural acronym and its singular."""
    return short_form[:-1] if PLURAL_CAPS.match(short_form) or (short_form.endswith("s") and short_form[-2:-1].isupper() and is_name_piece(short_form[:-1])) else short_form


LONG_FORM_STOPWORDS = frozenset({"of", "and", "the", "for", "with", "from", "to", "in", "on", "by", "an"})


def _word_stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in LONG_FORM_WORD.findall(text) if w.lower() not in LONG_FORM_STOPWORDS}


def same_long_form(text: str, form: str) -> bool:
    """Two spellings of one expansion: "Supervised Finetuning" ~ "supervised fine-tuning",
    "Reinforcement Learning with Human Feedback" ~ "... from human feedback", "Low-Rank Adapters" ~
    "Low-Rank Adaptation" (one key holds the other, or most word stems are shared)."""
    a, b = name_key(text), name_key(form)
    if a in b or b in a:
        return True
    stems_a, stems_b = _word_stems(text), _word_stems(form)
    return 2 * len(stems_a & stems_b) > len(stems_a | stems_b)


def redefines(known_short: Span, long_span: Span) -> bool:
    """The paper spells out a known acronym as something else: "simulated trial and error (STE)"
    is not the gazetteer's STE (straight-through estimator), "sparse fine-tuning (SFT)" not its SFT.
    When the gazetteer holds no expansion, the paper redefines the acronym when it introduces the
    spelled-out name itself as another type: "we introduce Task-Aware Curriculum Planning for
    Instruction Refinement (TAPIR), a distillation framework" is not the point-tracking model TAPIR."""
    forms = long_forms(known_short.kb_id_)
    if not forms:
        defined_type = definition_type(long_span, known_short) if _introduced_here(long_span) else None
        return defined_type is not None and defined_type != known_short.label_
    return not any(same_long_form(long_span.text, form) for form in forms)


def definition_type(long_span: Span, short_span: Span) -> str | None:
    """The type a definition "long form (SHORT)" or "SHORT (long form)" gives by its words or
    context, or None."""
    around = short_span if short_span.start > long_span.start else short_span.doc[short_span.start : long_span.end + 1]
    return (naming_head_type(long_span) or _head_type_of_long_form(long_span) or own_head_type(long_span)
            or type_from_context(around) or type_from_shape(short_span.text))


def _introduced_here(span: Span) -> bool:
    """An author's proposal verb earlier in the sentence governs the span, with no use between."""
    verb = governing_proposal_verb(span.doc, span.start, PROPOSAL_VERBS)
    return verb is not None and said_by_the_authors(span.doc[verb])


def governing_proposal_verb(doc: Doc, index: int, verbs: frozenset[str] | set[str]) -> int | None:
    """The last proposal verb among `verbs` before token `index` in its sentence, when no use cue
    stands between ("we introduce ... as X", not "we use GPT-4 as a judge"); else None."""
    view = tokens(doc)
    sentence_start = view.sentence_bounds(index)[0]
    before = [v for v in proposal_verbs(doc) if sentence_start <= v < index and view.lowers[v] in verbs]
    if not before or not USE_CUES.isdisjoint(view.lowers[before[-1] + 1 : index]):
        return None
    return before[-1]


def spells_out_inside(known: list[Span], short_hit: Span, long_span: Span) -> bool:
    """"reinforcement learning through human feedback (RLHF)": the long form of a known acronym,
    in a spelling the gazetteer lacks, around shorter known names ("reinforcement learning")
    that it replaces."""
    inside = [k for k in known if k.start < long_span.end and long_span.start < k.end]
    return (all(long_span.start <= k.start and k.end <= long_span.end for k in inside)
            and any(same_long_form(long_span.text, form) for form in long_forms(short_hit.kb_id_)))


def redefined_acronyms(doc: Doc, known: list[Span]) -> set[tuple[str, str]]:
    """(short form, gazetteer kb_id) of every known acronym the paper defines its own way: all its
    gazetteer matches in this paper are wrong and are dropped before discovery."""
    found = set()
    for long_span, short_span in abbreviation_spans(doc):
        short_hit = _covered(known, short_span.start, short_span.end)
        if short_hit is not None and short_hit.start == short_span.start and redefines(short_hit, long_span):
            found |= {(short_hit.text, short_hit.kb_id_), (singular(short_hit.text), short_hit.kb_id_)}  # "LRMs" defined, "a LRM" used
    return found


def discover_abbreviations(doc: Doc, known: list[Span], units: list[Unit], redefined: frozenset[str] = frozenset()) -> list[Span]:
    """Names the paper defines, "long form (SHORT)"; `redefined` holds the known short forms it
    spells out its own way (see redefined_acronyms)."""
    spans = []
    for long_span, short_span in abbreviation_spans(doc):
        short_hit = _covered(known, short_span.start, short_span.end)
        long_hit = _covered(known, long_span.start, long_span.end)
        generic_hit = next((hit for hit in (long_hit, short_hit) if hit is not None and hit.kb_id_ in generic_terms()), None)
        if generic_hit is not None:
            spans.extend(_abbreviated_generic_term(doc, long_span, short_span, generic_hit))
            continue
        if short_hit is not None and (not _overlaps(known, long_span.start, long_span.end) or long_span.start > short_span.start
                                      or spells_out_inside(known, short_hit, long_span)):
            spans.append(Span(doc, long_span.start, long_span.end, label=short_hit.label_, kb_id=short_hit.kb_id_, span_id="kg_abbreviations"))
            continue
        if long_hit is not None and long_hit.end == long_span.end and (
                long_hit.start == long_span.start or short_span.text in redefined):
            # a redefined acronym takes the whole known name it closes ("parameter-efficient sparse fine-tuning (SFT)")
            spans.append(Span(doc, short_span.start, short_span.end, label=long_hit.label_, kb_id=long_hit.kb_id_, span_id="kg_abbreviations"))
            continue
        if short_hit is not None or long_hit is not None or short_span.text in GENERIC_SHORT_FORMS:
            continue
        if short_span.text.rstrip("s") in GENERIC_SHORT_FORMS or is_lower_case(long_span) and not is_name_piece(short_span.text):
            continue
        if names_nothing(long_span, short_span):
            continue  # blocks the later rules instead (see shorthand_spans)
        entity_type = definition_type(long_span, short_span)
        if entity_type is None and (PROPOSAL_VERBS & sentence_words(long_span) or is_coined_short_form(short_span.text)):
            entity_type = _type_named_after(doc, long_span, short_span) or UNTYPED_PROPOSAL
        if entity_type is None:
            continue
        kb_id = singular(short_span.text)
        if is_known(kb_id):
            kb_id = long_span.text  # "progressive prompt optimisation (PPO)": not the PPO the gazetteer knows
        for span in (long_span, short_span):
            spans.append(Span(doc, span.start, span.end, label=entity_type, kb_id=kb_id, span_id="kg_abbreviations"))
    return spans


def is_coined_short_form(text: str) -> bool:
    """"GenSelect", "ReFT": capitals inside lower-case letters make a coined name, not the
    initials of a phrase ("VLM" for "vision-language model"). (Generic coinages, "LoRA", are
    left out by the caller first.)"""
    return bool(INNER_CAPITAL.search(text))


def _type_named_after(doc: Doc, long_span: Span, short_span: Span) -> str | None:
    """The head noun right after the brackets ("the language model personalization (LaMP)
    benchmark"), or after the long form's last word where the sentence names it again ("... IFD
    (IC-IFD), which extends the original IFD score"); not any head further on ("(RLER), in which
    ... the policy model"). A task the paper defines this way is an evaluation it sets: "we
    introduce a challenging V-NIAH-D (Visual Needle-In-A-Haystack with Distractors) task"."""
    words = [t.text for t in doc[max(short_span.end, long_span.end) : sentence_of(long_span).end]]  # either order
    after = [w for w in words[:2] if w != ")"]
    if after[:1] and after[0].lower() == "task" and _opens_a_new_thing(doc, min(long_span.start, short_span.start)):
        return "BENCHMARK"  # not "text-image-to-image (TI2I) tasks" or "the text-to-image (T2I) task": kinds of task
    last = long_span[-1].text
    again = next((words[i + 1] for i in range(len(words) - 1) if words[i] == last), None) if is_name_piece(last) else None
    return type_from_head(after[:1]) or (type_from_head([again]) if again is not None else None)


def _opens_a_new_thing(doc: Doc, start: int) -> bool:
    """"a", "an", "new" or "novel" among the four words before token `start` in its sentence."""
    view = tokens(doc)
    sentence_start = view.sentence_bounds(start)[0]
    return not ({"a", "an"} | NEWNESS_WORDS).isdisjoint(view.lowers[max(sentence_start, start - 4) : start])


def compound_modifier_start(view: TokenView, start: int) -> int | None:
    """Start of the lower-case hyphenated compound right before token `start` ("prompt-based"
    before "fine-tuning"), or None when the word before is no such compound."""
    j = start - 1
    if j < 0 or not view.spaces[j]:
        return None
    k = view.compound_start(j)
    return k if k < j and _lower_case_pieces(view.words[k : j + 1 : 2]) else None


def _lower_case_pieces(pieces: list[str]) -> bool:
    return all(piece.isalpha() and piece.islower() for piece in pieces)


def _abbreviated_generic_term(doc: Doc, long_span: Span, short_span: Span, generic_hit: Span) -> list[Span]:
    """A generic term the paper abbreviates. With a modifier before it, the compound is a specific
    technique: "prompt-based fine-tuning (FN)". Without one it stays generic, however often the
    paper repeats the short form: "multi-layer perceptrons (MLPs)", "reward models (RMs)"."""
    start = compound_modifier_start(tokens(doc), long_span.start) if generic_hit.end == long_span.end else None
    if start is None:
        return []
    name = doc[start : long_span.end]
    return [Span(doc, span.start, span.end, label="METHOD", kb_id=name.text, span_id="kg_abbreviations") for span in (name, short_span)]


def generic_short_form_spans(doc: Doc, generic: list[Span]) -> list[Span]:
    """Every occurrence of a short form the paper defines for a bare generic term ("multi-layer
    perceptrons (MLPs)"): no later rule may take "MLPs" for a name."""
    return defined_short_form_spans(doc, lambda long_span, short_span: any(
        g.start <= long_span.start and g.end == long_span.end for g in generic))


def is_lower_case(long_span: Span) -> bool:
    return all(t.is_lower for t in long_span if t.is_alpha)


def is_one_adjective(span: Span) -> bool:
    """One (hyphenated) word with an adjective's ending: "non-autoregressive", "zero-shot" is not."""
    view = tokens(span.doc)
    return view.compound_end(span.start) >= span.end and bool(ADJECTIVE_ENDING.search(view.lowers[span.end - 1]))


MODALITY = r"(?:text|image|video|speech|audio|music|motion|3d|4d|sql|code|shape|scene|sketch|mesh|point[ -]cloud|world)"
CONVERSION_TASK = re.compile(rf"{MODALITY}(?:[ -](?:and|&)[ -]{MODALITY})?-to-{MODALITY}", re.IGNORECASE)


INTRODUCING_WORDS = PROPOSAL_WORDS | WE_NAMING_VERBS  # "we introduce X", "we call the resulting models X"
CLASS_OF_MODELS = frozenset({"foundation", "language", "vision-language", "audio-language", "dialogue"})


def names_a_model_class(long_span: Span) -> bool:
    """"Large Audio Language Models (LALMs)", "Multimodal Large Reasoning Models": a class of models,
    like "large language models" (a named model is one: "Large World Model (LWM)"); so are models
    named by what they are for, "tabular foundation models (TFMs)", "Spoken Dialogue Models", unless
    the text introduces them ("we call the resulting models Agent Foundation Models (AFMs)")."""
    words = long_span.text.split()
    if len(words) < 2 or words[-1] not in {"Models", "models"}:
        return False
    if len(words) >= 3 and "large" in (w.lower() for w in words[:2]):
        return True
    return words[-2].lower() in CLASS_OF_MODELS and governing_proposal_verb(long_span.doc, long_span.start, INTRODUCING_WORDS) is None


TASK_ENDINGS = frozenset("estimation detection segmentation recognition navigation classification summarization "
                         "translation answering captioning tracking correction forecasting localization "
                         "recommendation verification completion parsing inpainting".split())  # "monocular depth estimation (MDE)"


def names_nothing(long_span: Span, short_span: Span) -> bool:
    """A short form for a lower-case long form that is no name: a two-letter shorthand for a common
    phrase ("instruction following (IF)"), the acronym of one adjective ("a non-autoregressive
    (NAR) variant") or of a task ("monocular depth estimation (MDE)"); or the short form of a
    conversion between modalities, which is a task ("Text-to-Image (T2I) models", "image-to-video
    (I2V)"), of a class of models, or one of the field's generic short forms ("Key-Value (KV)")."""
    if CONVERSION_TASK.fullmatch(long_span.text) or names_a_model_class(long_span):
        return True
    if short_span.text in GENERIC_SHORT_FORMS or singular(short_span.text) in GENERIC_SHORT_FORMS:
        return True
    return is_lower_case(long_span) and (len(short_span.text) <= 2 or is_one_adjective(long_span)
                                         or long_span[-1].lower_ in TASK_ENDINGS)


def shorthand_spans(doc: Doc) -> list[Span]:
    """Every occurrence of a short form that names nothing (names_nothing: "instruction-following
    (IF)", "non-autoregressive (NAR)"): no other rule may take "IF alignment" or "NAR" for a name."""
    return defined_short_form_spans(doc, names_nothing)


def defined_short_form_spans(doc: Doc, chosen: Callable[[Span, Span], bool]) -> list[Span]:
    """The long forms whose (long, short) definition is `chosen` and every whole-word occurrence of
    their short forms, except where it is a piece of a hyphenated name ("reinforcement learning (RL)" does not make
    "SWE-RL" or "RL-Zorb" a shorthand; "RL-based" stays one)."""
    text = doc_text(doc)
    spans = []
    for long_span, short_span in abbreviation_spans(doc):
        if chosen(long_span, short_span):
            spans.append(long_span)
            # "TFMs" defined, "a TFM" used; a generic singular ("LLM") is left to the rules that know it
            forms = {short_span.text} | ({singular(short_span.text)} - GENERIC_SHORT_FORMS)
            for start, end in (hit for form in sorted(forms) for hit in whole_word_occurrences(text, form)):
                if is_hyphenated_name_piece(text, start, end):
                    continue
                found = char_range_to_tokens(doc, start, end)
                if found is not None:
                    spans.append(Span(doc, *found))
    return spans


def discover_title_prefix(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    end = title_end(doc)
    colon = title_colon(doc)
    if not colon:
        return []
    opener = int(doc[0].text in NAME_INTRODUCERS and colon > 1)
    lowers = tokens(doc).lowers
    report = next((len(r) for r in REPORT_TITLES if colon - len(r) > opener and lowers[colon - len(r) : colon] == r), 0)
    prefix = doc[opener : colon - report]  # "Zorb Technical Report: ...": the name is Zorb
    words = [t for t in prefix if not t.is_punct]
    if (not 1 <= len(words) <= 4 or prefix.text in STOP_NAMES or prefix.text in GENERIC_SHORT_FORMS
            or words[0].lower_ in QUANTIFIERS_OPENING):
        return []
    single_unit = any(u.start == prefix.start and u.end == prefix.end for u in units)
    if (not single_unit and not any(is_name_piece(t.text) for t in words) and not (opener and len(words) <= 2)
            and not is_spaced_version_name(prefix.text)  # "Zorb 3: Open Foundation Models"
            and not _repeated_as_written(doc, prefix, end)):
        return []  # "Lost in the Middle", "Democratizing Reasoning Ability": phrases, not names
    if single_unit and len(words) == 1 and not (is_name_piece(words[0].text) or words[0].text[:1].isupper()):
        return []
    if _overlaps(known, prefix.start, prefix.end) and not _built_on_a_known_name(doc, known, prefix, end):
        return []  # "LLM Post-Training: A Deep Dive into ...": a topic, no name
    if _only_generic(tokens(doc), prefix.start, prefix.end):
        return []
    subtitle = [w for w in tokens(doc).compound_words(colon + 1, end) if not w.isspace()]  # "test-time" is no "test"
    preposition = next((i for i, w in enumerate(subtitle) if w.lower() in {"for", "of", "with", "via", "in", "on", "to", "from", "through", "by"}), len(subtitle))
    subtitle = subtitle[:preposition] or subtitle  # the head of "Half Fine-Tuning for Large Language Models" is Fine-Tuning
    entity_type = type_from_context(prefix) if type_from_shape(prefix.text) is None else type_from_shape(prefix.text)
    if not entity_type and is_gerund(subtitle[0]) and subtitle[0].lower() not in HEAD_TYPES:
        # "X: Generating Instruction Data with ...": X does it, X is not the data (a method, unless
        # a release number makes it a model: "X-1.5: Scaling Reinforcement Learning with LLMs")
        entity_type = untyped_name_type(prefix.text)
    entity_type = entity_type or type_from_head(list(reversed(subtitle))) or untyped_name_type(prefix.text)
    if report and type_from_shape(prefix.text) is None:
        entity_type = "MODEL"  # a report names the model it reports on, as discover_report_title reads it
    return [Span(doc, prefix.start, prefix.end, label=entity_type, kb_id=prefix.text, span_id="kg_title")]


def _built_on_a_known_name(doc: Doc, known: list[Span], prefix: Span, title_end_token: int) -> bool:
    """"Zorbtron Elastic: Towards ...": a known name that opens the title prefix, with capitalised
    words after it that the abstract writes again, names a new thing built on it."""
    inside = [span for span in known if span.start < prefix.end and span.end > prefix.start]
    rest = [t.text for t in doc[inside[0].end : prefix.end]] if len(inside) == 1 else []
    return (inside[0].start == prefix.start and all(is_plain_capitalised(w) and w.lower() not in RELEASE_TIERS for w in rest)
            and _repeated_as_written(doc, prefix, title_end_token)) if rest else False


def _repeated_as_written(doc: Doc, prefix: Span, title_end_token: int) -> bool:
    """"DR Tulu: Reinforcement Learning ..." and "DR Tulu outperforms ..." in the abstract: a title
    prefix of two or more capitalised words that the abstract writes again, capitals and all, is
    a name ("Democratizing Reasoning Ability" comes back in lower case, if at all)."""
    words = [t.text for t in prefix if not t.is_punct]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    abstract_start = doc[title_end_token].idx if title_end_token < len(doc) else len(doc.text)
    return next(whole_word_occurrences(doc.text[abstract_start:], prefix.text), None) is not None


REPORT_TITLES = (["technical", "report"], ["report"])  # "Qwen2 Technical Report", "Zorb Report"
VERSION_WORD = re.compile(r"^v?\d+(?:\.\d+)*$")


def discover_report_title(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"Blorp 2.0 Technical Report", "Zorb Technical Report": the capitalised words (and versions)
    a report title opens with name the model it reports on."""
    words = tokens(doc).words[: title_end(doc)]
    while words and words[-1].isspace():
        words = words[:-1]
    cut = next((len(words) - len(r) for r in REPORT_TITLES if words[-len(r):] == [w.capitalize() for w in r]), None)
    if not cut or cut > 4 or title_colon(doc) is not None:
        return []
    name = words[:cut]
    if not name[0][:1].isupper() or name[0] in STOP_NAMES or not all(w[:1].isupper() or VERSION_WORD.match(w) or w in {"-", "."} for w in name):
        return []
    if _overlaps(known, 0, cut):
        return []
    return [Span(doc, 0, cut, label="MODEL", kb_id=doc[0:cut].text, span_id="kg_title")]


TITLE_METHOD_HEADS = frozenset(
    "tuning fine-tuning finetuning training learning prompting filtering distillation optimization search "
    "decoding alignment sampling pruning attention merging editing intervention steering reranking re-ranking "
    "retrieval augmentation regularization quantization adaptation modeling planning reweighting".split()
)
TITLE_LINKS = frozenset({"via", "with", "through", "using", "by", "from", ":"})  # "for X" names a goal, not a method
QUANTIFIERS_OPENING = frozenset({"every", "each", "any", "some", "no"})  # "Every FLOP Counts": a sentence, no name
TITLE_OPENERS = frozenset({"on", "a", "an", "the"}) | QUANTIFIERS_OPENING
OBJECT_CUES = frozenset({"towards", "toward", "beyond"})  # like "Improving ...": what follows is a goal or an object


def title_colon(doc: Doc) -> int | None:
    """Token index of a colon among the title's first 8 tokens ("HoneyBee: ..."), else None."""
    return next((i for i, word in enumerate(tokens(doc).words[: min(title_end(doc), 8)]) if word == ":"), None)


def _title_name(doc: Doc, known: list[Span]) -> Span | None:
    """The span naming the title's prefix ("LoFiT: ...", "LongLoRA: ..."), else None."""
    colon = title_colon(doc)
    if not colon:
        return None
    return next((s for s in known if s.start == 0 and s.end == colon), None)


def discover_title_methods(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """A Title-Cased technique the title names after "via / with / through" or a colon
    ("... via Iterative Reinforced Fine-Tuning"): the paper's own method. When it spells out
    the title's acronym ("LoFiT: Localized Fine-tuning ..."), it is that entity's long form."""
    end = title_end(doc)
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    specific = None
    title_name = _title_name(doc, known)
    spans = []
    i = 0
    while i < end:
        if not (words[i][:1].isupper()) or (i > 0 and lowers[i - 1] not in TITLE_LINKS):
            i += 1
            continue
        j = i
        while j < end and (words[j][:1].isupper() or words[j] == "-" or (words[j].islower() and words[j - 1] == "-")):
            j += 1
        names_an_object = False
        while i < j and (words[i] in STOP_NAMES or lowers[i] in TITLE_LINKS | TITLE_OPENERS | OBJECT_CUES
                         or (lowers[i].endswith("ing") and i + 1 < j and words[i + 1] != "-")):
            # "On ...", "A ...": an opener; "Improving X", "Towards X": X is what the paper works on, not its method
            names_an_object = names_an_object or lowers[i].endswith("ing") or lowers[i] in OBJECT_CUES
            i += 1
        n_words = sum(1 for w in words[i:j] if w != "-")
        k = j
        while k > i and lowers[k - 1] not in TITLE_METHOD_HEADS:
            k -= 1
        named = [t for t in range(i, k) if words[t] != "-" and (t == i or view.spaces[t - 1])]
        if specific is None:  # "Half Fine-Tuning" may hold a generic term
            specific = [s for s in known if s.kb_id_ not in generic_terms()]
        glued = i < k and (words[i] == "-" or view.hyphen_before(i))  # "Large-scale" cut
        if len(named) >= 2 and n_words <= 6 and not names_an_object and not glued and (
                not _overlaps(specific, i, k) or _extends_a_known_method(view, specific, i, k)):
            span = _title_method_span(doc, i, k, title_name, lowers[i - 1] if i > 0 else "")
            if span is not None and not opens_with_a_description(view, i, k) and not _only_generic(view, span.start, span.end):
                spans.append(_as_long_form_of_abbreviation(span, known))
        i = max(j, i + 1)
    return spans


# bare generic activities the annotation guideline leaves out (docs/daily_eval.md)
GENERIC_ACTIVITIES = frozenset("training pre-training pretraining post-training posttraining fine-tuning finetuning "
                               "alignment evaluation inference prompting reasoning".split())


def _only_generic(view: TokenView, start: int, end: int) -> bool:
    """"LLM Post-Training": generic short forms before a generic activity name no method."""
    while start < end and view.words[start] in GENERIC_SHORT_FORMS:
        start += 1
    rest = view.range_text(start, end).lower()
    return start == end or rest in generic_terms() or rest in GENERIC_ACTIVITIES


DESCRIBING_TAILS = frozenset({"based", "driven", "powered"})
PRAISING_OPENERS = frozenset("efficient enhanced improved better state-of-the-art large-scale high-quality "
                             "simple fast effective comprehensive complete strong powerful advanced superior robust".split())


def opens_with_a_description(view: TokenView, start: int, end: int) -> bool:
    """"LLM-based Multi-Turn Planning", "Efficient Training Framework", "State-of-the-art Performance":
    a phrase that opens with "X-based" or with praise describes what the paper did, it names nothing."""
    if start + 2 < end and view.words[start + 1] == "-" and view.lowers[start + 2] in DESCRIBING_TAILS:
        return True
    first_end = min(view.compound_end(start), end)  # "State-of-the-art", "Large-Scale"
    return first_end < end and view.range_text(start, first_end).lower() in PRAISING_OPENERS


def _as_long_form_of_abbreviation(span: Span, known: list[Span]) -> Span:
    """The title's "Task-aware Curriculum Planning" is TAPIR when the abstract defines "Task-Aware
    Curriculum Planning for Instruction Refinement (TAPIR)": one entity, not two."""
    text = span.text.lower()
    for other in known:
        if other.id_ == "kg_abbreviations" and len(other.text) > len(text) and (
                other.text.lower().startswith(text) or _shortens(text, other.text.lower())):
            return Span(span.doc, span.start, span.end, label=other.label_, kb_id=other.kb_id_, span_id=span.id_)
    return span


def _shortens(title_phrase: str, long_form: str) -> bool:
    """"competitive distillation" shortens "Competitive Multi-modal Distillation framework": the
    same first and last word (a trailing head noun aside), the words between left out."""
    short_words, long_words = title_phrase.split(), long_form.split()
    if long_words and long_words[-1] in HEAD_TYPES and len(long_words) > 1:
        long_words = long_words[:-1]
    if len(short_words) < 2 or short_words[0] != long_words[0] or short_words[-1] != long_words[-1]:
        return False
    remaining = iter(long_words)
    return all(word in remaining for word in short_words)


def _spells_out(short: str, long: str) -> bool:
    """Schwartz–Hearst from the long form's first word, and the short form ends with its last word's
    initial ("PoFT" for "Preference-Oriented Supervised Fine-Tuning", not "SG")."""
    letters = [c for c in short if c.isalnum()]
    last_word = re.split(r"[\s-]+", long.strip())[-1]
    return bool(letters and last_word) and letters[-1].lower() == last_word[0].lower() and best_long_form(short, long) == 0


def title_methods_as_long_forms(found: list[Span]) -> list[Span]:
    """The title's technique spelled out by a short name the abstract gives it ("Preference-Oriented
    Supervised Fine-Tuning" ... "a novel ... approach, namely PoFT"): one entity, under the short name."""
    short_names = [s for s in found if s.id_ in {"kg_proposals", "kg_shapes"} and s.text == s.kb_id_ and is_short_form(s.text)]
    merged = []
    for span in found:
        if span.id_ == "kg_title" and span.label_ == "METHOD" and span.kb_id_ == span.text:
            short = next((s for s in short_names if _spells_out(s.text, span.text)), None)
            if short is not None:
                span = Span(span.doc, span.start, span.end, label=short.label_, kb_id=short.kb_id_, span_id=span.id_)
        merged.append(span)
    return merged


def _extends_a_known_method(view: TokenView, known: list[Span], start: int, end: int) -> bool:
    """"Capability Instruction Tuning: A New Paradigm ...": a title that opens with a known
    method under a modifier of its own names a new method (the whole prefix, up to the colon)."""
    inside = [s for s in known if start <= s.start and s.end <= end]
    return (start == 0 and end < len(view.words) and view.words[end] == ":" and len(inside) == 1
            and inside[0].end == end and inside[0].start > start and inside[0].label_ == "METHOD"
            and not _overlaps([s for s in known if s is not inside[0]], start, end))


MEANS_LINKS = frozenset({"via", "with", "through", "by"})


def _title_method_span(doc: Doc, start: int, end: int, title_name: Span | None, link: str) -> Span | None:
    """The technique a title phrase names: the long form of the title's acronym ("LoFiT:
    Localized Fine-tuning ..."), nothing when the title opens with another name and the phrase
    follows its colon (in "LongLoRA: Efficient Fine-tuning of ...", the subtitle describes
    LongLoRA), else its own (the means the named work uses: "Zorb: Video Matting with
    Consistent Memory Propagation")."""
    text = range_text(doc, start, end)
    if title_name is not None and is_short_form(title_name.text) and best_long_form(title_name.text, text) == 0:
        return Span(doc, start, end, label=title_name.label_, kb_id=title_name.kb_id_, span_id="kg_title")
    if title_name is None or link in MEANS_LINKS:
        return Span(doc, start, end, label="METHOD", kb_id=text, span_id="kg_title")
    return None


def is_glued(text: str, start: int, end: int) -> bool:
    """Whether characters start..end are part of a longer word or hyphenated compound ("re-train")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before == "-" or before == "_" or before.isalnum() or after == "-" or after == "_" or after.isalnum()


def proposal_verbs(doc: Doc) -> list[int]:
    """Indices of tokens that are a proposal or naming verb standing alone ("open-source" counts),
    not followed by a preposition ("a version trained with OctoPack" made nothing); cached per doc."""
    cached = doc.user_data.get("kg_proposal_verbs")
    if cached is None:
        cached = doc.user_data["kg_proposal_verbs"] = _find_proposal_verbs(doc)
    return cached


OPEN_SOURCE_SUBJECTS = frozenset("we will to also is are be been was were have has fully publicly".split())
OPEN_SOURCE_OBJECTS = frozenset("the our all this these its their a an".split())


def opens_sources(lowers: list[str], start: int, end: int) -> bool:
    """"open-source" at lowers[start:end] is the verb ("we open-source", "is open-sourced at",
    "and open-source the code", "we present and open-source X"), not the adjective ("open-source LLMs")."""
    return ((start > 0 and lowers[start - 1] in OPEN_SOURCE_SUBJECTS) or (end < len(lowers) and lowers[end] in OPEN_SOURCE_OBJECTS)
            or (start > 1 and lowers[start - 1] == "and" and lowers[start - 2] in PROPOSAL_WORDS))  # "we present and open-source X"


EARLIER_WORK_ADVERBS = frozenset({"recently", "previously", "originally", "earlier", "already"})  # not "newly"


def by_earlier_work(lowers: list[str], verb: int) -> bool:
    """"the recently released X", "a previously proposed X": a verb of others' earlier work."""
    return verb > 0 and lowers[verb - 1] in EARLIER_WORK_ADVERBS


def _find_proposal_verbs(doc: Doc) -> list[int]:
    view = tokens(doc)
    lowers, offsets = view.lowers, view.offsets
    found = []
    for i, word in enumerate(lowers):
        if word in PROPOSAL_WORDS or (word in WE_NAMING_VERBS and is_naming_word(lowers, i)):
            end = offsets[i] + len(word)
        elif word == "open" and lowers[i + 1 : i + 3] in (["-", "source"], ["-", "sourced"]) and not view.spaces[i] and not view.spaces[i + 1]:
            if not opens_sources(lowers, i, i + 3):
                continue  # "four open-source test sets": an adjective
            end = offsets[i + 2] + len(lowers[i + 2])
        else:
            continue
        if lowers[i + 1 : i + 2] and lowers[i + 1] in VERB_PREPOSITIONS and not view.hyphen_after(i + 2):
            continue  # "trained with X" (but "propose in-context ..." is a proposal)
        if by_earlier_work(lowers, i):
            continue  # "the recently released PaperBench benchmark": someone else's
        if not is_glued(view.text, offsets[i], end):
            found.append(i)
    return found


def starts_a_phrase(view: TokenView, unit: Unit) -> bool:
    """More capitalised words follow the unit ("Aligning TeacheR ..."), also past a capitalised
    tail the unit leaves out ("Context-Aware Multi-Stage Policy Optimization")."""
    words, spaces, end = view.words, view.spaces, unit.end
    if (view.hyphen_after(end) and not spaces[end] and end + 1 < len(words)
            and words[end + 1][:1].isupper() and words[end + 1].lower() in NON_NAME_TAILS):
        end += 2
    return end < len(words) and spaces[end - 1] and words[end][:1].isupper()


def is_capitalised_phrase_start(view: TokenView, unit: Unit) -> bool:
    """"Data-Efficient Instruction Tuning ...": capitalised hyphenated words that open a longer
    capitalised phrase, with no name-shaped piece of their own."""
    return not any(is_name_piece(p) for p in PIECE_SPLIT.split(unit.text) if p) and starts_a_phrase(view, unit)


NEW_PHRASE_OPENERS = frozenset({"a", "an", "the", "our"})


def next_noun_phrase(view: TokenView, start: int, end: int) -> int:
    """Where a coordinated noun phrase begins ("X (...) and an instruction-following dataset Y"):
    its head names Y, not X."""
    lowers = view.lowers
    for i in range(start, end - 1):
        if lowers[i] in {"and", "or"} and lowers[i + 1] in NEW_PHRASE_OPENERS:
            return i
    return end


PHRASE_ENDS = frozenset({".", ",", ";", ":", "("})
PLURAL_CLASS_HEADS = frozenset({"models", "llms", "networks", "agents", "systems"})  # "we present Vision-Language Models that"
CLAUSE_STARTS = frozenset({"to", "that", "which"})  # "we propose Conjugate Prompting to see if ..."


def capitalised_run_end(view: TokenView, start: int, limit: int) -> int:
    """End of the run of capitalised words from `start`, hyphenated pieces glued in whatever
    their case ("Thought-Mask Fine-Tuning", "Self-rethinking"), at most `limit`."""
    words, spaces = view.words, view.spaces
    i = start
    while i < limit and (words[i][:1].isupper() or (_glued_hyphen(words, spaces, i) and not spaces[i])
                         or (i > start and _glued_hyphen(words, spaces, i - 1))):
        i += 1
    return i


def _glued_hyphen(words: list[str], spaces: list[bool], i: int) -> bool:
    """words[i] is one hyphen glued to the word before it: "Thought-Mask", not the dash of "Notetaker--which"."""
    return (words[i] == "-" and i > 0 and not spaces[i - 1] and words[i - 1] != "-"
            and (i + 1 >= len(words) or words[i + 1] != "-"))


def lower_head_after(view: TokenView, unit: Unit, sentence_end: int) -> int | None:
    """End of "Gram anchoring" in "called Gram anchoring, which ...": one capitalised word, then one
    lower-case technique word (a gerund or a method head) that punctuation or a clause closes."""
    i = unit.end
    if unit.end - unit.start != 1 or not unit.text[:1].isupper() or i >= sentence_end or not view.spaces[i - 1]:
        return None
    word = view.lowers[i]
    if not view.words[i].islower() or not (is_gerund(word) or HEAD_TYPES.get(word) == "METHOD"):
        return None
    closed = i + 1 >= sentence_end or view.words[i + 1] in PHRASE_ENDS or view.lowers[i + 1] in CLAUSE_STARTS
    return i + 1 if closed else None


def named_phrase_end(view: TokenView, start: int, sentence_end: int) -> int | None:
    """End of the capitalised words from `start` ("Contextual Token Sparsity", hyphens glued
    in) when punctuation, a clause or the sentence end closes them; None when another
    lower-case word does ("Aligning TeacheR with ..."), since the name may go on."""
    i = capitalised_run_end(view, start, sentence_end)
    if i - start < 2:
        return None
    if i < sentence_end and view.words[i] not in PHRASE_ENDS and view.words[i] not in CLAUSE_STARTS:
        return i if coordinated_phrase_end(view, i, sentence_end) is not None else None
    return i


COORDINATION_CLOSERS = PHRASE_ENDS | CLAUSE_STARTS | frozenset(
    "during for in on with at as by into from when while".split())


def coordinated_phrase_end(view: TokenView, end: int, sentence_end: int) -> int | None:
    """"we introduce Self-Rubrics and Contrastive Filtering during decoding": capitalised words
    joined by "and"/"or" to a proposed name, which a preposition, a clause or punctuation closes,
    are a second name; None when nothing closes them ("... and Beyond Scaling Laws of ...")."""
    if view.lowers[end : end + 1] not in (["and"], ["or"], ["&"]) or end + 1 >= sentence_end:
        return None
    start = end + 1
    if not view.words[start][:1].isupper() or view.words[start] in STOP_NAMES:
        return None
    stop = capitalised_run_end(view, start, sentence_end)
    if stop < sentence_end and view.lowers[stop] not in COORDINATION_CLOSERS:
        return None
    if stop - start < 2 and not is_name_text(view.words[start], False):
        return None  # "and Beyond": one plain word
    return stop


def coordinated_proposal(doc: Doc, view: TokenView, first: Span, sentence_end: int, known: list[Span]) -> list[Span]:
    """The second name of "we introduce X and Y Z during ...", typed by its own head word or as
    the first; none when a known entity reaches outside it (one inside, "Pruning" of "Flux
    Pruning", is part of the name)."""
    stop = coordinated_phrase_end(view, first.end, sentence_end)
    if stop is None:
        return []
    start = first.end + 1
    if crosses(known, start, stop):
        return []
    label = type_from_head([view.words[stop - 1]]) or first.label_
    return [Span(doc, start, stop, label=label, kb_id=view.range_text(start, stop), span_id="kg_proposals")]


def headed_proposal(doc: Doc, view: TokenView, start: int, end: int) -> Span:
    """The phrase start..end a proposal introduces, typed by its last word (else a method)."""
    return Span(doc, start, end, label=type_from_head([view.words[end - 1]]) or UNTYPED_PROPOSAL,
                kb_id=view.range_text(start, end), span_id="kg_proposals")


def proposed_phrases(doc: Doc, view: TokenView, start: int, end: int, sentence_end: int, known: list[Span]) -> list[Span]:
    """The capitalised phrase a proposal verb introduces (headed_proposal) and the second one
    "and"/"&" joins to it."""
    first = headed_proposal(doc, view, start, end)
    return [first, *coordinated_proposal(doc, view, first, sentence_end, known)]


def lower_phrase_end(view: TokenView, start: int, sentence_end: int) -> int | None:
    """End of one to three lower-case words from `start` ("verbalizer manipulation",
    "pool-adapter", hyphens glued in) when punctuation, "which" or "that" closes them, else None."""
    words, spaces = view.words, view.spaces
    i, count = start, 0
    while i < sentence_end and words[i][:1].islower() and words[i] not in LOWER_PHRASE_CLOSERS:
        count += 1
        i += 1
        while i + 1 < sentence_end and words[i] == "-" and not spaces[i - 1] and not spaces[i] and words[i + 1][:1].isalnum():
            i += 2  # "uncertainty-sensitive"
    closed = i == sentence_end or words[i] in PHRASE_ENDS or words[i] in LOWER_PHRASE_CLOSERS
    return i if 1 <= count <= 3 and closed else None


LOWER_PHRASE_CLOSERS = frozenset({"which", "that"})


def discover_named_phrases(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"we propose a protocol called verbalizer manipulation.": lower-case words after a naming
    word are a name when a head noun stands before that word (which types it) and punctuation
    closes them ("a concern termed hallucination" names nothing: "concern" is no head noun)."""
    view = tokens(doc)
    taken = covered_tokens(known)
    spans = []
    for verb in proposal_verbs(doc):
        start = verb + 1 + (view.lowers[verb + 1 : verb + 2] == ["as"])
        if not is_naming_word(view.lowers, verb) or start >= len(view.words) or not view.words[start][:1].islower():
            continue
        if not said_by_the_authors(doc[verb]):
            continue
        end = lower_phrase_end(view, start, view.sentence_bounds(verb)[1])
        entity_type = naming_head_type(doc[start:end]) if end is not None else None
        if entity_type and taken.isdisjoint(range(start, end)):
            spans.append(Span(doc, start, end, label=entity_type, kb_id=view.range_text(start, end),
                              span_id="kg_proposals"))
    return spans


def lower_compound_end(view: TokenView, start: int) -> int | None:
    """End of one lower-case word with glued hyphens from `start` ("proxy-tuning",
    "chain-of-edits"), or None when the word at `start` is no such compound."""
    end = view.compound_end(start)
    return end if end > start + 1 and _lower_case_pieces(view.words[start:end:2]) else None


def discover_apposed_lower_names(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"We introduce proxy-tuning, a lightweight decoding-time algorithm": a lower-case hyphenated
    word right after the authors' proposal verb is a name when an apposition says what it is;
    the apposition's head noun types it."""
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    taken = covered_tokens(known)
    spans = []
    for verb in authors_proposal_verbs(doc):
        start = verb + 1
        if start >= len(words):
            continue
        end = lower_compound_end(view, start)
        if end is None or words[end : end + 1] != [","] or lowers[end + 1 : end + 2] not in (["a"], ["an"]):
            continue
        text = view.range_text(start, end)
        phrase = noun_phrase(words[end + 1 : view.sentence_bounds(verb)[1]])
        entity_type = HEAD_TYPES.get(phrase[-1].lower()) if phrase else None
        if entity_type and text not in DESCRIPTIVE_COMPOUNDS and taken.isdisjoint(range(start, end)):
            spans.append(Span(doc, start, end, label=entity_type, kb_id=text, span_id="kg_proposals"))
    return spans


MODIFIER_STOPS = NOT_MODIFIERS | frozenset(
    "improved enhanced modified unified principled scalable lightweight robust practical systematic careful "
    "thorough straightforward powerful flexible training".split())
NEWNESS_APPOSITIONS = (["a", "novel"], ["a", "new"], ["an", "effective"], ["an", "efficient"])
MAX_TECHNIQUE_MODIFIERS = 2


def discover_modified_techniques(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"we introduce multi-codebook quantization, which ...", "our approach centers on physical
    instruction tuning, a novel training paradigm": lower-case modifiers before a known technique
    that the authors propose (right after their proposal verb, or with "a novel ..." in apposition)
    make a technique of the paper's own; the known one it refines stays inside it."""
    view = tokens(doc)
    lowers = view.lowers
    verbs = set(authors_proposal_verbs(doc))
    spans = []
    for technique in known:
        if (technique.label_ != "METHOD" or not technique.text.islower() or technique.id_ != "kg_gazetteer"
                or not _ends_its_phrase(lowers, technique.end)):
            continue  # not "an end-to-end reinforcement learning strategy", "a high-quality instruction-tuning dataset"
        starts = _technique_modifier_starts(view, technique.start)
        apposed = lowers[technique.end : technique.end + 1] == [","] and lowers[technique.end + 1 : technique.end + 3] in NEWNESS_APPOSITIONS
        after_verb = [start for start in starts if skip_back(lowers, start - 1, 0, NEW_PHRASE_OPENERS | NEWNESS_WORDS) in verbs]
        start = after_verb[-1] if after_verb else (starts[-1] if starts and apposed else None)
        if start is not None:
            spans.append(Span(doc, start, technique.end, label="METHOD", kb_id=view.range_text(start, technique.end),
                              span_id="kg_proposals"))
    return spans


PHRASE_CLOSERS = frozenset(", . ; : ( ) to which that for with in on by as is are where via from under during across at".split())


def _ends_its_phrase(lowers: list[str], end: int) -> bool:
    return end >= len(lowers) or lowers[end] in PHRASE_CLOSERS


def _technique_modifier_starts(view: TokenView, head_start: int) -> list[int]:
    """Starts of the one and the two lower-case modifiers spaced before a technique ("multi-codebook",
    "geometric embedding"), nearest first; no verb ("introducing") and no ordinary word ("improved")."""
    starts: list[int] = []
    start = head_start
    while len(starts) < MAX_TECHNIQUE_MODIFIERS and start > 0 and view.spaces[start - 1]:
        first = view.compound_start(start - 1)
        pieces = view.words[first:start:2]
        if (not all(p.isalnum() and p.islower() for p in pieces) or pieces[0] in MODIFIER_STOPS or pieces[-1] in DESCRIPTIVE_TAILS
                or (first == start - 1 and (pieces[0] in PROPOSAL_WORDS or pieces[0] in USE_CUES or pieces[0].endswith("ing")))):
            break
        start = first
        starts.append(start)
    return starts


def skip_back(lowers: list[str], index: int, floor: int, fillers: set[str] | frozenset[str]) -> int:
    """The last index at or before `index` whose word is no filler ("we propose a new X": the
    verb); floor - 1 when every word down to `floor` is one."""
    while index >= floor and lowers[index] in fillers:
        index -= 1
    return index


def is_apposed_name(view: TokenView, unit: Unit) -> bool:
    """"we propose Hum, a synthetic corpus": one capitalised word right after the verb, then an
    apposition that says what it is, is a name even without a name shape."""
    words, end = view.words, unit.end
    return (unit.end - unit.start == 1 and unit.text[:1].isupper() and unit.text not in STOP_NAMES
            and words[end : end + 1] == [","] and end + 1 < len(words) and words[end + 1].lower() in NEW_PHRASE_OPENERS)


def said_by_the_authors(token) -> bool:
    """The sentence speaks for the paper ("we", "our", "this", "here", "paper"), or the verb is the
    adjective of "the proposed X" (never "the recently proposed X": "the" comes right before it):
    what it proposes is theirs."""
    words = sentence_words(token)
    return bool(AUTHOR_CUES & words) or "paper" in words or the_proposed(tokens(token.doc).lowers, token.i)


def the_proposed(lowers: list[str], i: int) -> bool:
    """The word at i is the "proposed" of "the proposed X"."""
    return lowers[i] == "proposed" and i > 0 and lowers[i - 1] == "the"


def authors_proposal_verbs(doc: Doc) -> list[int]:
    """The proposal verbs (not the naming words) of sentences that speak for the paper."""
    lowers = tokens(doc).lowers
    return [verb for verb in proposal_verbs(doc) if lowers[verb] in PROPOSAL_VERBS and said_by_the_authors(doc[verb])]


def _relative_clause_after(view: TokenView, end: int) -> bool:
    """", which uses a graph neural network", ", trained with reinforcement learning": what the name
    uses, does or was made with, not what it is."""
    following = view.lowers[end : end + 3]
    if following[:1] != [","] or len(following) < 2:
        return False
    if following[1].endswith("ed") and len(following[1]) > 4:
        return True  # a participle: ", trained with X", ", built on X", ", fine-tuned from X"
    return following[1] in {"which", "that"} and following[2:3] not in (["is"], ["are"])


def _apposed_phrase(doc: Doc, view: TokenView, start: int, sentence_end: int) -> Span | None:
    """"we present a novel approach, the LLM Embedder, which ...": capitalised words in apposition
    to a head noun are that noun's name, typed by it."""
    lowers = view.lowers
    comma = start - 2 if lowers[start - 1 : start] == ["the"] else start - 1
    head_type = HEAD_TYPES.get(lowers[comma - 1]) if comma > 0 and lowers[comma] == "," else None
    end = named_phrase_end(view, start, sentence_end) if head_type else None
    if end is None:
        return None
    return Span(doc, start, end, label=head_type, kb_id=view.range_text(start, end), span_id="kg_proposals")


def words_ahead(view: TokenView, start: int, count: int) -> int:
    """The token index `count` words after `start`, a hyphenated word counted once ("user-centric,
    multi-turn human-AI interaction datasets, X": X is nine words after "construct", not fifteen tokens)."""
    i = start
    for _ in range(count):
        if i >= len(view.words):
            break
        i = view.compound_end(i)
    return i


def discover_proposals(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    spans = []
    unit_starts = [unit.start for unit in units]
    taken = covered_tokens(known)
    view = tokens(doc)
    for verb in proposal_verbs(doc):
        if not said_by_the_authors(doc[verb]):
            continue
        sentence_start, sentence_end = view.sentence_bounds(verb)
        word = view.lowers[verb]
        first = verb + 3 if word == "open" else verb + 1  # the object of "propose", or of "open - source"
        naming = is_naming_word(view.lowers, verb)
        if view.lowers[first : first + 1] in (["a"], ["an"]) and named_phrase_end(view, first + 1, sentence_end) is not None:
            first += 1  # "we introduce a Color Consistency Reward.": a capitalised name after the article
        window_end = min(sentence_end, words_ahead(view, verb, 4 if naming else 14))
        for unit in units[bisect_right(unit_starts, verb) : bisect_left(unit_starts, window_end)]:
            if not taken.isdisjoint(range(unit.start, unit.end)):
                break
            if not USE_CUES.isdisjoint(view.lowers[first : unit.start]):
                break  # "we devise a setup that uses WordNet": what follows a use is not the paper's
            unit = with_spaced_version(view, unit)
            unit_text = unit.text
            if len(unit_text) < 2:
                continue
            headed_end = lower_head_after(view, unit, sentence_end) if naming and unit.start == first else None
            if headed_end is not None:  # "a new method called Gram anchoring, which ..."
                spans.append(headed_proposal(doc, view, unit.start, headed_end))
                break
            if ((naming or unit.start == first) and not is_name_unit(unit, unit.start == sentence_start) and starts_a_phrase(view, unit)
                    or naming and unit.start == first and is_capitalised_phrase_start(view, unit)):  # "called Self-Routing Retrieval,"
                end = named_phrase_end(view, unit.start, sentence_end)
                if not naming and end is not None and view.words[end : end + 1] == ["("]:
                    end = None  # "We introduce Generalized Instruction Tuning (called GLAN)": the name is in brackets
                if end is not None and unit.start == first:  # "termed Contextual Token Sparsity.", "we propose Thought-Mask Fine-Tuning,"
                    spans += proposed_phrases(doc, view, unit.start, end, sentence_end, known)
                break  # "dubbed Aligning TeacheR with ...": a phrase whose end we cannot tell
            if is_capitalised_phrase_start(view, unit):
                end = named_phrase_end(view, unit.start, sentence_end) if unit.start == first else None
                if end is not None and view.lowers[end - 1] not in PLURAL_CLASS_HEADS:
                    # "we propose Self-Evolving Trajectory Alignment that ...": a capitalised phrase a clause closes
                    spans += proposed_phrases(doc, view, unit.start, end, sentence_end, known)
                    break
                apposed = _apposed_phrase(doc, view, unit.start, sentence_end)
                if apposed is not None:
                    spans.append(apposed)
                break  # "deita (short for Data-Efficient Instruction Tuning ...)": a capitalised phrase, not a name
            if (is_name_unit(unit, unit.start == sentence_start) or (naming and view.words[unit.start][:1].isupper())
                    or (unit.start == first and is_apposed_name(view, unit))):
                entity_type = (
                    type_from_context(unit)
                    or type_from_head(view.words[verb : unit.start])  # "we construct the first ... dataset, X"
                    or (None if _relative_clause_after(view, unit.end)
                        else type_from_head(view.words[unit.end : next_noun_phrase(view, unit.end, sentence_end)]))
                    or (untyped_name_type(unit_text) if word in PROPOSAL_VERBS else None)
                )
                if entity_type:
                    spans.append(Span(doc, unit.start, unit.end, label=entity_type, kb_id=unit_text, span_id="kg_proposals"))
                    spans += coordinated_proposal(doc, view, spans[-1], sentence_end, known)
                break
    return spans


DEFINITE_OPENERS = frozenset({"the", "our"})
# "the Bayesian framework", "the Unified framework", "the Robust approach": an adjective, no name
ADJECTIVE_ENDING = re.compile(r"(?:ian|ean|ic|al|ive|ous|ed|ent|ant|ble|ful|less|ary|ory|ing|ar|ist|ust|id|ple|ral|ern|ise|ize)$")
NAMED_HEADS = frozenset("approach method framework algorithm technique strategy pipeline paradigm mechanism model "
                        "dataset corpus benchmark suite architecture system agent loss objective metric".split())
NEWNESS_WORDS = frozenset({"new", "novel"})
RUN_LINKS = frozenset({"of", "and", "for"})  # "Theory of Mind": lower-case words inside a capitalised name


def linked_capitalised_run_end(view: TokenView, start: int, limit: int) -> int:
    """End of capitalised words from `start` with hyphens and linking words glued in ("Theory of
    Mind", "Verification-of-Choice"); a linking word counts only between capitalised words."""
    i = capitalised_run_end(view, start, limit)
    while i + 1 < limit and view.lowers[i] in RUN_LINKS and view.words[i + 1][:1].isupper():
        i = capitalised_run_end(view, i + 1, limit)
    return i


def _new_phrase_openers(doc: Doc) -> list[int]:
    """Articles that open what the authors propose: the object of a proposal verb ("we propose a
    ..."), or any "a novel"/"a new" in their sentences ("enhanced via a novel Zorb Fusion method")."""
    view = tokens(doc)
    after_verbs = [verb + 1 for verb in proposal_verbs(doc) if verb + 1 < len(view.words)
                   and view.lowers[verb + 1] in NEW_PHRASE_OPENERS]
    before_newness = [i for i, word in enumerate(view.lowers[:-1])
                      if word in NEW_PHRASE_OPENERS and view.lowers[i + 1] in NEWNESS_WORDS]
    return [i for i in sorted(set(after_verbs + before_newness)) if said_by_the_authors(doc[i])]


def _capitalised_phrase_openers(doc: Doc) -> list[int]:
    """Articles in the authors' sentences right before a capitalised word ("through a Window
    Cross-Attention mechanism"): where a name of two or more capitalised words and a head noun may stand."""
    view = tokens(doc)
    return [i for i, word in enumerate(view.lowers[:-1])
            if word in NEW_PHRASE_OPENERS and view.words[i + 1][:1].isupper() and said_by_the_authors(doc[i])]


def discover_headed_names(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"we propose a Theory of Mind approach", "we present a novel Zorb Flux mechanism": capitalised
    words between the article a proposal verb governs and a head noun are the name of what the
    authors propose, typed by that noun. One capitalised word is a name only after "the" or "our" and
    when it does not end like an adjective ("the Blorp framework", not "a Unified framework" or "the
    Bayesian framework"), nor are words a known name or generic term opens ("a Large Language Model
    framework"); a known name inside them is part of the new one ("a Zorb Flux Attention mechanism")."""
    view = tokens(doc)
    taken = covered_tokens(known)
    spans = []
    proposing = set(_new_phrase_openers(doc))
    for opener in sorted(proposing | set(_capitalised_phrase_openers(doc))):
        start = opener
        definite = view.lowers[start] in DEFINITE_OPENERS and start in proposing
        sentence_end = view.sentence_bounds(start)[1]
        start += 1
        while start < len(view.words) and view.lowers[start] in NEWNESS_WORDS:
            start += 1
        if start >= sentence_end or not view.words[start][:1].isupper() or view.words[start] in STOP_NAMES:
            continue
        end = linked_capitalised_run_end(view, start, sentence_end)
        capitals = sum(1 for w in view.words[start:end] if w[:1].isupper())
        if capitals == 1 and definite and not ADJECTIVE_ENDING.search(view.words[start]):
            capitals = 2  # "we introduce the Blorp framework": a definite article before one word names it
        if end >= sentence_end or view.lowers[end] not in NAMED_HEADS or capitals < 2 or start in taken:
            continue  # a known name or generic term opening the words is what they are ("a Large Language Model framework")
        if crosses(known, start, end) or name_key(view.range_text(start, end)) in generic_keys():
            continue  # "the KV Cache technique": a generic term in capitals
        if opener not in proposing and any(w[:1].islower() and w not in RUN_LINKS for w in view.words[start:end] if w.isalpha()):
            continue  # away from a proposal, every word capitalised: "a Turing-complete Markov algorithm" is a kind
        spans.append(Span(doc, start, end, label=HEAD_TYPES[view.lowers[end]],
                          kb_id=view.range_text(start, end), span_id="kg_proposals"))
    return spans


DATA_HEADS = {word: HEAD_TYPES[word] for word in ("dataset", "datasets", "corpus", "corpora", "treebank", "benchmark", "benchmarks")}
PLURAL_DATA_HEADS = frozenset({"datasets", "corpora", "benchmarks"})
DATA_NAME_LENGTH = 4
# what data is in or about, not its name: "the English corpus", "Korean datasets", "the Medical dataset"
DATA_DESCRIPTIONS = frozenset(
    "english chinese mandarin cantonese japanese korean german french spanish portuguese italian dutch russian "
    "ukrainian polish czech slovak romanian hungarian greek turkish arabic hebrew persian farsi urdu hindi bengali "
    "bangla marathi gujarati punjabi tamil telugu kannada malayalam sinhala nepali thai vietnamese indonesian "
    "malay filipino tagalog swahili yoruba hausa igbo amharic zulu finnish swedish norwegian danish icelandic "
    "estonian latvian lithuanian catalan basque galician irish welsh multilingual bilingual monolingual "
    "african asian european indian indic latin american british western eastern "
    "training test testing validation dev evaluation original full public private synthetic real new "
    "medical clinical biomedical legal financial math code "
    "twitter reddit wikipedia web internet youtube facebook instagram github news google microsoft openai "  # sources
    "for of and on in with from by to at as".split()  # heading case: "Settings For datasets"
)


def is_plain_capitalised(word: str) -> bool:
    """"Iris", "Poker": a capitalised word that is no acronym, CamelCase or digit shape."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and word.isalpha()


def discover_data_names(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"the Iris dataset", "on the Poker Hand dataset", "the Google News corpus": plain capitalised
    words inside a sentence of the abstract, right before a data head noun, name a dataset (a
    benchmark before "benchmark"), and so do the words listed before them and a plural head ("the
    Zorb, Blorp and Quux datasets"). Not at a sentence start, not words that say what the data is
    in, about or from ("the English corpus", "Medical datasets", "Twitter corpora"), not words a
    known name takes, and only after a lower-case word ("People's Daily corpus" is no "Daily")."""
    view = tokens(doc)
    words = view.words
    spans = []
    for head in range(title_end(doc) + 1, len(words)):
        entity_type = DATA_HEADS.get(words[head])
        if entity_type is None:
            continue
        sentence_start = view.sentence_bounds(head)[0]
        names = [_plain_name_before(view, head, sentence_start)]
        while names[-1] is not None and words[head] in PLURAL_DATA_HEADS and words[names[-1][0] - 1] in LIST_JOINERS:
            join = names[-1][0] - 1  # "the Zorb, Blorp and Quux datasets": the names listed before the last
            join -= join > 0 and words[join] == "and" and words[join - 1] == ","
            names.append(_plain_name_before(view, join, sentence_start))
        names = [name for name in names if name is not None]
        if not names or not _opens_with_a_lower_case_word(view, names[-1][0]):
            continue
        spans += [Span(doc, start, end, label=entity_type, kb_id=view.range_text(start, end), span_id="kg_shapes")
                  for start, end in reversed(names) if _free_data_name(view, known, start, end)]
    return spans


def _plain_name_before(view: TokenView, end: int, sentence_start: int) -> tuple[int, int] | None:
    """(start, end) of the plain capitalised words right before token `end`, or None."""
    start = end
    while start - 1 > sentence_start and end - start < DATA_NAME_LENGTH and is_plain_capitalised(view.words[start - 1]):
        start -= 1
    return (start, end) if start < end else None


def _opens_with_a_lower_case_word(view: TokenView, start: int) -> bool:
    before = view.words[start - 1]
    return before.isalpha() and before.islower() and view.words[start - 2] not in {"'", "\u2019"}


def _free_data_name(view: TokenView, known: list[Span], start: int, end: int) -> bool:
    return not (_overlaps(known, start, end) or any(view.lowers[i] in DATA_DESCRIPTIONS or view.words[i] in STOP_NAMES
                                                    for i in range(start, end)))


QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
QUOTING_VERBS = PROPOSAL_WORDS | WE_NAMING_VERBS
QUOTE_FILLERS = NEW_PHRASE_OPENERS | NEWNESS_WORDS | frozenset({"it", "this", "them"})  # "we call it \"X\""
QUOTED_NAME_LENGTH = 6


def closing_quote(words: list[str], open_quote: int, limit: int) -> int | None:
    """Index of the quote that closes the one at `open_quote`, before token `limit`, else None."""
    closing = QUOTE_PAIRS.get(words[open_quote]) if open_quote < len(words) else None
    if closing is None:
        return None
    return next((i for i in range(open_quote + 1, min(limit, len(words))) if words[i] == closing), None)


def discover_quoted_names(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"Hence, we build a \"Large Concept Model\"", "a new paradigm, which we dub \"prompt-based
    learning\"": words the authors quote right after a proposal or naming verb are the name they
    give, typed by its last word or by the words after it."""
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    taken = covered_tokens(known)
    spans = []
    for verb, word in enumerate(lowers):
        if word not in QUOTING_VERBS or view.hyphen_before(verb) or view.hyphen_after(verb + 1):
            continue
        open_quote = verb + 1
        while open_quote < len(words) and lowers[open_quote] in QUOTE_FILLERS:
            open_quote += 1
        if open_quote >= len(words) or words[open_quote] not in QUOTE_PAIRS or not said_by_the_authors(doc[verb]):
            continue
        sentence_end = view.sentence_bounds(verb)[1]
        start = open_quote + 1
        end = closing_quote(words, open_quote, min(start + QUOTED_NAME_LENGTH + 1, sentence_end))
        if end is None or end == start or not taken.isdisjoint(range(start, end)):
            continue
        entity_type = (type_from_head(words[end - 1 : end]) or type_from_head(words[end + 1 : next_noun_phrase(view, end + 1, sentence_end)][:4])
                       or UNTYPED_PROPOSAL)
        spans.append(Span(doc, start, end, label=entity_type, kb_id=view.range_text(start, end),
                          span_id="kg_proposals"))
    return spans


SUITE_WORDS = frozenset({"Bench", "Benchmark", "Eval", "Arena", "Leaderboard"})


def discover_suite_names(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"OPT-IML Bench": a known name and a capitalised benchmark word after it name a new
    benchmark (the known name inside it is dropped), unless the gazetteer knows the whole."""
    view = tokens(doc)
    words, spaces = view.words, view.spaces
    spans = []
    for span in known:
        end = span.end
        if (span.label_ in {"MODEL", "METHOD", "DATASET"} and end < len(words)
                and spaces[end - 1] and words[end] in SUITE_WORDS and not _overlaps(known, end, end + 1)):
            name = f"{span.text} {words[end]}"
            spans.append(Span(doc, span.start, end + 1, label="BENCHMARK", kb_id=name, span_id="kg_shapes"))
    return spans


def free_name_units(doc: Doc, known: list[Span], units: list[Unit]) -> list[Unit]:
    """The name-shaped units no span covers, that open no longer capitalised phrase and are no
    short form the paper defines (its other mentions follow the definition, see propagate)."""
    view = tokens(doc)
    sentence_starts = set(view.sentence_starts)
    taken = covered_tokens(known)
    defined = {span.text for span in known if span.id_ == "kg_abbreviations"}
    return [unit for unit in units
            if is_name_unit(unit, unit.start in sentence_starts) and taken.isdisjoint(range(unit.start, unit.end))
            and not is_capitalised_phrase_start(view, unit) and unit.text not in defined]


def discover_shapes(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    spans = []
    for unit in free_name_units(doc, known, units):
        entity_type = type_from_context(unit)
        if entity_type:
            spans.append(Span(doc, unit.start, unit.end, label=entity_type, kb_id=unit.text, span_id="kg_shapes"))
    return spans


SPACED_SIZE = re.compile(r"^\d{1,4}(?:\.\d{1,2})?[BM]$")  # "7B", "1.4B", "350M"
PLAIN_NAME_WORD = re.compile(r"^[A-Z][a-z]{2,}[A-Za-z0-9]*$")
SIZE_LIST_JOINERS = LIST_JOINERS | {"/"}  # "Zorb 1.4B and 2.6B", "Zorb 7B/70B"
COUNT_NOUNS = frozenset({"parameters", "parameter", "params", "tokens", "token", "samples", "examples", "images",
                         "words", "pairs", "documents", "steps", "activated", "active", "total"})


def discover_spaced_sizes(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"Ouro 1.4B and 2.6B models": a capitalised word and a spaced parameter count are a model,
    each listed size another model of the family. At a sentence start the word must also stand
    capitalised inside a sentence ("With 7B parameters" names nothing), and title words never
    count; a count of tokens or parameters after the size is no model either."""
    view = tokens(doc)
    words, spaces = view.words, view.spaces
    taken = covered_tokens(known)
    sentence_starts = set(view.sentence_starts)
    spans = []
    for unit in units:
        unit = with_spaced_version(view, unit)  # "Zorb 2 7B"
        i, word = unit.end, unit.text
        if (not _sized_name(unit, sentence_starts) or i >= len(words) or not spaces[i - 1] or not SPACED_SIZE.match(words[i])
                or not taken.isdisjoint(range(unit.start, i + 1)) or unit.start < title_end(doc)
                or (unit.start in sentence_starts and not _stands_inside_a_sentence(words, sentence_starts, word))):
            continue  # the title capitalises every word: "Can 1B LLMs Surpass 405B LLMs?"
        sizes = [i]
        while (j := i + 1) + 1 < len(words) and words[j] in SIZE_LIST_JOINERS and SPACED_SIZE.match(words[j + 1]):
            sizes.append(j + 1)
            i = j + 1
        if i + 1 < len(words) and view.lowers[i + 1] in COUNT_NOUNS:
            continue
        for k in sizes:
            spans.append(Span(doc, unit.start if k == sizes[0] else k, k + 1, label="MODEL",
                              kb_id=f"{word} {words[k]}", span_id="kg_shapes"))
    return spans


def _sized_name(unit: Unit, sentence_starts: set[int]) -> bool:
    """A unit a spaced size can follow as a model: a capitalised word that names a release
    ("Zorb 7B"), the same with a spaced release number ("Zorb 2 7B"), or any name-shaped unit
    ("Zorb-3 13B", "ZRWK 32B")."""
    word = unit.text.split(" ")[0]
    if not (PLAIN_NAME_WORD.match(word) or is_name_unit(unit, unit.start in sentence_starts)):
        return False
    return _names_a_release(word) and word.lower() not in HEAD_TYPES


def _stands_inside_a_sentence(words: list[str], sentence_starts: set[int], word: str) -> bool:
    """`word` occurs somewhere other than at a sentence start (so a capital does not just open a sentence)."""
    return any(w == word and i > 0 and i not in sentence_starts for i, w in enumerate(words))


LIST_TYPES = frozenset({"MODEL", "DATASET", "BENCHMARK", "METHOD"})


def typed_edges(known: list[Span]) -> dict[int, str]:
    """The first and last token of every span of a list type, with its type: what a list member's neighbours are."""
    typed = {}
    for span in known:
        if span.label_ in LIST_TYPES:
            typed[span.start] = typed[span.end - 1] = span.label_
    return typed


def discover_list_members(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """A name listed with names of one type is of that type: "compared with GPT-4, Claude 3 and
    ZorbLM" (ZorbLM a model), "on GSM8K, MATH and FooQA" (FooQA a benchmark). The name must sit
    inside the list (a separator on both sides, or "and"/"or" before it, or before a typed
    neighbour), so "on MATH, X outperforms" types nothing."""
    view = tokens(doc)
    typed = typed_edges(known)
    candidates = free_name_units(doc, known, units) + plain_capitalised_units(doc, known)
    spans = []
    changed = True
    while changed:
        changed = False
        for unit in candidates:
            if unit.start in typed:
                continue
            entity_type = _list_neighbour_type(view, unit, typed)
            if entity_type:
                typed[unit.start] = typed[unit.end - 1] = entity_type
                spans.append(Span(doc, unit.start, unit.end, label=entity_type, kb_id=unit.text, span_id="kg_shapes"))
                changed = True
    return spans


COLLECTION_LIST_OPENERS = frozenset({"like", "as", "including", "include", "includes"})  # "benchmarks such as X, Y"


def discover_named_after_models(doc: Doc, known: list[Span], units: list[Unit]) -> list[Span]:
    """"benchmarks such as Zorb Algebra, MATH-500 and GSM8K", "the Zorb Audio benchmark": a known
    model's name with capitalised words after it names a collection built on that model, when a
    data head noun follows, a list of collections holds it, or a plural data head opens that list.
    A tier, size or release after the name ("Zorb Pro", "Zorb 2") is the model itself, not this."""
    view = tokens(doc)
    words, lowers = view.words, view.lowers
    typed = typed_edges(known)
    spans = []
    for model in known:
        start, end = model.start, model.end
        if model.label_ != "MODEL" or start < title_end(doc):
            continue
        sentence_start, sentence_end = view.sentence_bounds(start)
        run_end = end
        while (run_end < sentence_end and view.spaces[run_end - 1] and is_plain_capitalised(words[run_end])
               and words[run_end] not in STOP_NAMES and words[run_end] not in SPACED_TIERS and run_end not in typed):
            run_end += 1
        if run_end == end or run_end - end > 2:
            continue
        unit = Unit(doc, start, run_end, view.range_text(start, run_end))
        head = lowers[run_end] if run_end < sentence_end else ""
        listed = _list_neighbour_type(view, unit, typed)
        list_head = skip_back(lowers, start - 2, sentence_start, {"such"})  # "benchmarks (such) as X"
        opened = start - 1 > sentence_start and lowers[start - 1] in COLLECTION_LIST_OPENERS and lowers[list_head] in PLURAL_DATA_HEADS
        label = DATA_HEADS.get(head) or (listed if listed in COLLECTION_TYPES else None) or (DATA_HEADS[lowers[list_head]] if opened else None)
        if label:
            spans.append(Span(doc, start, run_end, label=label, kb_id=unit.text, span_id="kg_shapes"))
    return spans


CITATION_YEAR = re.compile(r", (?:19|20)\d\d[a-z]?")  # "(Blick, 2020)"


def plain_capitalised_units(doc: Doc, known: list[Span]) -> list[Unit]:
    """Single plain capitalised words inside an abstract sentence ("Sora, Runway, Pika") that no
    span covers: names only where a list types them (discover_list_members)."""
    view = tokens(doc)
    taken = covered_tokens(known)
    sentence_starts = set(view.sentence_starts)
    written = set(view.words)
    return [Unit(doc, i, i + 1, view.words[i]) for i in range(title_end(doc) + 1, len(view.words))
            if i not in taken and i not in sentence_starts and _stands_as_a_plain_name(view, i, written)]


def _stands_as_a_plain_name(view: TokenView, i: int, written: set[str]) -> bool:
    """Word i is a plain capitalised word standing alone: no capitalised word, hyphen or number
    glued or next to it ("Algorithm 1", "Data-Driven"), no author ("Blick et al.", "(Blick,
    2020)"), no maker, tier ("Mini"), participle ("Verified") or language ("Korean"), and no
    ordinary word the paper also writes in lower case ("Attention" beside "attention")."""
    words = view.words
    word, after = words[i], words[i + 1] if i + 1 < len(words) else ""
    return (is_plain_capitalised(word) and word not in STOP_NAMES and word not in PREFIX_STOPS and word not in SPACED_TIERS
            and not word.endswith(("ing", "ed")) and word.lower() not in DATA_DESCRIPTIONS and word.lower() not in written
            and not words[i - 1][:1].isupper() and not view.hyphen_before(i) and not view.hyphen_after(i + 1)
            and not (after[:1].isupper() or after[:1].isdigit() or after.startswith("et"))
            and not CITATION_YEAR.fullmatch(" ".join(words[i + 1 : i + 3])))


def _list_neighbour_type(view: TokenView, unit: Unit, typed: dict[int, str]) -> str | None:
    lowers = view.lowers
    before = separator_before(lowers, unit.start)
    after = separator_after(lowers, unit.end)
    left = typed.get(before[0] - 1) if before else None
    right = typed.get(after[1]) if after else None
    if left and right and left != right:
        return None
    if left and (before[1] in {"and", "or"} or after):
        return left  # "..., GPT-4, and X" or "GPT-4, X, ..."
    if right and (after[0] in {"and", "or"} or before or (after[0] == "," and lowers[unit.start - 1] in LIST_OPENERS)):
        return right  # "X and GPT-4", "..., X, GPT-4", "including X, GPT-4"
    return None


LIST_OPENERS = frozenset({"including", "include", "includes", "like", "as", ":"})  # not "on": "Based on X, GPT-4 ..."


def separator_before(lowers: list[str], start: int) -> tuple[int, str] | None:
    """(index of the first separator token, the word that joins) for ", and X", ", X", "and X"."""
    i = start - 1
    if i >= 1 and lowers[i] in {"and", "or"}:
        return (i - 1, lowers[i]) if lowers[i - 1] == "," else (i, lowers[i])
    if i >= 1 and lowers[i] == ",":
        return i, ","
    return None


def separator_after(lowers: list[str], end: int) -> tuple[str, int] | None:
    """(the word that joins, index of the next item's first token) for "X, and", "X,", "X and"."""
    if end + 1 < len(lowers) and lowers[end] == ",":
        if lowers[end + 1] in {"and", "or"} and end + 2 < len(lowers):
            return lowers[end + 1], end + 2
        return ",", end + 1
    if end + 1 < len(lowers) and lowers[end] in {"and", "or"}:
        return lowers[end], end + 1
    return None


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def is_hyphenated_name_piece(text: str, start: int, end: int) -> bool:
    """text[start:end] is glued by a hyphen to a word before it ("SWE-RL") or to a name piece after
    it, one that starts with a capital or a digit ("RL-Zorb", "RL-7B"; not "RL-based")."""
    glued_before = start >= 2 and text[start - 1] == "-" and _is_word_char(text[start - 2])
    glued_after = end + 1 < len(text) and text[end] == "-" and (text[end + 1].isupper() or text[end + 1].isdigit())
    return glued_before or glued_after


def whole_word_occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Character ranges where `name` occurs with no word character glued on either side, as
    `(?<!\\w)NAME(?!\\w)` finds them (without compiling a pattern per name)."""
    position = text.find(name)
    while position >= 0:
        end = position + len(name)
        if (position == 0 or not _is_word_char(text[position - 1])) and (end == len(text) or not _is_word_char(text[end])):
            yield position, end
            position = text.find(name, end)
        else:
            position = text.find(name, position + 1)


def number_forms(name: str) -> tuple[str, ...]:
    """The surfaces of a discovered name to look for: an acronym also in the plural and a
    plural acronym also in the singular ("NPT" and "NPTs")."""
    if PLURAL_CAPS.match(name) or (len(name) > 2 and name.endswith("s") and is_name_piece(name[:-1]) and name[-2].isupper()):
        return name, name[:-1]
    if name[-1:].isupper() and is_name_piece(name):
        return name, name + "s"
    return (name,)


def propagate(doc: Doc, found: list[Span], blocked: list[Span]) -> list[Span]:
    """Tag every other occurrence of each discovered surface in the doc (whole words only),
    in the singular and the plural for acronyms. An occurrence takes over a blocking span inside
    it ("Transformer" in a second "Zorb Transformer"), not one that reaches outside it, nor
    another discovered name."""
    text = doc_text(doc)
    taken = covered_tokens(found)
    extra = []
    for source in {(span.text, span.label_, span.kb_id_, span.id_): span for span in found}.values():
        surfaces = [(surface, source.kb_id_) for surface in number_forms(source.text)]
        family = split_name(source.kb_id_, source.label_)[1]
        if family and "\x1f" not in source.kb_id_ and not is_known(family) and is_name_piece(family.split("-")[0]):
            surfaces.append((family, family))  # "ProLong" alone, after "our final model, ProLong-8B"
        for surface, kb_id in surfaces:
            if text.count(surface) < (2 if surface == source.text else 1):
                continue  # the one occurrence of the name itself is the found span
            for start, end in whole_word_occurrences(text, surface):
                tokens_found = char_range_to_tokens(doc, start, end)
                if (tokens_found is not None and taken.isdisjoint(range(*tokens_found)) and not crosses(blocked, *tokens_found)
                        and not tokens(doc).hyphen_after(tokens_found[1])):
                    extra.append(Span(doc, *tokens_found, label=source.label_, kb_id=kb_id, span_id=source.id_))
    return extra


def vote_types(spans: list[Span]) -> list[Span]:
    """One type per discovered name in a doc: what the words around its occurrences say most
    often ("we propose CodecLM, a framework" beats the "-LM" in its name), else its first type."""
    votes: dict[str, Counter] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if span.id_ == "kg_abbreviations" and is_known(span.kb_id_):
            continue
        found = type_from_context(span, use_shape=False)
        if found:
            votes.setdefault(span.kb_id_, Counter())[found] += 1
    relabelled = []
    for span in spans:
        counts = votes.get(span.kb_id_)
        if counts:
            best = max(counts, key=lambda t: counts[t])  # a tie: the first occurrence's type (the title's)
            if best != span.label_:
                span = Span(span.doc, span.start, span.end, label=best, kb_id=span.kb_id_, span_id=span.id_)
        relabelled.append(span)
    return relabelled


SIZED_TOKEN = re.compile(r"^\d+(?:\.\d+)?[bm]$")  # "14b", "1.3b", "350m" (lower-cased)
SIZE_TIERS = frozenset("base turbo plus pro max mini ultra lite nano flash large small medium".split())
RELEASE_TIERS = SIZE_TIERS | frozenset("instruct chat preview it sft dpo rlhf hf v1 v2 v3".split())  # "Qwen2.5-Turbo": a tier of the family
SPACED_TIERS = frozenset(w.capitalize() for w in SIZE_TIERS)  # "Weaver Ultra": written as a word of its own


def tier_variants(doc: Doc, spans: list[Span], blocked: list[Span]) -> list[Span]:
    """"Weaver Mini (1.8B), Weaver Base (6B) ...": a capitalised tier word after a discovered
    model name makes a variant of it, whose family is the name (the gazetteer does the same for
    known names); a subset word after a new benchmark makes a subset of it ("Zorb-Bench Diamond"),
    and so does one glued to it when the paper names the benchmark alone too ("ZorbBench-Lite").
    A capitalised word after the tier word ("Foo Large Language Model") opens a phrase instead."""
    view = tokens(doc)
    words, spaces = view.words, view.spaces
    taken = covered_tokens(blocked + spans)
    benchmarks = {span.kb_id_ for span in spans if span.label_ == "BENCHMARK"}
    out = []
    for span in spans:
        end = span.end
        if ("\x1f" not in span.kb_id_ and end < len(words) and spaces[end - 1] and end not in taken
                and (span.label_ == "MODEL" and (_is_spaced_tier(words, spaces, end) or _is_spaced_size(view.lowers, end))
                     or span.label_ == "BENCHMARK" and subset_word_at(view, end))):
            family = span.kb_id_
            span = Span(doc, span.start, end + 1, label=span.label_, kb_id=f"{family}\x1f{family} {words[end]}", span_id=span.id_)
        elif span.label_ == "BENCHMARK" and (family := _glued_subset_of(span.kb_id_, benchmarks)) is not None:
            span = Span(doc, span.start, end, label=span.label_, kb_id=f"{family}\x1f{span.kb_id_}", span_id=span.id_)
        out.append(span)
    return out


def _glued_subset_of(name: str, benchmarks: set[str]) -> str | None:
    """The new benchmark "ZorbBench-Lite" is a subset of, when the paper names "ZorbBench" too, else None."""
    family, _, subset = name.rpartition("-")
    return family if subset in SUBSET_WORDS and family in benchmarks else None


def _is_spaced_tier(words: list[str], spaces: list[bool], i: int) -> bool:
    """"Weaver Mini", not "Foo Large Language Model" (a capitalised word after the tier opens a phrase)."""
    return is_spaced_word(words, spaces, i, SPACED_TIERS)


COUNTED_BY_SIZE = frozenset("tokens parameters params words images examples samples pairs hours steps".split())


def _is_spaced_size(lowers: list[str], i: int) -> bool:
    """"Wan 14B", "Zorb 350M": a model size, not "Zorb 7B tokens"."""
    return bool(SIZED_TOKEN.match(lowers[i])) and not (i + 1 < len(lowers) and lowers[i + 1] in COUNTED_BY_SIZE)


PROBLEM_WORDS = frozenset("task tasks problem problems".split())
TASK_WORDS = PROBLEM_WORDS | frozenset("ability abilities capability capabilities skill skills".split())


COLLECTION_TYPES = frozenset({"DATASET", "BENCHMARK"})


def task_acronyms(doc: Doc, found: list[Span]) -> set[str]:
    """New acronyms the paper uses for a task or an ability ("the Task Planning and Tool Usage
    (TPTU) abilities", "in xMR tasks"): a task word follows one of their occurrences. Not a
    benchmark's or a dataset's: "EMMA (...), a benchmark ... EMMA tasks demand ..." are its tasks."""
    view = tokens(doc)
    words = view.words
    acronyms = {span.kb_id_ for span in found if span.id_ == "kg_abbreviations" and not is_known(span.kb_id_)
                and span.label_ not in COLLECTION_TYPES}
    tasks = set()
    for short in acronyms:
        for start, end in whole_word_occurrences(view.text, short):
            occurrence = char_range_to_tokens(doc, start, end)
            if occurrence is not None:
                i = occurrence[1] + (1 if occurrence[1] < len(words) and words[occurrence[1]] == ")" else 0)
                if i < len(words) and words[i].lower() in TASK_WORDS:
                    tasks.add(short)
    return tasks


def names_a_task(span: Span) -> bool:
    """A known technique that a task word follows is a task here: "linear regression problems",
    "trained on linear regression tasks" (the paper's other mentions of it still count)."""
    lowers = tokens(span.doc).lowers
    return span.label_ == "METHOD" and span.end < len(lowers) and lowers[span.end] in PROBLEM_WORDS


def _add_new(found: list[Span], new: list[Span]) -> None:
    """Append the spans that overlap nothing found so far (earlier rules win)."""
    for span in new:
        if not _overlaps(found, span.start, span.end):
            found.append(span)


@Language.component("kg_discovery")
def discover_names(doc: Doc) -> Doc:
    known = list(doc.spans.get(SPANS_KEY, []))
    redefined = redefined_acronyms(doc, known)
    known = [k for k in known if (k.text, k.kb_id_) not in redefined]
    is_task = [names_a_task(k) for k in known]
    task_mentions = [k for k, task in zip(known, is_task) if task]  # still block the later rules
    known = [k for k, task in zip(known, is_task) if not task]
    blocked = known + task_mentions + list(doc.spans.get(GENERIC_KEY, [])) + list(doc.spans.get(MAKERS_KEY, []))
    units = name_units(doc)
    found: list[Span] = []
    _add_new(found, discover_abbreviations(doc, blocked, units, frozenset(text for text, _ in redefined)))
    # shorthands and short forms of generic terms the abbreviations define block the later rules
    blocked += shorthand_spans(doc) + generic_short_form_spans(doc, list(doc.spans.get(GENERIC_KEY, [])))
    for rule in (discover_suite_names, discover_title_prefix, discover_report_title, discover_title_methods, discover_proposals, discover_headed_names, discover_quoted_names, discover_named_phrases,
                 discover_apposed_lower_names, discover_modified_techniques, discover_shapes, discover_spaced_sizes,
                 discover_data_names, discover_list_members, discover_named_after_models):
        _add_new(found, rule(doc, blocked + found, units))
    tasks = task_acronyms(doc, found)
    found = [span for span in title_methods_as_long_forms(found) if span.kb_id_ not in tasks]
    found = tier_variants(doc, vote_types(filter_spans(found + propagate(doc, found, blocked))), blocked)
    doc.spans[SPANS_KEY] = [k for k in known if not nested_in(k, found)] + found
    return doc
