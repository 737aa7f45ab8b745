"""The curated gazetteer: loading the shipped records and matching them in text.

Records live in `kg/data/gazetteer/*.jsonl` (format in its README). Surfaces are matched
with spaCy PhraseMatchers: case-sensitively on ORTH, and on LOWER only for records marked
`ignore_case`. A MODEL match absorbs a following size or variant suffix
("Llama-2-7b-chat" -> Llama 2, variant "7B-Chat").
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import ascii_uppercase

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.extract.lookups import TokenView, covered_tokens, title_end, tokens
from kg.names import name_key

SPANS_KEY = "kg"
GENERIC_KEY = "kg_generic"  # generic terms: matched so no other rule takes them, then left out
MAKERS_KEY = "kg_makers"  # a model's name that names its makers ("DeepSeek's R1"): no rule may take it
GAZETTEER_DIR = Path(str(resources.files("kg") / "data" / "gazetteer"))

VARIANT_PIECE = re.compile(
    r"^(?:\d+(?:\.\d+)?[BMKTbmkt]|\d+x\d+[Bb]|[A-Z]\d+(?:\.\d+)?[Bb]|"
    r"base|Base|BASE|large|Large|LARGE|small|Small|SMALL|tiny|Tiny|mini|Mini|medium|Medium|"
    r"xlarge|XLarge|XLARGE|xxlarge|XXLarge|XXLARGE|S|M|L|B|H|g|Ti|"  # ViT-B, ViT-H, ViT-g, ViT-Ti
    r"XL|XXL|xl|xxl|huge|Huge|nano|Nano|Pro|pro|Plus|plus|Max|Ultra|Flash|Turbo|turbo|Lite|lite|"
    r"Instruct|instruct|Chat|chat|Base|it|IT|hf|HF|Code|code|Math|math|Vision|VL|Coder|"
    r"v\d+(?:\.\d+)*|V\d+(?:\.\d+)*|uncased|cased|distill|Distill|preview|Preview|"
    r"\d{4}|\d{2}|\d{3,4}k|\d{3,4}K|o|mini|SFT|DPO|RLHF|AWQ|GPTQ|GGUF|Int4|Int8|int4|int8|fp16|bf16|\d{1,2}bit|"
    r"high|low)$"  # reasoning effort: "o3-mini-high", "GPT-5-high"
)
PARAMETER_COUNT = re.compile(r"^\d+(?:\.\d+)?[BM]$")
COLLECTION_PIECE = re.compile(r"^(?:[vV]\d+(?:\.\d+)*|\d{2}|\d{4}|\d+(?:\.\d+)?[kK])$")  # "-v2", "-2024", "-100K"
SIZE_PIECE = re.compile(r"^(?:\d+(?:\.\d+)?[bmkt]|\d+x\d+b|[A-Z]\d+(?:\.\d+)?b)$")
SPACED_PIECE = re.compile(r"^(?:\d+(?:\.\d+)?[BMKTbmkt]|base|Base|BASE|large|Large|LARGE|small|Small|SMALL|"
                          r"xlarge|XLarge|XLARGE|xxlarge|XXLARGE|XL|XXL|v\d+(?:\.\d+)*)$")
TIER_WORDS = frozenset("mini nano Mini Nano Flash Lite Pro Turbo Max Plus Ultra".split())  # "GPT-5 mini", "Grok 3 mini"
SPACED_VERSION = re.compile(r"^[1-9]\.\d$")  # "Mistral Small 3.1", "MiniCPM-V 2.6": after a name ending in a letter
SUBSET_WORDS = frozenset("Diamond Verified Lite Hard Mini".split())  # "Zorb Diamond": a subset of a benchmark
SPLIT_NAMES = frozenset("dev devtest test train val valid validation".split())  # "flores200-devtest": a split of FLORES-200
DESCRIPTIVE_TAILS = frozenset("based like style driven guided aware powered enhanced augmented specific free tuned "
                              "level wise centric oriented only generated scale sized class".split())
METHOD_MODIFIERS = frozenset(
    "unsupervised supervised self-supervised semi-supervised weakly-supervised contrastive multilingual "
    "cross-lingual multi-task multitask joint adversarial iterative continual progressive sparse dense masked "
    "multimodal multi-modal cross-modal distributed federated hierarchical bidirectional causal conditional "
    "linear nonlinear stochastic differentiable parameter-efficient low-rank layer-wise layerwise "
    "online offline".split()
)  # not "full", "task-specific", "domain-specific", "...-based": they describe a use, they name no technique
PRECISION = re.compile(r"^(?:FP|INT|BF|MXFP|NVFP|MXINT)\d{1,2}$")
# "FP4 quantization", "INT8 training": a number format makes a specific technique (a bit width, "4-bit
# quantization", is a setting of quantization, often one of several the paper compares)
DATA_MODIFIERS = frozenset("multilingual cross-lingual multimodal multi-modal cross-modal".split())
# what the data is (languages, modalities): "multilingual pretraining" is pretraining, still generic


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str
    aliases: tuple[str, ...]
    family: str | None
    wikidata: str | None
    hf: str | None
    ignore_case: bool

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def load_gazetteer(directory: str | None = None) -> tuple[GazetteerEntry, ...]:
    """All records of every `*.jsonl` file in the gazetteer directory, in file and line order;
    read once per folder (`load_gazetteer()` and `load_gazetteer(None)` share one read)."""
    return _read_gazetteer(Path(directory) if directory else GAZETTEER_DIR)


@lru_cache(maxsize=4)
def _read_gazetteer(folder: Path) -> tuple[GazetteerEntry, ...]:
    entries = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    rec = json.loads(line)
                    entries.append(
                        GazetteerEntry(
                            name=rec["name"],
                            type=rec["type"],
                            aliases=tuple(rec.get("aliases") or ()),
                            family=rec.get("family"),
                            wikidata=rec.get("wikidata"),
                            hf=rec.get("hf"),
                            ignore_case=bool(rec.get("ignore_case")),
                        )
                    )
    return tuple(entries)


TYPE_HEAD = re.compile(r"\s+(?:dataset|data set|datasets|benchmark|corpus|suite|leaderboard)$", re.I)


def match_surfaces(entry: GazetteerEntry) -> set[str]:
    """The surfaces the matcher looks for: the record's own, less those that only add a type
    word to another ("ImageNet dataset" when "ImageNet" is one: the name, not the phrase), with
    long CamelCase words written with one capital ("Olympiadbench"), with hyphen/space variants,
    for datasets and benchmarks, their ALL-CAPS spelling (papers set names in small capitals), and
    the lower-case spelling of a name with a digit (for models, checkpoint ids: "llama-2-7b"), and
    for two lower-case words of a method, their hyphenated spelling ("reinforcement-learning")."""
    own = set(entry.surfaces)
    surfaces = set()
    for surface in entry.surfaces:
        stripped = TYPE_HEAD.sub("", surface) if entry.type in {"DATASET", "BENCHMARK"} else surface
        if stripped == surface or stripped not in own:
            surfaces.add(surface)  # "Multi-Turn Benchmark" stays whole: "Multi-Turn" is no name of it
    if entry.type != "METRIC" and not entry.ignore_case:
        surfaces |= {flat for s in surfaces if (flat := camel_words_flattened(s)) != s}
    if entry.type in {"MODEL", "DATASET", "BENCHMARK"}:
        surfaces |= {v for s in surfaces for v in spelling_variants(s)}
    if entry.type == "METHOD" and not entry.ignore_case:
        surfaces |= {v for s in surfaces for v in case_variants(s)}
    if entry.type == "METHOD":
        # "a reinforcement-learning baseline", "supervised-finetuning": two words hyphenated as a modifier
        surfaces |= {"-".join(s.split()) for s in surfaces if len(s.split()) == 2 and s.islower()}
    if entry.type in {"DATASET", "BENCHMARK"} and not entry.ignore_case:
        surfaces |= {s.upper() for s in surfaces if sum(c.isalpha() for c in s) >= 5 and any(c.islower() for c in s)}
        # "flores200", "gsm8k": a name with digits is no English word in any case
        surfaces |= {s.lower() for s in surfaces if any(c.isdigit() for c in s) and sum(c.isalpha() for c in s) >= 4}
        # "VSI-bench", "Zorb-bench": a benchmark suffix written in lower case
        surfaces |= {BENCH_SUFFIX.sub(lambda m: m.group().lower(), s) for s in surfaces if BENCH_SUFFIX.search(s)}
    if entry.type in {"MODEL", "METHOD"} and not entry.ignore_case:
        surfaces |= {plural for s in surfaces if (plural := acronym_plural(s))}
        surfaces |= {s.upper() for s in surfaces if MIXED_CASE_ACRONYM.match(s)}  # "COT", "LORA" for "CoT", "LoRA"
    if entry.type == "METRIC":
        surfaces |= {v for s in surfaces for v in at_k_variants(s)}
    if entry.type == "MODEL" and not entry.ignore_case:
        # "gemma-3-27b-it", "gpt-4o-mini", "llama-2-7b": checkpoint ids are written in lower case
        surfaces |= {s.lower() for s in surfaces if any(c.isdigit() for c in s) and sum(c.isalpha() for c in s) >= 3}
    return surfaces


ACRONYM_END = re.compile(r"(?:^|[^A-Za-z])[A-Za-z]*[A-Z][a-z]?[A-Z]$")  # "STaR", "LoRA", "DiT", "Q-LoRA"; not "Q4", "GPT-4"


MIXED_CASE_ACRONYM = re.compile(r"^(?=(?:[a-z]*[A-Z]){2})(?=.*[a-z])[A-Za-z]{2,6}$")


def acronym_plural(surface: str) -> str | None:
    """The plural papers write of a name that ends like an acronym: "STaRs", "LoRAs", "DiTs"."""
    return surface + "s" if ACRONYM_END.search(surface) else None


AT_K = re.compile(r"@[kKnN]$")
AT_NUMBER = re.compile(r"@\d+$")
AT_CUTOFF = re.compile(r"(?:@|-at-)(\d+)$")  # as written in the text: "Pass@512", "recall-at-5"
AT_K_VALUES = ("k", "K", "n", "N", *map(str, (*range(1, 11), 16, 20, 25, 32, 50, 64, 100, 128, 200, 256, 500, 512, 1000, 1024)))


def at_k_variants(surface: str) -> set[str]:
    """A metric taken at a cut-off, "maj@k", in the cut-offs papers report: "maj@n", "maj@16", and
    spelled out with a word ("recall-at-5") (a surface another record owns, "pass@1", stays that record's)."""
    if AT_NUMBER.search(surface):
        return {surface.replace("@", "-at-")}  # "Recall@5" -> "Recall-at-5"
    if not AT_K.search(surface):
        return set()
    return {AT_K.sub(f"{at}{value}", surface) for value in AT_K_VALUES for at in ("@", "-at-")}


WORD_PIECE = re.compile(r"[A-Za-z]+|[^A-Za-z]+")
BENCH_SUFFIX = re.compile(r"(?<=[-A-Z])Bench$")


def case_variants(surface: str) -> set[str]:
    """A technique name of two or more plain words in the cases prose writes it: "Inference-Time
    Intervention" ~ "Inference-time Intervention" ~ "inference-time intervention". Names with
    an acronym or a digit ("LoRA-FA", "GPT-4 distillation") keep their case."""
    pieces = WORD_PIECE.findall(surface)
    words = [p for p in pieces if p.isalpha()]
    if len(words) < 2 or any(c.isdigit() for c in surface) or not all(w.islower() or w.istitle() for w in words):
        return set()
    lower = surface.lower()
    title = "".join(p.capitalize() if p.isalpha() else p for p in pieces)
    sentence = lower[:1].upper() + lower[1:]
    words_title = " ".join(w[:1].upper() + w[1:] for w in lower.split(" "))  # "Inference-time Intervention"
    return {lower, title, sentence, words_title}


def claimed_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens an entity span, a generic term or a maker's name already covers: later
    components find names only elsewhere."""
    return covered_tokens([*doc.spans.get(SPANS_KEY, []), *doc.spans.get(GENERIC_KEY, []), *doc.spans.get(MAKERS_KEY, [])])


@lru_cache(maxsize=1)
def _canonical_names() -> frozenset[str]:
    return frozenset(entry.name for entry in load_gazetteer())


@lru_cache(maxsize=1)
def model_name_words() -> frozenset[str]:
    """One-word MODEL names of four letters or more ("LLaMA", "Mistral", "BERT"): the names other
    models are built on ("xLLaMA-100", "BioMistral", "Chinese-Llama2")."""
    return frozenset(s for entry in load_gazetteer() if entry.type == "MODEL" for s in entry.surfaces
                     if len(s) >= 4 and s.isalpha() and s[0].isupper())


@lru_cache(maxsize=1)
def collection_surfaces() -> dict[str, str]:
    """Every surface of a DATASET or BENCHMARK record -> its type (the names other collections are built on)."""
    return {s: entry.type for entry in load_gazetteer() if entry.type in {"DATASET", "BENCHMARK"} for s in entry.surfaces}


@lru_cache(maxsize=1)
def surface_types() -> dict[str, str]:
    """Every surface of a record -> its type (a surface two records share keeps the first one's)."""
    found: dict[str, str] = {}
    for entry in load_gazetteer():
        for surface in entry.surfaces:
            found.setdefault(surface, entry.type)
    return found


def is_known(kb_id: str) -> bool:
    """Does a span's kb_id name a gazetteer record (or a variant of one)?"""
    return kb_id.split("\x1f", 1)[0] in _canonical_names()


LONG_FORM_WORD = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=1)
def _long_forms() -> dict[str, tuple[str, ...]]:
    return {entry.name: tuple(s for s in entry.surfaces if len(LONG_FORM_WORD.findall(s)) >= 2) for entry in load_gazetteer()}


def long_forms(kb_id: str) -> tuple[str, ...]:
    """The record's surfaces of two or more words ("straight-through estimator" for STE): what its
    acronym stands for; () for a name the gazetteer does not know."""
    return _long_forms().get(kb_id.split("\x1f", 1)[0], ())


@lru_cache(maxsize=1)
def generic_terms() -> frozenset[str]:
    """Canonical names listed in kg/data/generic_terms.txt: matched, then dropped (see that file)."""
    path = GAZETTEER_DIR.parent / "generic_terms.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def generic_keys() -> frozenset[str]:
    """The name keys of the generic terms: "KV Cache" written by a paper is the generic "KV cache"."""
    return frozenset(name_key(term) for term in generic_terms())


def prime_lookups() -> None:
    """Build the lazy lookups above now: a pipeline built before forking its workers hands them
    over ready, instead of each worker reading the gazetteer again on its first paper."""
    _canonical_names(), model_name_words(), collection_surfaces(), surface_types(), _long_forms(), generic_terms(), generic_keys()


CAMEL_WORD = re.compile(r"\b(?:[A-Z][a-z]{2,}){2,}\b")


def camel_words_flattened(surface: str) -> str:
    """The surface with each word of two or more capitalised pieces of three letters or more written
    with its first capital only, as papers often do ("Olympiadbench", "Screenspot-v2", "Deepseek-R1"
    for OlympiadBench, ScreenSpot-v2, DeepSeek-R1). Other mixed case stays: "PaLM" is no "Palm",
    "ComplEx" no "Complex", "InstructOR" no "Instructor"."""
    return CAMEL_WORD.sub(lambda m: m.group()[0] + m.group()[1:].lower(), surface)


def spelling_variants(surface: str) -> set[str]:
    """Hyphen/space variants between a name and its version number ("Llama 2" ~ "Llama-2" ~
    "Llama2"), and both cases of a version mark ("v2" ~ "V2")."""
    variants = {surface}
    match = re.fullmatch(r"(.*[A-Za-z])([ -]?)(\d[\w.]*)", surface)
    if match and len(match.group(1)) >= 2:
        head, _, tail = match.groups()
        variants |= {f"{head} {tail}", f"{head}-{tail}", f"{head}{tail}"}
    version = re.fullmatch(r"(.*\S[ -])[vV](\d[\w.]*)", surface)
    if version:  # "Natural Instructions v2" ~ "Natural Instructions V2"
        variants |= {f"{version.group(1)}v{version.group(2)}", f"{version.group(1)}V{version.group(2)}"}
    return variants


def variant_joiner(canonical: str) -> str:
    """How a variant joins its family's name: a space after a name with spaces or ending in a
    digit ("Llama 2 7B", "GPT-4 Turbo"), else a hyphen ("Mistral-7B")."""
    return " " if " " in canonical or canonical[-1:].isdigit() else "-"


def normalise_variant(pieces: list[str]) -> str:
    """"7b", "chat" -> "7B-Chat": sizes upper-cased, the usual variant words capitalised, the rest as written."""
    out = []
    for piece in pieces:
        if SIZE_PIECE.match(piece):
            out.append(piece.upper())
        elif piece in {"instruct", "chat", "base", "large", "small", "turbo", "code", "coder", "vision"}:
            out.append(piece.capitalize())
        else:
            out.append(piece)
    return "-".join(out)


SIZED_NAME = re.compile(r"^(?P<family>.*[A-Za-z].*?)[-\s](?P<size>\d+(?:\.\d+)?[BM]|\d+x\d+B)(?:[-\s][A-Za-z][\w.-]*)?$")


def split_name(kb_id: str, entity_type: str = "") -> tuple[str, str | None]:
    """kb_id "Llama 2\\x1fLlama 2 7B-Chat" -> ("Llama 2 7B-Chat", "Llama 2"); a discovered "MathOctopus-13B"
    has the family "MathOctopus"; other names have none."""
    if "\x1f" not in kb_id:
        sized = SIZED_NAME.match(kb_id) if entity_type == "MODEL" else None
        return kb_id, (sized.group("family") if sized else None)
    canonical, variant_name = kb_id.split("\x1f", 1)
    return variant_name, canonical


TYPE_NOUNS = frozenset({"dataset", "datasets", "corpus", "benchmark", "benchmarks", "database"})


def name_only(span: Span, view: TokenView) -> Span:
    """The mention is the name: a matched surface "the Pile" is mentioned as "Pile" and "STS
    benchmark" as "STS" (the entity keeps its canonical name); capitalised words stay ("The Pile",
    "STS Benchmark")."""
    start, end = span.start, span.end
    if end - start > 1 and view.words[start] == "the":
        start += 1
    if end - start > 1 and span.label_ in {"DATASET", "BENCHMARK"} and view.words[end - 1] in TYPE_NOUNS:
        end -= 1
        while end - start > 1 and view.words[end - 1] == "-":
            end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.doc, start, end, label=span.label_, kb_id=span.kb_id_, span_id=span.id_)


def bracketed_sizes_in_family(matched: list[Span]) -> list[Span]:
    """"DeepSeek-R1 (671B)" is DeepSeek-R1, its size given in passing; the bracketed size names a
    variant only when the text names another variant of the family too ("Qwen2.5-VL-7B ...
    Qwen2.5-VL (72B)")."""
    variants: dict[str, set[str]] = {}
    for span in matched:
        family, _, variant = span.kb_id_.partition("\x1f")
        if span.label_ == "MODEL" and variant:
            variants.setdefault(family, set()).add(variant)
    kept = []
    for span in matched:
        family, _, variant = span.kb_id_.partition("\x1f")
        if span.label_ == "MODEL" and variant and span.text.endswith(")") and len(variants[family]) == 1:
            span = Span(span.doc, span.start, span.end - 3, label="MODEL", kb_id=family, span_id=span.id_)
        kept.append(span)
    return kept


def longest_matches(candidates: list[tuple[Span, int]]) -> list[Span]:
    """Non-overlapping spans, longest first, as spaCy's filter_spans; between spans of equal
    length the one whose gazetteer name matched more of it wins: "Qwen2-VL-7B" is Qwen2-VL's
    7B size, not a "VL-7B" variant of Qwen2."""
    ordered = sorted(candidates, key=lambda c: (-(c[0].end - c[0].start), -c[1], c[0].start))
    taken: set[int] = set()
    kept = []
    for span, _ in ordered:
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda span: span.start)


PREFIX_STOPS = frozenset("The Our Both All Each Using On In For With And Table Figure "  # and makers, who name no new collection
                         "Huggingface Google Meta Microsoft Stanford Allen Nvidia Apple Amazon Alibaba Tencent".split())
HEADING_RUN_ONS = frozenset("a an the in on of for to and with we our this it".split())  # "In-Context Learning In this"


class GazetteerMatcher:
    """Adds a span for every gazetteer surface in the doc to `doc.spans["kg"]`."""

    def __init__(self, nlp: Language, name: str = "kg_gazetteer", directory: str | None = None):
        self.name = name
        self.case_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.canonical: dict[str, tuple[str, str]] = {}
        self.model_surfaces: dict[str, str] = {}  # every surface of a MODEL record -> its canonical name
        taken: dict[str, str] = {}
        entries = load_gazetteer(directory)
        for entry in entries:
            for surface in entry.surfaces:
                taken[surface] = entry.name
        case_patterns, lower_patterns = [], []
        for entry in entries:
            label = f"{entry.type}\x1f{entry.name}"
            self.canonical[label] = (entry.type, entry.name)
            surfaces = {s for s in match_surfaces(entry) if taken.setdefault(s, entry.name) == entry.name}
            if entry.type == "MODEL":
                self.model_surfaces.update(dict.fromkeys(surfaces, entry.name))
            docs = [nlp.make_doc(s) for s in sorted(surfaces)]
            if entry.ignore_case:
                self.lower_matcher.add(label, docs)
            else:
                self.case_matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        view = tokens(doc)
        spans, makers = [], []
        for matcher in (self.case_matcher, self.lower_matcher):
            for match_id, start, end in matcher(doc):
                matched_length = end - start
                label = doc.vocab.strings[match_id]
                entity_type, canonical = self.canonical[label]
                if not self._bounded(view, start, end, entity_type) or self._opens_a_capitalised_name(doc, view, start, end, canonical):
                    continue
                if entity_type == "METRIC" and not TRADE_OFF_WORDS.isdisjoint(view.lowers[max(start - 3, 0) : start]):
                    continue  # "without sacrificing accuracy": a property kept, not a measure reported
                if canonical in PLAIN_WORD_METRICS and not reports_a_result(view.sentence_text(start)):
                    continue  # "to ensure accuracy and reliability": a quality wished for, not a measure reported
                variant_name = ""
                if entity_type == "MODEL" and _counted_data_after(view, end):
                    continue  # "Video-R1-260k": data named after the model
                if entity_type == "MODEL" and _names_its_makers(view, start, end, canonical):
                    makers.append(Span(doc, start, end, label="MAKER", kb_id=canonical, span_id=self.name))
                    continue  # "the DeepSeek team", "DeepSeek's R1": its makers
                if entity_type == "MODEL":
                    end, variant = self._absorb_variant(view, end)
                    if variant and not self._bounded(view, start, end):
                        continue  # "Qwen2.5-Math-CFT": a new name built on the variant, for the discovery rules
                    if variant:
                        variant_name = f"{canonical}{variant_joiner(canonical)}{variant}"
                    elif _release_series_after(view, end):
                        variant_name, end = view.range_text(start, end + 2), end + 2  # "Llama-3.x": the series of releases
                elif entity_type in {"DATASET", "BENCHMARK"} and (prefix := self._derived_prefix_start(doc, view, start)) is not None:
                    variant_name = f"{view.range_text(prefix, start)} {canonical}"  # "Stateful Zorb": a new collection built on Zorb
                    start = prefix
                elif entity_type == "BENCHMARK" and _year_after(view, end):
                    variant_name = f"{canonical} {view.words[end]}"  # "Zorb 2025": one year's edition of a contest
                    end += 1
                elif entity_type in {"DATASET", "BENCHMARK"} and _version_after(view, end):
                    variant_name = f"{canonical} {view.words[end]}"  # "Zorb v1.1", "Zorb 2.0": a release of the collection
                    end += 1
                elif entity_type == "BENCHMARK" and _year_before(view, start):
                    variant_name = f"{canonical} {view.words[start - 1]}"  # "the 2025 Zorb" is Zorb 2025
                    start -= 1
                elif entity_type == "BENCHMARK" and subset_word_at(view, end):
                    variant_name = f"{canonical} {view.words[end]}"  # "Zorb Diamond": the benchmark's subset, in its family
                    end += 1
                elif entity_type == "BENCHMARK" and hyphenated_subset_at(view, end):
                    variant_name = f"{canonical}-{view.words[end + 1]}"  # "Zorb-hard", "Zorb-Verified"
                    end += 2
                elif entity_type == "METRIC" and AT_K.search(canonical) and (cutoff := AT_CUTOFF.search(view.range_text(start, end))):
                    variant_name = AT_K.sub("@" + cutoff.group(1), canonical)  # "Pass@512", "recall-at-5": one cut-off, in its family
                elif entity_type == "METHOD" and (sized_end := _checkpoint_size_end(view, end)) is not None:
                    # "ViT-L/14", "Mamba-2.8B": a trained checkpoint of an architecture is a model in its family
                    variant_name = f"{canonical}-{view.range_text(end + 1, sized_end)}"
                    entity_type, end = "MODEL", sized_end
                elif entity_type == "METHOD" and (version_end := _release_tag_end(view, end)) is not None:
                    variant_name = f"{canonical}{view.range_text(end, version_end)}"  # "Zorb-v2": a release of the method
                    end = version_end
                elif entity_type == "METHOD" and canonical not in generic_terms() and (precision := _precision_before(view, start)) is not None:
                    start, variant_name = precision, f"{view.range_text(precision, start)} {canonical}"
                elif entity_type == "METHOD":
                    start, modifiers = self._absorb_modifiers(view, start)
                    if (modifiers and canonical in generic_terms() and canonical.endswith("ing")
                            and not DATA_MODIFIERS.issuperset(modifiers.split())):
                        # "multi-task fine-tuning" is specific enough to keep (a generic part, "supervised
                        # encoder-decoder", stays generic); "multilingual instruction
                        # tuning" is instruction tuning (the mention keeps the modifier), applied to many languages
                        variant_name = f"{modifiers} {canonical}"
                kb_id = canonical + (f"\x1f{variant_name}" if variant_name else "")
                spans.append((Span(doc, start, end, label=entity_type, kb_id=kb_id, span_id=self.name), matched_length))
        existing = list(doc.spans.get(SPANS_KEY, []))
        generic = generic_terms()
        matched = bracketed_sizes_in_family([name_only(span, view) for span in longest_matches(spans)])
        matched = sorted(matched + self._coordinated(doc, view, matched), key=lambda span: span.start)
        # a bare generic term is left out; a specific variant of one ("multi-task fine-tuning") stays
        doc.spans[SPANS_KEY] = existing + [s for s in matched if s.kb_id_ not in generic]
        doc.spans[GENERIC_KEY] = [s for s in matched if s.kb_id_ in generic]
        doc.spans[MAKERS_KEY] = makers
        return doc

    @staticmethod
    def _derived_prefix_start(doc: Doc, view: TokenView, start: int) -> int | None:
        """"we create Stateful Zorb and Multi-Query Zorb": a capitalised word (or hyphenated
        compound) right before a known collection inside an abstract sentence makes a new
        collection built on it; the word's first token, else None."""
        if start < 2 or not view.spaces[start - 1]:
            return None
        first = view.compound_start(start - 1)
        words = view.words[first:start:2]
        if (first <= title_end(doc) or first in view.sentence_starts or view.words[first] in PREFIX_STOPS
                or not all(w.isalpha() for w in words) or not words[0].istitle()
                or (first > 0 and view.words[first - 1][:1].isupper())):
            return None
        return first

    @staticmethod
    def _opens_a_capitalised_name(doc: Doc, view: TokenView, start: int, end: int, canonical: str) -> bool:
        """"Perplexity Deep Research", "the Accuracy Estimator": a lower-case term written with a
        capital inside an abstract sentence, right before another capitalised word, is the first
        word of a name (not in the title, whose words are all capitalised, nor at a sentence start)."""
        first = view.words[start]
        if not (canonical[:1].islower() and first[:1].isupper() and first[1:2].islower() and end < len(view.words) and view.spaces[end - 1]):
            return False
        after = view.words[end]
        return (len(after) > 1 and after.isalpha() and after[0].isupper() and after[1:].islower()
                and after.lower() not in HEADING_RUN_ONS and start > title_end(doc) and start not in view.sentence_starts)

    def _coordinated(self, doc: Doc, view: TokenView, matched: list[Span]) -> list[Span]:
        """Versions and sizes listed after a model: "LLaMa 3, 3.1 and Qwen 2, 2.5" names Llama 3.1
        and Qwen2.5 too, "OPT-IML 30B and 175B" and "Qwen-2.5-7B/72B" the other size. A version
        counts when the gazetteer knows the name it makes; a size is a size of the family."""
        words, spaces = view.words, view.spaces
        taken = covered_tokens(matched)
        found = []
        for span in matched:
            if span.label_ != "MODEL":
                continue
            name, family = split_name(span.kb_id_, "MODEL")  # "Mistral 7B", a record of its own, is of Mistral
            canonical, variant_name = (family, name) if family is not None else (name, "")
            surface = span.text
            last_piece = variant_name.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
            size = SIZE_PIECE.match(last_piece.lower()) if variant_name else None
            version = None if size else LISTED_VERSION.search(surface)
            tier = LISTED_TIER.search(surface)
            if not (size or version or tier):
                continue
            i = span.end
            while True:
                j = i
                while j < len(words) and (words[j] in LIST_JOINERS or words[j] == "/" and not spaces[j - 1] and not spaces[j]):
                    j += 1
                item_end = view.compound_end(j) if j < len(words) else j
                if j == i or j >= len(words) or j in taken or not _ends_list_item(words, item_end):
                    break
                item = view.range_text(j, item_end)
                if tier and not (size or version) and f"{surface[: tier.start(1)]}{item}" in self.model_surfaces:
                    kb_id = self.model_surfaces[f"{surface[: tier.start(1)]}{item}"]  # "Gemini 2.0 Flash and Flash-Lite"
                    found.append(Span(doc, j, item_end, label="MODEL", kb_id=kb_id, span_id=self.name))
                    i = item_end
                    continue
                if item_end != j + 1:
                    break
                if size and ITEM_SIZE.fullmatch(item):
                    kb_id = f"{canonical}\x1f{variant_name.removesuffix(last_piece)}{item.upper()}"  # "-Instruct-1.5B/7B"
                elif version and ITEM_VERSION.fullmatch(item) and f"{surface[: version.start(1)]}{item}" in self.model_surfaces:
                    kb_id = self.model_surfaces[f"{surface[: version.start(1)]}{item}"]
                elif version and LETTERED_VERSION.fullmatch(item) and (lettered := f"{surface[: version.start(1)].rstrip(ascii_uppercase)}{item}") in self.model_surfaces:
                    kb_id = self.model_surfaces[lettered]  # "DeepSeek-V2/V3/R1": a lettered release of the same family
                else:
                    break
                found.append(Span(doc, j, j + 1, label="MODEL", kb_id=kb_id, span_id=self.name))
                i = j + 1
        return found

    @staticmethod
    def _bounded(view: TokenView, start: int, end: int, entity_type: str = "MODEL") -> bool:
        """Reject matches glued inside a larger hyphenated or underscored name ("MM" in "MM-Instruct").
        A model takes a size or variant piece after it ("GPT-3.5-Turbo"); a collection takes only a
        version, a year or a count: "Zorb-Large", "Zorb-Pro" are other collections than Zorb and
        "Zorb-9B" is a model ("Zorb-v2", "Zorb-2024" are still Zorb's)."""
        words, spaces = view.words, view.spaces
        if start >= 2 and words[start - 1] in {"-", "_"} and not spaces[start - 1] and not spaces[start - 2]:
            return False
        if end - start >= 2 and words[end - 1] == "+" and (spaces[end - 2] or _glued_number_at(view, end)):
            return False  # "HumanEval +3.0": a score gained, not HumanEval+
        if end + 1 < len(words) and words[end] == "_" and not spaces[end - 1] and not spaces[end]:
            return False  # "Seed-TTS_DiT": one name
        if end < len(words) and not spaces[end - 1] and words[end] == "-" and end + 1 < len(words):
            nxt = words[end + 1]
            # "GPT-3.5-based", "FLORES-200-devtest"
            if nxt.lower() in DESCRIPTIVE_TAILS or nxt.lower() in SPLIT_NAMES:
                return True
            if entity_type == "BENCHMARK" and hyphenated_subset_at(view, end):
                return True  # "Zorb-hard": a subset, absorbed as a variant in the family
            if entity_type in {"DATASET", "BENCHMARK"}:
                return bool(COLLECTION_PIECE.match(nxt))
            return bool(VARIANT_PIECE.match(nxt))
        return True

    @staticmethod
    def _absorb_modifiers(view: TokenView, start: int) -> tuple[int, str]:
        """"multi-task fine-tuning": up to two modifiers that make a method more specific."""
        spaces = view.spaces
        modifiers: list[str] = []
        i = start
        while len(modifiers) < 2 and i > 0:
            j = i - 1
            if not spaces[j]:
                break
            k = view.compound_start(j)  # a hyphenated compound: "cross - lingual"
            word = view.range_text(k, j + 1)
            if word.lower() not in METHOD_MODIFIERS:
                break
            modifiers.insert(0, word.lower())
            i = k
        return i, " ".join(modifiers)

    @staticmethod
    def _absorb_variant(view: TokenView, end: int) -> tuple[int, str]:
        words, spaces = view.words, view.spaces
        pieces = []
        i = end
        while i < len(words):
            sep = words[i]
            if sep == "-" and not spaces[i - 1] and i + 1 < len(words) and not spaces[i]:
                candidate = words[i + 1]
                step = 2
                if not VARIANT_PIECE.match(candidate):
                    break
            elif spaces[i - 1] and _spaced_piece(words, spaces, i, end):
                candidate = sep
                step = 1
            else:
                break
            pieces.append(candidate)
            i += step
        if pieces and (patched := _patch_size_end(view, i)) > i:
            return patched, normalise_variant(pieces) + "/" + words[i + 1]  # "ViT-B/16": the patch size is part of the name
        if not pieces and i + 2 < len(words) and spaces[i - 1] and words[i] == "(" and words[i + 2] == ")" and PARAMETER_COUNT.match(words[i + 1]):
            return i + 3, normalise_variant([words[i + 1]])  # "Qwen2.5-VL (72B)": the size in brackets names the variant
        return i, normalise_variant(pieces)


ARCHITECTURE_SIZE = re.compile(r"^(?:\d+(?:\.\d+)?[BM]|S|M|L|B|H|g|Ti|XL|XXL|Base|Large|Small|Tiny|Huge)$")


def _checkpoint_size_end(view: TokenView, i: int) -> int | None:
    """End of a size glued after an architecture's name at token i ("-L", "-2.8B", "-XL/2" with
    its patch size), else None: "ViT-L/14" is a trained model, "ViT" the architecture."""
    words, spaces = view.words, view.spaces
    if not _hyphen_glued(view, i, ARCHITECTURE_SIZE.match):
        return None
    end = _patch_size_end(view, i + 2)
    return end if end == len(words) or spaces[end - 1] or not words[end][:1].isalnum() else None


def _patch_size_end(view: TokenView, i: int) -> int:
    """After a size ending at token i, the end of a glued patch size ("/16" of "ViT-B/16"), else i."""
    words, spaces = view.words, view.spaces
    glued = i + 1 < len(words) and words[i] == "/" and not spaces[i - 1] and not spaces[i] and words[i + 1].isdigit()
    return i + 2 if glued else i


def _precision_before(view: TokenView, start: int) -> int | None:
    """Start of a number format right before a method ("FP4" of "FP4 quantization"), else None."""
    if start == 0 or not view.spaces[start - 1]:
        return None
    first = view.compound_start(start - 1)
    return first if PRECISION.match(view.range_text(first, start)) else None


RELEASE_TAG = re.compile(r"^v\d+(?:\.\d+)?$")


def _release_tag_end(view: TokenView, i: int) -> int | None:
    """End of a release tag glued after a name at token i ("-v2"), else None."""
    return i + 2 if _hyphen_glued(view, i, RELEASE_TAG.match) else None


def _hyphen_glued(view: TokenView, i: int, is_piece: Callable[[str], object]) -> bool:
    """A hyphen at token i glued on both sides to the name before it and to a word after it that
    `is_piece` accepts ("-L", "-v2", "-hard")."""
    words, spaces = view.words, view.spaces
    return i + 1 < len(words) and words[i] == "-" and not spaces[i - 1] and not spaces[i] and bool(is_piece(words[i + 1]))


EDITION_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _year_after(view: TokenView, end: int) -> bool:
    """A year spaced after a benchmark's name: that year's edition ("IMO 2025")."""
    return end < len(view.words) and view.spaces[end - 1] and bool(EDITION_YEAR.match(view.words[end]))


VERSION_TAG = re.compile(r"^[vV]\d{1,2}(?:\.\d{1,2})*$")  # "v1.1", "V2"


def _version_after(view: TokenView, end: int) -> bool:
    """A release spaced after a collection's name ("Zorb v1.1", "Zorb V2", "Zorb 2.0"); a point
    number (SPACED_VERSION, as after a model) only after a name ending in a letter, and never a
    score ("Zorb 2.5 points", "Zorb 1.5 %", "Zorb 3.2 ×")."""
    words = view.words
    if end >= len(words) or not view.spaces[end - 1]:
        return False
    return bool(VERSION_TAG.match(words[end])) or (
        bool(SPACED_VERSION.match(words[end])) and words[end - 1][-1:].isalpha()
        and not _scores(words, end + 1) and words[end + 1 : end + 2] != ["×"])


def _year_before(view: TokenView, start: int) -> bool:
    """A year spaced before a benchmark's name: that year's edition ("the 2025 USAMO")."""
    return start > 0 and view.spaces[start - 1] and bool(EDITION_YEAR.match(view.words[start - 1]))


SUBSET_TIERS = frozenset(w.lower() for w in SUBSET_WORDS) | frozenset("easy medium full extended".split())


def hyphenated_subset_at(view: TokenView, i: int) -> bool:
    """A subset word glued by a hyphen at token i after a benchmark's name ("Zorb-hard", "Zorb-Verified")."""
    words, spaces = view.words, view.spaces
    return (_hyphen_glued(view, i, lambda word: word.lower() in SUBSET_TIERS)
            and not (i + 2 < len(words) and words[i + 2] == "-" and not spaces[i + 1]))


def subset_word_at(view: TokenView, i: int) -> bool:
    """A spaced subset word at token i after a benchmark's name ("Zorb Diamond"): known and new benchmarks."""
    return i < len(view.words) and view.spaces[i - 1] and is_spaced_word(view.words, view.spaces, i, SUBSET_WORDS)


def _glued_number_at(view: TokenView, i: int) -> bool:
    return i < len(view.words) and not view.spaces[i - 1] and view.words[i][:1].isdigit()


def is_spaced_word(words: list[str], spaces: list[bool], i: int, choices: frozenset[str]) -> bool:
    """words[i] is one of `choices` and no capitalised word follows it ("Zorb Mini", not "Zorb Mini Model")."""
    return words[i] in choices and not (i + 1 < len(words) and spaces[i] and words[i + 1][:1].isupper())


DATA_COUNT = re.compile(r"^\d+(?:\.\d+)?[kK]$")
CONTEXT_LENGTHS = frozenset("2 4 8 16 32 64 128 200 256 512 1024".split())  # "gpt-3.5-turbo-16k": a context window


def _counted_data_after(view: TokenView, end: int) -> bool:
    """A count in thousands glued to a model's name ("Video-R1-260k"; "Zorb-7B" is a size):
    models are sized in millions and billions of parameters, data in thousands of examples. A
    power-of-two count is a context window ("gpt-3.5-turbo-16k", "Yi-34B-200K"), part of the model."""
    words = view.words
    return (end + 1 < len(words) and words[end] == "-" and not view.spaces[end - 1] and not view.spaces[end]
            and bool(DATA_COUNT.match(words[end + 1])) and words[end + 1][:-1] not in CONTEXT_LENGTHS)


def _release_series_after(view: TokenView, end: int) -> bool:
    """".x" glued after a numbered model name: "Llama-3.x", "Zorb 2.X" name every point release."""
    words, spaces = view.words, view.spaces
    return (end + 1 < len(words) and words[end] == "." and words[end + 1] in {"x", "X"} and not spaces[end - 1]
            and not spaces[end] and words[end - 1][-1:].isdigit())


MAKER_WORDS = frozenset({"team", "Team", "AI", "Inc", "Labs", "Lab", "lab", "researchers", "developers"})


MADE_BY_WORDS = frozenset({"proposed", "developed", "released", "introduced", "created", "designed", "built"})
MAKER_NAMES = frozenset({"DeepSeek", "Mistral", "Midjourney", "Baichuan", "Reka", "Pika"})  # companies named like their models
POSSESSIVE = (["'", "s"], ["\u2019", "s"])


def _names_its_makers(view: TokenView, start: int, end: int, canonical: str) -> bool:
    """"the DeepSeek team", "Mistral AI", "Qwen developers": the people or company, not the model;
    and so is a company's name that owns a capitalised name ("DeepSeek's R1", "DeepSeek's Multi-Head
    Latent Attention") or made something ("proposed by DeepSeek,"). A model's own name stays a
    model there ("Sana's Deep Compression AutoEncoder", "GPT-4o's outputs")."""
    words = view.words
    if end < len(words) and view.spaces[end - 1] and words[end] in MAKER_WORDS:
        return True
    if canonical not in MAKER_NAMES:
        return False
    owns = words[end : end + 2] in POSSESSIVE and not view.spaces[end - 1] and words[end + 2 : end + 3] != [] and (
        words[end + 2][:1].isupper())
    made = start >= 2 and words[start - 1] == "by" and words[start - 2] in MADE_BY_WORDS and (
        end == len(words) or words[end] in {",", ".", ";", ")"})
    return owns or made


SCORE_WORDS = frozenset("% points point pp percent percentage times x f1 accuracy bleu rouge".split())


def _spaced_piece(words: list[str], spaces: list[bool], i: int, end: int) -> bool:
    """Word `i`, after a space, goes on the model name that ends at `end`: a size or size word
    ("Llama 2 7B", "T5 Large"), a tier ("GPT-5 mini"), or a point version right after a name that
    ends in a letter ("Mistral Small 3.1"). All but the version are VARIANT_PIECE words too."""
    word = words[i]
    if word == "base" and PARAMETER_COUNT.match(words[i - 1]) and words[i + 1 : i + 2] in (["model"], ["models"]):
        return False  # "the Qwen2.5-32B base model": the pre-trained model of that size, not a Base variant
    if SPACED_PIECE.match(word):
        return True
    if word in TIER_WORDS:
        return _ends_tier(words, spaces, i)
    if i != end or not words[end - 1][-1:].isalpha():
        return False
    if SPACED_RELEASE.match(word) or LETTER_RELEASE.match(word):  # "V-JEPA 2", "Zorb 3-AC", "Typhoon T1": a later release
        return i + 1 == len(words) or words[i + 1] in RELEASE_FOLLOWERS or (words[i + 1] == "-" and not spaces[i])
    return bool(SPACED_VERSION.match(word)) and not _scores(words, i + 1)


SPACED_RELEASE = re.compile(r"^[2-9]$")
LETTER_RELEASE = re.compile(r"^[A-Z][1-9]\d?$")  # "T1" of "Typhoon T1", "M2" of "Zorb M2"
RELEASE_FOLLOWERS = frozenset({",", ".", ";", ":", ")", "(", "and", "or", "achieves", "outperforms", "surpasses",
                               "is", "was", "shows", "demonstrates"})  # not "3 times", "2 layers"


def _scores(words: list[str], i: int) -> bool:
    """"BERT 1.5 points", "GPT-4 8.5 %": a number after a name that a score word follows is a score."""
    return i < len(words) and (words[i].lower() in SCORE_WORDS or words[i][:1].isdigit())


def _ends_tier(words: list[str], spaces: list[bool], i: int) -> bool:
    """A tier word after a model name names its variant unless a glued hyphen or a capitalised word
    goes on with it ("GPT-4 mini-batches", "Llama 2 Pro Max Edition")."""
    glued_on = i + 1 < len(words) and not spaces[i] and words[i + 1] == "-"
    return not glued_on and is_spaced_word(words, spaces, i, TIER_WORDS)


TRADE_OFF_WORDS = frozenset({"sacrificing", "sacrifice", "compromising", "compromise", "preserving", "preserve",
                             "maintaining", "maintain", "retaining", "retain", "losing", "lose", "hurting", "hurt"})
LIST_JOINERS = frozenset({",", "and", "or"})
PLAIN_WORD_METRICS = frozenset({"accuracy", "throughput"})  # ordinary words, metrics only where results are reported
RESULT_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s*(?:\\?%|×|\$?\\times\$?|[xX]\b|points?\b|pp\b)"
                           r"|(?<![\w.-])\d+\.\d+(?![\w.])")
COMPARISON_WORDS = re.compile(r"\b(?:than|outperform\w*|surpass\w*|beat(?:s|ing)?|exceed\w*|on[- ]par|benchmarks?)\b", re.I)
ASSESSMENT_WORDS = re.compile(
    r"\b(?:evaluat\w*|assess\w*|measur\w*|compar\w*|consider\w*|aspects?|dimensions?|criteria|criterion|"
    r"in terms of|rubrics?|metrics?|judg\w*|rat(?:ed|es|ing)|scor\w*)\b",
    re.I,
)


def reports_a_result(sentence: str) -> bool:
    """The sentence reports or compares a result: a score ("73.5% accuracy", "6.6X throughput",
    "77.3 top-1") or a comparison or evaluation ("outperforms X in accuracy", "accuracy comparable
    to", "benchmark accuracy"). "ensure accuracy and reliability" and "balances accuracy and speed"
    report nothing."""
    return bool(RESULT_NUMBER.search(sentence) or COMPARISON_WORDS.search(sentence) or ASSESSMENT_WORDS.search(sentence))


LISTED_VERSION = re.compile(r"[\s-]?[A-Z]?(\d+(?:\.\d+)?)$")  # "LLaMa 3": the version a list continues
ITEM_VERSION = re.compile(r"\d+(?:\.\d+)?")
LISTED_TIER = re.compile(r"[\s-]((?:%s)(?:-Lite)?)$" % "|".join(  # "Gemini 2.0 Flash", "Claude 3 Opus"
    sorted({w for w in TIER_WORDS if w[:1].isupper()} | {"Opus", "Sonnet", "Haiku"})))
ITEM_SIZE = re.compile(r"\d+(?:\.\d+)?[BMbm]")
LETTERED_VERSION = re.compile(r"[A-Z]\d+(?:\.\d+)?")  # "V3", "R1": another release of a lettered family
LIST_ITEM_ENDS = frozenset({",", "and", "or", ".", ")", ";", ":", "/", "family", "families", "series", "model", "models",
                            "variants", "versions", "checkpoints", "sizes", "parameters"})


def is_listed_number(surface: str) -> bool:
    """A bare version or size as a model list names it ("3.1", "175B"): no name on its own."""
    return bool(ITEM_VERSION.fullmatch(surface) or ITEM_SIZE.fullmatch(surface))


def _ends_list_item(words: list[str], after: int) -> bool:
    """The listed number stands alone: the list goes on or ends ("3.1 and", "2.5 family"), no
    noun follows it ("Llama 2 and 3 other models")."""
    return after >= len(words) or words[after] in LIST_ITEM_ENDS or words[after].isspace() or words[after][:1].isupper()


@Language.factory("kg_gazetteer", default_config={"directory": None})
def create_gazetteer_matcher(nlp: Language, name: str, directory: str | None) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, name=name, directory=directory)
