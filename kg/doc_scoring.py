"""Document-level scoring: the (type, entity) set each paper names, against hand-annotated gold.

Owns the reader of gold and prediction files in the `kg extract` line format
({"id", "title", "entities": [{"type", "name", "aliases", "role"}]}; other keys are ignored),
the matching of entities within a paper (same type, or same class in the lenient variant where
DATASET and BENCHMARK are one; a shared key: kg.names.name_key of the name or any alias on
either side, URLs without scheme and "www."; one-to-one), micro and per-class precision / recall
/ F1 over (paper, type, entity) pairs, role accuracy over matched pairs, and the error lists
(FN, FP, type confusions, role mismatches). See docs/daily_eval.md.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.evaluate import MICRO, Counts, format_table, pct
from kg.names import HOST_ALIASES, name_key
from kg.records import ENTITY_TYPES, ROLES

STRICT, LENIENT = "strict", "lenient"
MODES = (STRICT, LENIENT)
LENIENT_CLASSES = {"DATASET": "BENCHMARK|DATASET", "BENCHMARK": "BENCHMARK|DATASET"}
_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_SCHEMELESS_URL = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+/\S", re.IGNORECASE)  # "hf.co/org/model"

# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class DocEntity:
    """One entity a paper names: type, canonical name, other surfaces and role."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = "used"

    def label(self) -> str:
        return f"{self.type} {self.name!r} ({self.role})"


@dataclass(frozen=True)
class DocPaper:
    id: str
    title: str
    entities: tuple[DocEntity, ...] = ()


class DocFileError(ValueError):
    """A gold or prediction file that cannot be read; the message names the file and line."""


def _entity(raw: object) -> DocEntity:
    if not isinstance(raw, dict):
        raise ValueError("an entity is not an object")
    kind, name, role = raw.get("type"), raw.get("name"), raw.get("role", "used")
    aliases = raw.get("aliases") or []
    if kind not in ENTITY_TYPES:
        raise ValueError(f"entity type {kind!r} is not one of {', '.join(ENTITY_TYPES)}")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("entity without a name")
    if role not in ROLES:
        raise ValueError(f"entity role {role!r} is not one of {', '.join(ROLES)}")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError("'aliases' is not a list of strings")
    return DocEntity(kind, name, tuple(aliases), role)


def parse_paper(raw: object) -> DocPaper:
    """A DocPaper from one decoded line; ValueError when it is not in the `kg extract` format."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise ValueError("not an object with a string 'id'")
    entities = raw.get("entities", [])
    if not isinstance(entities, list):
        raise ValueError("'entities' is not a list")
    return DocPaper(raw["id"], str(raw.get("title", "")), tuple(_entity(e) for e in entities))


def papers_by_id(papers: Iterable[DocPaper]) -> dict[str, DocPaper]:
    """Papers keyed by id, in order; ValueError on a repeated id."""
    result: dict[str, DocPaper] = {}
    for paper in papers:
        if paper.id in result:
            raise ValueError(f"paper id {paper.id!r} appears twice")
        result[paper.id] = paper
    return result


def read_doc_file(path: Path) -> dict[str, DocPaper]:
    """The papers of a gold or prediction file by id; DocFileError on any malformed line."""
    papers: dict[str, DocPaper] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    paper = parse_paper(json.loads(line))
                    if paper.id in papers:
                        raise ValueError(f"paper id {paper.id!r} appears twice")
                except ValueError as exc:  # json.JSONDecodeError is a ValueError
                    raise DocFileError(f"{path}:{number}: {exc}") from None
                papers[paper.id] = paper
    except OSError as exc:
        raise DocFileError(f"{path}: {exc.strerror or exc}") from None
    return papers


# ---------------------------------------------------------------- matching


def surface_key(surface: str) -> str:
    """name_key of a surface; URLs lose their scheme and a leading "www." first, and Hugging
    Face's short host "hf.co" is its long one."""
    stripped = surface.strip()
    if _URL.match(stripped) or _SCHEMELESS_URL.match(stripped):
        host, slash, path = _URL_PREFIX.sub("", stripped).partition("/")
        surface = (HOST_ALIASES.get(host.lower(), host) if slash else host) + slash + path
    return name_key(surface)


def entity_keys(entity: DocEntity) -> frozenset[str]:
    return frozenset(k for k in map(surface_key, (entity.name, *entity.aliases)) if k)


def entity_class(entity_type: str, mode: str) -> str:
    return LENIENT_CLASSES.get(entity_type, entity_type) if mode == LENIENT else entity_type


def match_entities(gold: Sequence[DocEntity], predicted: Sequence[DocEntity],
                   compatible: Callable[[DocEntity, DocEntity], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of (gold index, predicted index) pairs that are compatible and
    share a key; each gold entity tries name-to-name candidates first (augmenting paths)."""
    keys_gold = [entity_keys(g) for g in gold]
    keys_pred = [entity_keys(p) for p in predicted]
    candidates = {
        gi: sorted((pi for pi, p in enumerate(predicted) if compatible(g, p) and keys_gold[gi] & keys_pred[pi]),
                   key=lambda pi: (surface_key(predicted[pi].name) != surface_key(g.name), pi))
        for gi, g in enumerate(gold)
    }
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in candidates[gi]:
            if pi not in seen:
                seen.add(pi)
                if pi not in owner or augment(owner[pi], seen):
                    owner[pi] = gi
                    return True
        return False

    exact_first = sorted(candidates, key=lambda gi: (not any(
        surface_key(predicted[pi].name) == surface_key(gold[gi].name) for pi in candidates[gi]), gi))
    for gi in exact_first:
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class DocError:
    """One error: FN (gold only), FP (prediction only), TYPE (same name, other class) or ROLE."""

    kind: str
    paper: str
    gold: DocEntity | None = None
    predicted: DocEntity | None = None

    def describe(self) -> str:
        if self.kind == "FN":
            return f"FN    {self.paper}: {self.gold.label()}"
        if self.kind == "FP":
            return f"FP    {self.paper}: {self.predicted.label()}"
        return f"{self.kind:<5} {self.paper}: gold {self.gold.label()} / predicted {self.predicted.label()}"

    def pattern(self) -> str:
        """The error's kind without the paper and name, for counting error kinds."""
        if self.kind == "FN":
            return f"FN {self.gold.type} {self.gold.role}"
        if self.kind == "FP":
            return f"FP {self.predicted.type} {self.predicted.role}"
        if self.kind == "TYPE":
            return f"TYPE gold {self.gold.type} -> predicted {self.predicted.type}"
        return f"ROLE {self.gold.type} gold {self.gold.role} -> predicted {self.predicted.role}"


@dataclass
class DocScores:
    """Counts of one matching mode summed over papers."""

    mode: str
    counts: dict[str, Counts] = field(default_factory=dict)  # class (and MICRO) -> counts
    role_matched: int = 0
    role_correct: int = 0
    errors: list[DocError] = field(default_factory=list)

    @property
    def role_accuracy(self) -> float:
        return self.role_correct / self.role_matched if self.role_matched else 0.0

    def add(self, cls: str, counts: Counts) -> None:
        self.counts[cls] = self.counts.get(cls, Counts()) + counts
        self.counts[MICRO] = self.counts.get(MICRO, Counts()) + counts

    def classes(self) -> list[str]:
        return sorted(c for c in self.counts if c != MICRO) + [MICRO]


def _type_confusions(paper: str, missed: list[DocEntity], extra: list[DocEntity]) -> list[DocError]:
    """FN and FP of one paper, FN/FP pairs that share a key but not the class reported as TYPE."""
    pairs = match_entities(missed, extra, lambda g, p: True)
    errors = [DocError("TYPE", paper, missed[gi], extra[pi]) for gi, pi in pairs]
    errors += [DocError("FN", paper, g) for gi, g in enumerate(missed) if gi not in {a for a, _ in pairs}]
    errors += [DocError("FP", paper, predicted=p) for pi, p in enumerate(extra) if pi not in {b for _, b in pairs}]
    return errors


def score_paper(paper: str, gold: Sequence[DocEntity], predicted: Sequence[DocEntity], scores: DocScores) -> None:
    """Match one paper's entities under scores.mode and add its counts and errors to `scores`."""
    mode = scores.mode
    pairs = match_entities(gold, predicted, lambda g, p: entity_class(g.type, mode) == entity_class(p.type, mode))
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, pi in pairs:
        scores.add(entity_class(gold[gi].type, mode), Counts(tp=1))
        scores.role_matched += 1
        if gold[gi].role == predicted[pi].role:
            scores.role_correct += 1
        else:
            scores.errors.append(DocError("ROLE", paper, gold[gi], predicted[pi]))
    missed = [g for gi, g in enumerate(gold) if gi not in matched_gold]
    extra = [p for pi, p in enumerate(predicted) if pi not in matched_pred]
    for g in missed:
        scores.add(entity_class(g.type, mode), Counts(fn=1))
    for p in extra:
        scores.add(entity_class(p.type, mode), Counts(fp=1))
    scores.errors += _type_confusions(paper, missed, extra)


@dataclass
class DocEvaluation:
    """Strict and lenient scores of predictions against a gold file."""

    papers: int  # gold papers
    missing: list[str]  # gold paper ids without a prediction
    ignored: int  # predicted papers that are not in the gold file
    gold_entities: int
    scores: dict[str, DocScores]  # mode -> scores

    def to_json(self) -> dict:
        def counts_json(c: Counts) -> dict:
            return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4), "f1": round(c.f1, 4)}

        return {"papers": self.papers, "missing": self.missing, "ignored": self.ignored,
                "gold_entities": self.gold_entities,
                "scores": {mode: {"classes": {c: counts_json(s.counts[c]) for c in s.classes()},
                                  "role_accuracy": round(s.role_accuracy, 4), "role_matched": s.role_matched,
                                  "role_correct": s.role_correct}
                           for mode, s in self.scores.items()}}


def evaluate_documents(gold: Mapping[str, DocPaper], predicted: Mapping[str, DocPaper]) -> DocEvaluation:
    """Score the predictions of every gold paper (in gold order) strictly and leniently."""
    scores = {mode: DocScores(mode, {MICRO: Counts()}) for mode in MODES}
    for paper_id, paper in gold.items():
        found = predicted.get(paper_id)
        for mode in MODES:
            score_paper(paper_id, paper.entities, found.entities if found else (), scores[mode])
    return DocEvaluation(
        papers=len(gold),
        missing=[p for p in gold if p not in predicted],
        ignored=sum(1 for p in predicted if p not in gold),
        gold_entities=sum(len(p.entities) for p in gold.values()),
        scores=scores,
    )


# ---------------------------------------------------------------- reporting


def render_table(evaluation: DocEvaluation) -> str:
    """P/R/F1 per class and micro, and role accuracy, for both modes."""
    rows = []
    for mode, scores in evaluation.scores.items():
        for cls in scores.classes():
            c = scores.counts[cls]
            rows.append([mode, cls, c.tp + c.fn, c.tp + c.fp, c.tp, pct(c.precision), pct(c.recall), pct(c.f1)])
    table = format_table(["mode", "class", "gold", "pred", "tp", "P", "R", "F1"], rows, left=2)
    roles = "\n".join(f"role accuracy ({mode}): {pct(s.role_accuracy)}% of {s.role_matched} matched"
                      for mode, s in evaluation.scores.items())
    head = f"{evaluation.papers} gold papers, {evaluation.gold_entities} gold entities"
    if evaluation.missing:
        head += f"; {len(evaluation.missing)} without a prediction: {', '.join(evaluation.missing)}"
    return f"{head}\n{table}\n{roles}"


def error_patterns(errors: Iterable[DocError]) -> list[tuple[str, int]]:
    """Error kinds (DocError.pattern) by count, most common first, ties by name."""
    counts: dict[str, int] = {}
    for error in errors:
        counts[error.pattern()] = counts.get(error.pattern(), 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def render_errors(errors: Iterable[DocError]) -> str:
    """Every error, grouped by kind, sorted by paper then name."""
    order = {"FN": 0, "FP": 1, "TYPE": 2, "ROLE": 3}

    def sort_key(e: DocError) -> tuple:
        entity = e.gold or e.predicted
        return order[e.kind], e.paper, entity.type, entity.name

    return "\n".join(e.describe() for e in sorted(errors, key=sort_key))


def main(gold_paths: Sequence[str], pred_path: str | None, errors: bool = False, fmt: str = "table") -> int:
    """`kg evaluate --doc-level GOLD.jsonl --pred PRED.jsonl`: 0 when scored, 1 on unreadable input, 2 on usage."""
    if pred_path is None or len(gold_paths) != 1:
        print("kg evaluate: --doc-level needs exactly one GOLD.jsonl and --pred PRED.jsonl", file=sys.stderr)
        return 2
    try:
        gold = read_doc_file(Path(gold_paths[0]))
        predicted = read_doc_file(Path(pred_path))
    except DocFileError as exc:
        print(f"kg evaluate: {exc}", file=sys.stderr)
        return 1
    evaluation = evaluate_documents(gold, predicted)
    if fmt == "json":
        print(json.dumps(evaluation.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(render_table(evaluation))
        if errors:
            print("\n" + render_errors(evaluation.scores[STRICT].errors))
    return 0
