"""Measuring mention extraction against annotated corpora: `kg evaluate`.

Owns the gold-file reader, the per-corpus scoring schemes, span matching (exact and overlap),
precision/recall/F1 per class and micro-averaged, the naive capitalised-token baseline, and the
`kg evaluate` subcommand. Gold files are JSON lines, one text unit each:

    {"id": "...", "text": "...", "entities": [{"start": 0, "end": 4, "label": "DATASET", "orig_label": "Dataset"}]}

Scoring conventions (see docs/evaluation.md): BENCHMARK is scored as DATASET everywhere; MODEL and
METHOD are separate classes only for GSAP-NER (one class "MODEL|METHOD" for SciER, SciERC,
SciREX); TDMSci scores DATASET only; gold OTHER spans are ignored, so a prediction that matches
only an OTHER span is a false positive; predictions of a type the corpus does not annotate (say
METHOD on TDMSci) are neither true nor false positives. Our REPOSITORY is scored against gold URL.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.records import Mention

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
MODES = ("exact", "overlap")
MICRO = "ALL"
MODEL_METHOD = "MODEL|METHOD"
CORPORA = ("gsap-ner", "scier", "scierc", "scirex", "tdmsci", "generic")

# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    label: str
    orig_label: str = ""


@dataclass(frozen=True)
class Unit:
    """One annotated text unit of a gold file."""

    id: str
    text: str
    entities: tuple[GoldEntity, ...] = ()


@dataclass(frozen=True)
class Span:
    """A predicted mention: one of kg's entity types and character offsets into the unit text."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scheme:
    """How one corpus is scored: which gold labels and which of our types fall into which class.

    `classes` enter the micro average; `extra` classes (METRIC, from orig_label, where the corpus
    annotates metrics) are reported beside it. `lenient` maps an orig_label of a gold OTHER span
    to the classes for which that span is optional: matching it is a true positive, missing it is
    not a false negative.
    """

    corpus: str
    classes: tuple[str, ...]
    gold: Mapping[str, str]
    predicted: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=dict)
    lenient: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def all_classes(self) -> tuple[str, ...]:
        return self.classes + tuple(sorted(set(self.extra.values())))


_DATASET = {"DATASET": "DATASET", "BENCHMARK": "DATASET"}
_MERGED = {**_DATASET, "MODEL": MODEL_METHOD, "METHOD": MODEL_METHOD}
_METRIC = {"METRIC": "METRIC"}
SCHEMES: dict[str, Scheme] = {
    "gsap-ner": Scheme(
        "gsap-ner", ("MODEL", "DATASET", "METHOD", "URL"),
        gold={**_DATASET, "MODEL": "MODEL", "METHOD": "METHOD", "URL": "URL"},
        predicted={**_DATASET, "MODEL": "MODEL", "METHOD": "METHOD", "REPOSITORY": "URL"},
        lenient={"ModelArchitecture": ("MODEL", "METHOD"), "Datasource": ("DATASET",)},
    ),
    "scier": Scheme("scier", ("DATASET", MODEL_METHOD), gold=_MERGED, predicted=_MERGED),
    "scierc": Scheme("scierc", ("DATASET", MODEL_METHOD), gold=_MERGED, predicted={**_MERGED, **_METRIC},
                     extra={"Metric": "METRIC"}),
    "scirex": Scheme("scirex", ("DATASET", MODEL_METHOD), gold=_MERGED, predicted={**_MERGED, **_METRIC},
                     extra={"Metric": "METRIC"}),
    "tdmsci": Scheme("tdmsci", ("DATASET",), gold=_DATASET, predicted={**_DATASET, **_METRIC},
                     extra={"METRIC": "METRIC"}),
    "generic": Scheme(
        "generic", ("MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC", "URL"),
        gold={t: t for t in ("MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC", "URL")},
        predicted={**{t: t for t in ("MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC")}, "REPOSITORY": "URL"},
    ),
}


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


# ---------------------------------------------------------------- reading


def _entity(raw: object, text: str) -> GoldEntity:
    if not isinstance(raw, dict):
        raise ValueError("an entity is not an object")
    start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"entity offsets {start!r}..{end!r} are not a span of the text")
    if not isinstance(label, str):
        raise ValueError("entity without a string label")
    return GoldEntity(start, end, label, str(raw.get("orig_label") or label))


def parse_unit(line: str, number: int) -> Unit:
    raw = json.loads(line)
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise ValueError("not an object with a string 'text'")
    entities = raw.get("entities", [])
    if not isinstance(entities, list):
        raise ValueError("'entities' is not a list")
    return Unit(str(raw.get("id", number)), raw["text"], tuple(_entity(e, raw["text"]) for e in entities))


def read_gold(path: Path, limit: int | None = None) -> list[Unit]:
    """The units of a gold file (the first `limit` if given); GoldError on any malformed line."""
    units: list[Unit] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if limit is not None and len(units) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    units.append(parse_unit(line, number))
                except ValueError as exc:  # json.JSONDecodeError is a ValueError
                    raise GoldError(f"{path}:{number}: {exc}") from None
    except OSError as exc:
        raise GoldError(f"{path}: {exc.strerror or exc}") from None
    return units


_CORPUS_IN_NAME = re.compile(r"(gsap-ner|scierc|scier|scirex|tdmsci)(?![a-z])")
_CORPUS_IN_ID = (
    ("gsap-ner", re.compile(r"\|text_unit_\d+$")),
    ("tdmsci", re.compile(r"^tdmsci_")),
    ("scier", re.compile(r"\|s\d+-\d+$")),
    ("scirex", re.compile(r"\|t\d+-\d+$")),
)


def detect_corpus(path: Path, units: Sequence[Unit] = ()) -> str | None:
    """The corpus a gold file belongs to, from its file or folder name, else from its unit ids."""
    for part in reversed(path.parts):
        found = _CORPUS_IN_NAME.search(part.lower())
        if found:
            return found.group(1)
    for corpus, pattern in _CORPUS_IN_ID:
        if units and all(pattern.search(u.id) for u in units[:50]):
            return corpus
    return None


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True, order=True)
class _Gold:
    start: int
    end: int
    required: bool


def _gold_by_class(unit: Unit, scheme: Scheme, lenient: bool) -> dict[str, list[_Gold]]:
    spans: dict[str, set[_Gold]] = {}
    for e in unit.entities:
        if e.label in scheme.gold:
            spans.setdefault(scheme.gold[e.label], set()).add(_Gold(e.start, e.end, True))
        elif e.orig_label in scheme.extra:
            spans.setdefault(scheme.extra[e.orig_label], set()).add(_Gold(e.start, e.end, True))
        elif lenient:
            for cls in scheme.lenient.get(e.orig_label, ()):
                spans.setdefault(cls, set()).add(_Gold(e.start, e.end, False))
    # a span that is required drops its optional twin
    return {c: sorted(g for g in s if g.required or _Gold(g.start, g.end, True) not in s)
            for c, s in spans.items()}


def _predicted_by_class(predictions: Iterable[Span], scheme: Scheme) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, set[tuple[int, int]]] = {}
    for p in predictions:
        cls = scheme.predicted.get(p.type)
        if cls is not None:
            spans.setdefault(cls, set()).add((p.start, p.end))
    return {c: sorted(s) for c, s in spans.items()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], mode: str) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs. Exact: equal offsets. Overlap: at least one
    shared character, exact pairs first, then greedily by largest overlap (ties: leftmost)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            shared = _overlap(g, p)
            if g == p or (mode == "overlap" and shared > 0):
                candidates.append((g != p, -shared, g, p, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for *_, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _score_class(gold: list[_Gold], predicted: list[tuple[int, int]], mode: str) -> Counts:
    required = [(g.start, g.end) for g in gold if g.required]
    optional = [(g.start, g.end) for g in gold if not g.required]
    pairs = match(required, predicted, mode)
    matched = {pi for _, pi in pairs}
    left = [p for i, p in enumerate(predicted) if i not in matched]
    optional_pairs = match(optional, left, mode) if optional else []
    tp = len(pairs) + len(optional_pairs)
    return Counts(tp=tp, fp=len(predicted) - tp, fn=len(required) - len(pairs))


Scores = dict[str, dict[str, Counts]]  # mode -> class (and MICRO) -> counts


def score_unit(unit: Unit, predictions: Iterable[Span], scheme: Scheme, lenient: bool = False) -> Scores:
    """Counts per mode and class for one unit (MICRO sums the scheme's main classes)."""
    gold = _gold_by_class(unit, scheme, lenient)
    predicted = _predicted_by_class(predictions, scheme)
    scores: Scores = {}
    for mode in MODES:
        per_class = {c: _score_class(gold.get(c, []), predicted.get(c, []), mode) for c in scheme.all_classes}
        per_class[MICRO] = sum((per_class[c] for c in scheme.classes), Counts())
        scores[mode] = per_class
    return scores


def add_scores(a: Scores, b: Scores) -> Scores:
    return {mode: {c: a.get(mode, {}).get(c, Counts()) + b.get(mode, {}).get(c, Counts())
                   for c in a.get(mode, {}).keys() | b.get(mode, {}).keys()} for mode in a.keys() | b.keys()}


def score(units: Sequence[Unit], predictions: Iterable[Sequence[Span]], scheme: Scheme, lenient: bool = False) -> Scores:
    """Counts summed over units (micro average); `predictions` has one list per unit, in order."""
    total: Scores = {mode: {c: Counts() for c in scheme.all_classes + (MICRO,)} for mode in MODES}
    for unit, predicted in zip(units, predictions, strict=True):
        total = add_scores(total, score_unit(unit, predicted, scheme, lenient))
    return total


def gold_counts(units: Iterable[Unit], scheme: Scheme) -> Counter[str]:
    """Scorable gold spans per class (deduplicated per unit as the scorer does)."""
    counts: Counter[str] = Counter()
    for unit in units:
        for cls, spans in _gold_by_class(unit, scheme, False).items():
            counts[cls] += len(spans)
    return counts


# ---------------------------------------------------------------- predictors

BASELINE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")


def is_baseline_token(token: str) -> bool:
    """Name-shaped: has a letter and either a digit or a capital after its first character
    (BERT, mBERT, ResNet, XLM-R, T5, GPT-4, word2vec; not "The", "model" or "2019")."""
    has_letter = any(c.isalpha() for c in token)
    return has_letter and (any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:]))


def baseline_type(scheme: Scheme) -> str:
    """The kg type the baseline predicts: MODEL where the corpus scores models (alone or merged
    with methods), else the kg type of the corpus's first class (DATASET for TDMSci)."""
    if scheme.predicted.get("MODEL") in scheme.classes:
        return "MODEL"
    first = scheme.classes[0]
    return next(t for t, c in scheme.predicted.items() if c == first)


def baseline_predict(text: str, label: str = "MODEL") -> list[Span]:
    """Naive baseline: every name-shaped token (see is_baseline_token) as a `label` mention."""
    return [Span(label, m.start(), m.end()) for m in BASELINE_TOKEN.finditer(text) if is_baseline_token(m.group())]


def _kg_chunk(texts: list[str]) -> list[list[Mention]]:
    from kg.extract.pipeline import extract_texts

    return list(extract_texts(texts))


def kg_mentions(texts: Sequence[str], workers: int = 1, chunk_size: int = 256) -> list[list[Mention]]:
    """kg's mentions of each text (one list per text, in order), on `workers` processes."""
    chunks = [list(texts[i:i + chunk_size]) for i in range(0, len(texts), chunk_size)]
    if workers <= 1 or len(chunks) <= 1:
        return [mentions for chunk in chunks for mentions in _kg_chunk(chunk)]
    import multiprocessing

    from kg.extract.pipeline import default_pipeline

    default_pipeline()  # built once before forking: the workers inherit it
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [mentions for result in pool.imap(_kg_chunk, chunks) for mentions in result]


def kg_predict(texts: Sequence[str], workers: int = 1, chunk_size: int = 256,
               documents: Sequence[str] | None = None) -> list[list[Span]]:
    """kg's spans of each text, in order. With `documents` (one key per text), the texts of one
    document share the names discovered in any of them (kg.extract.document_context)."""
    mentions = kg_mentions(texts, workers, chunk_size)
    if documents is not None:
        from kg.extract.document_context import share_document_names

        mentions = share_document_names(texts, mentions, documents)
    return [[Span(m.type, m.start, m.end) for m in unit] for unit in mentions]


# ---------------------------------------------------------------- reporting


PRF = tuple[float, float, float]
SYSTEMS = ("kg", "kg-lenient", "baseline", "baseline-lenient")  # display order


def prf_of(counts: Counts) -> PRF:
    return counts.precision, counts.recall, counts.f1


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]], left: int = 1) -> str:
    """A plain fixed-width table: the first `left` columns left-aligned, the others right-aligned."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]])


def metric_headers(systems: Sequence[str]) -> list[str]:
    short = {"exact": "ex", "overlap": "ov"}
    return [f"{s} {m}{short[mode]}" for s in systems for mode in MODES for m in "PRF"]


def metric_cells(values: Callable[[str, str, str], PRF], systems: Sequence[str], cls: str) -> list[str]:
    """P, R, F1 (in %) of each system, exact then overlap, for one class."""
    return [pct(v) for system in systems for mode in MODES for v in values(system, mode, cls)]


def counts_json(counts: Counts) -> dict[str, float | int]:
    return {"tp": counts.tp, "fp": counts.fp, "fn": counts.fn, "precision": round(counts.precision, 4),
            "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)}


@dataclass
class Evaluation:
    """The scores of one gold file (or a union of files) for each system that was run."""

    name: str
    corpus: str
    units: int
    gold: Counter[str]
    systems: dict[str, Scores]  # keys from SYSTEMS
    seconds: float = 0.0  # kg's extraction time

    def classes(self) -> tuple[str, ...]:
        return SCHEMES[self.corpus].all_classes + (MICRO,)

    def system_names(self) -> list[str]:
        return [s for s in SYSTEMS if s in self.systems]

    def gold_total(self, cls: str) -> int:
        return sum(self.gold[c] for c in SCHEMES[self.corpus].classes) if cls == MICRO else self.gold[cls]

    def values(self, system: str, mode: str, cls: str) -> PRF:
        return prf_of(self.systems[system][mode][cls])

    def to_json(self) -> dict:
        return {"name": self.name, "corpus": self.corpus, "units": self.units,
                "gold": {c: self.gold_total(c) for c in self.classes()},
                "systems": {s: {m: {c: counts_json(scores[m][c]) for c in self.classes()} for m in MODES}
                            for s, scores in sorted(self.systems.items())}}


def merge(name: str, evaluations: Sequence[Evaluation]) -> Evaluation:
    """The union of several evaluations of one corpus (counts summed: micro over the files)."""
    systems: dict[str, Scores] = {}
    for ev in evaluations:
        for system, scores in ev.systems.items():
            systems[system] = add_scores(systems[system], scores) if system in systems else scores
    return Evaluation(name, evaluations[0].corpus, sum(e.units for e in evaluations),
                      sum((e.gold for e in evaluations), Counter()), systems, sum(e.seconds for e in evaluations))


def mean_values(evaluations: Sequence[Evaluation]) -> Callable[[str, str, str], PRF]:
    """P, R and F1 averaged over evaluations (macro over files, e.g. the mean over GSAP-NER folds)."""

    def values(system: str, mode: str, cls: str) -> PRF:
        triples = [ev.values(system, mode, cls) for ev in evaluations]
        return tuple(sum(t[i] for t in triples) / len(triples) for i in range(3))  # type: ignore[return-value]

    return values


def evaluate_units(name: str, units: Sequence[Unit], corpus: str, baseline: bool = False, lenient: bool = False,
                   workers: int = 1, document_context: bool = True) -> Evaluation:
    """Run kg (and the baseline) on the units and score them under the corpus's scheme; with
    document_context, units whose ids name one document ("<document>|<unit>") share discovered names."""
    from kg.extract.document_context import document_of
    from kg.extract.pipeline import default_pipeline

    scheme = SCHEMES[corpus]
    default_pipeline()  # built outside the timing
    start = time.perf_counter()
    documents = [document_of(u.id) for u in units] if document_context else None
    predictions = {"kg": kg_predict([u.text for u in units], workers, documents=documents)}
    seconds = time.perf_counter() - start
    if baseline:
        label = baseline_type(scheme)
        predictions["baseline"] = [baseline_predict(u.text, label) for u in units]
    systems = {}
    for system, predicted in predictions.items():
        systems[system] = score(units, predicted, scheme)
        if lenient and scheme.lenient:
            systems[f"{system}-lenient"] = score(units, predicted, scheme, lenient=True)
    return Evaluation(name, corpus, len(units), gold_counts(units, scheme), systems, seconds)


def render(ev: Evaluation) -> str:
    """One file's scores: a row per system and class."""
    title = f"{ev.name}  [{ev.corpus}, {ev.units} units, kg {ev.seconds:.1f} s]"
    rows = ([system, cls, ev.gold_total(cls)] + metric_cells(ev.values, [system], cls)
            for system in ev.system_names() for cls in ev.classes())
    headers = ["system", "class", "gold"] + [h.split(" ", 1)[1] for h in metric_headers(["-"])]
    return title + "\n" + format_table(headers, rows, left=2)


# ---------------------------------------------------------------- command line


def run(args: argparse.Namespace) -> int:
    if args.doc_level:
        from kg.doc_scoring import main as doc_level_main

        return doc_level_main(args.gold, args.pred, errors=args.errors, fmt=args.format)
    if args.limit is not None and args.limit < 1:
        print("kg evaluate: --limit must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    evaluations: list[Evaluation] = []
    for name in args.gold:
        path = Path(name)
        try:
            units = read_gold(path, args.limit)
        except GoldError as exc:
            print(f"kg evaluate: {exc}", file=sys.stderr)
            return EXIT_INPUT
        corpus = args.corpus or detect_corpus(path, units)
        if corpus is None:
            corpus = "generic"
            print(f"kg evaluate: {name}: corpus not recognised (use --corpus); scoring every type apart",
                  file=sys.stderr)
        evaluations.append(evaluate_units(name, units, corpus, args.baseline, args.lenient, args.workers,
                                          not args.units_alone))
    by_corpus: dict[str, list[Evaluation]] = {}
    for ev in evaluations:
        by_corpus.setdefault(ev.corpus, []).append(ev)
    unions = [merge(f"all {corpus} files", evs) for corpus, evs in sorted(by_corpus.items()) if len(evs) > 1]
    if args.format == "json":
        print(json.dumps({"files": [e.to_json() for e in evaluations], "unions": [e.to_json() for e in unions]},
                         indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print("\n\n".join(render(e) for e in evaluations + unions))
        print("\nP/R/F in %; ex = exact span match, ov = overlap (>= 1 shared character, one-to-one); "
              f"{MICRO} = micro average over the corpus's main classes.")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "evaluate", help="score kg's mention extraction against annotated gold files",
        description="Precision, recall and F1 of kg's mentions per class, exact and overlap match, "
                    "against JSON-lines gold files (format: docs/evaluation.md).")
    parser.add_argument("gold", nargs="+", metavar="GOLD.jsonl")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--baseline", action="store_true", help="also score the naive capitalised-token baseline")
    parser.add_argument("--lenient", action="store_true",
                        help="also score with lenient gold (GSAP-NER ModelArchitecture/Datasource spans optional)")
    parser.add_argument("--corpus", choices=CORPORA, help="scoring scheme (default: from the file name or unit ids)")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N units of each file")
    parser.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    parser.add_argument("--units-alone", action="store_true",
                        help="extract every unit alone (default: units whose ids name one document, "
                             "'<document>|<unit>', share the names discovered in any of them)")
    parser.add_argument("--doc-level", action="store_true",
                        help="score `kg extract` lines per paper against a document-level gold file (docs/daily_eval.md)")
    parser.add_argument("--pred", metavar="PRED.jsonl", help="with --doc-level: the `kg extract` output to score")
    parser.add_argument("--errors", action="store_true", help="with --doc-level: also list every error")
    parser.set_defaults(func=run)
    return parser
