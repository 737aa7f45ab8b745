"""Benchmark kg's mention extraction on every annotated corpus under ../shared/eval/: one table.

For each corpus and split, per scorable class: precision, recall and F1 (exact and overlap match)
of kg and of the naive capitalised-token baseline side by side, the gold count and kg's
extraction time. GSAP-NER's ten folds are shown as their union (micro) and as the mean over
folds, with the corpus authors' fine-tuned reference scores (exact F1) beside them. Units of one
paper share the names kg discovers in any of them (as `kg evaluate` does; --units-alone turns it off).

    python bench/eval_corpora.py [--limit N] [--corpus NAME] [--workers N] [--per-fold] [--units-alone] [--eval-dir DIR]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.evaluate import (MICRO, SCHEMES, Evaluation, PRF, evaluate_units, format_table, mean_values, merge,
                         metric_cells, metric_headers, read_gold)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
CORPUS_ORDER = ("gsap-ner", "scier", "scierc", "scirex", "tdmsci")
FOLDED = "gsap-ner"
# exact-match F1 of SciDeBERTa-CS fine-tuned on GSAP-NER (10-fold CV; gsap-ner/README.md): the targets
TARGETS = {"MODEL": 70.1, "DATASET": 81.7, "METHOD": 47.6}
SYSTEMS = ("kg", "baseline")


def corpus_files(eval_dir: Path, corpus: str) -> list[Path]:
    return sorted((eval_dir / corpus).glob("*.jsonl"))


def split_name(path: Path, corpus: str) -> str:
    return path.stem.removeprefix(corpus).lstrip("_-") or path.stem


def rows(corpus: str, split: str, ev: Evaluation, values: Callable[[str, str, str], PRF],
         targets: bool = False) -> Iterator[list[object]]:
    """One row per class of one split (or union / mean of splits); units and time on the ALL row."""
    for cls in ev.classes():
        last = cls == MICRO
        marker = "" if last or cls in SCHEMES[corpus].classes else "*"
        yield ([corpus, split, ev.units if last else "", cls + marker, ev.gold_total(cls)]
               + metric_cells(values, SYSTEMS, cls)
               + [TARGETS.get(cls, "") if targets else "", f"{ev.seconds:.1f}" if last else ""])


def corpus_rows(corpus: str, evaluations: Sequence[tuple[str, Evaluation]], per_fold: bool) -> Iterator[list[object]]:
    if corpus != FOLDED or per_fold:
        for split, ev in evaluations:
            yield from rows(corpus, split, ev, ev.values)
    if corpus == FOLDED:
        folds = [ev for _, ev in evaluations]
        union = merge("union", folds)
        yield from rows(corpus, f"{len(folds)} folds, union", union, union.values, targets=True)
        yield from rows(corpus, f"{len(folds)} folds, mean", union, mean_values(folds), targets=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--corpus", choices=CORPUS_ORDER, action="append", help="only this corpus (repeatable)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N units of each file")
    parser.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    parser.add_argument("--per-fold", action="store_true", help="also one block per GSAP-NER fold")
    parser.add_argument("--units-alone", action="store_true",
                        help="extract every unit alone (default: the units of one paper share discovered names)")
    args = parser.parse_args(argv)
    if (args.limit is not None and args.limit < 1) or args.workers < 1:
        parser.error("--limit and --workers must be at least 1")
    started = time.perf_counter()
    table: list[list[object]] = []
    total_units, kg_seconds = 0, 0.0
    for corpus in args.corpus or CORPUS_ORDER:
        files = corpus_files(args.eval_dir, corpus)
        if not files:
            print(f"no {corpus} files under {args.eval_dir}", file=sys.stderr)
            continue
        evaluations = []
        for path in files:
            units = read_gold(path, args.limit)
            total_units += len(units)
            evaluations.append((split_name(path, corpus), evaluate_units(path.name, units, corpus, baseline=True,
                                                                       workers=args.workers,
                                                                       document_context=not args.units_alone)))
            kg_seconds += evaluations[-1][1].seconds
            print(f"  {path.name}: {len(units)} units, {evaluations[-1][1].seconds:.1f} s", file=sys.stderr)
        table.extend(corpus_rows(corpus, evaluations, args.per_fold))
    if not table:
        return 1
    headers = ["corpus", "split", "units", "class", "gold"] + metric_headers(SYSTEMS) + ["target Fex", "kg s"]
    elapsed = time.perf_counter() - started
    print(format_table(headers, table, left=4))
    print()
    print("P/R/F in %. ex = exact span and class; ov = same class and >= 1 shared character (one-to-one).")
    print("ALL = micro average over the corpus's main classes. * = extra class from orig_label, not in ALL.")
    print("BENCHMARK is scored as DATASET; MODEL|METHOD merges both for corpora that do not separate them;")
    print("kg REPOSITORY is scored against gold URL. target Fex: exact F1 of SciDeBERTa-CS fine-tuned on")
    print("GSAP-NER (authors' 10-fold CV). baseline: tokens with a digit or an inner capital, labelled")
    print("MODEL (DATASET on TDMSci). kg s = kg extraction seconds.")
    limit = f", --limit {args.limit}" if args.limit else ""
    print(f"{total_units} units{limit}; kg extraction {kg_seconds:.0f} s ({total_units / max(kg_seconds, 1e-9):.0f} units/s, "
          f"{args.workers} worker(s)); {elapsed:.0f} s in total.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
