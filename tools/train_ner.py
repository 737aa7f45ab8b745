"""Train kg's optional statistical NER model (kg/data/ner/) from the two Apache-2.0 corpora only.

Training data: SciREX train (Method -> METHOD, Material -> DATASET) and TDMSci train
(DATASET -> DATASET), both under ../shared/eval/. Nothing else is trained on: never GSAP-NER,
SciER or SciERC, and never a dev or test split. The texts are tokenized with kg's own
tokenizer (build_pipeline().make_doc) so the model sees the tokens it will see at run time;
gold character offsets are aligned with char_span(alignment_mode="contract"). A fixed slice
of the training documents (by a hash of the SciREX document id) is held out for spaCy's
model selection.

    OMP_NUM_THREADS=1 python tools/train_ner.py [--eval-dir DIR] [--out kg/data/ner] [--max-steps N] [--work DIR]
    OMP_NUM_THREADS=1 python tools/train_ner.py --measure off --measure names-shape [--model DIR]

--measure only scores (GSAP-NER folds, SciER, the daily dev set, speed) kg without and with kg_ner,
one JSON line per variant; see docs/ner.md.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
DEFAULT_OUT = ROOT / "kg" / "data" / "ner"
SOURCES = {  # corpus file -> {orig_label: model label}
    "scirex/scirex_train.jsonl": {"Method": "METHOD", "Material": "DATASET"},
    "tdmsci/tdmsci_train.jsonl": {"DATASET": "DATASET"},
}
HELD_OUT_PERCENT = 5
SEED = 0

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = {seed}
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["tok2vec","ner"]
batch_size = 256

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = 0
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 2000
compound = 1.002

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[initialize]
vectors = null
init_tok2vec = null
"""


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def held_out(unit_id: str) -> bool:
    """A fixed ~5% of documents (all units of a SciREX paper go the same way)."""
    doc_id = unit_id.split("|", 1)[0]
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 100 < HELD_OUT_PERCENT


def to_doc(make_doc, unit: dict, labels: dict[str, str], stats: Counter) -> Doc:
    doc = make_doc(unit["text"])
    spans = []
    for entity in unit.get("entities", []):
        label = labels.get(entity.get("orig_label", ""))
        if label is None:
            continue
        span = doc.char_span(entity["start"], entity["end"], label=label, alignment_mode="contract")
        if span is None or not span.text.strip():
            stats["dropped (no token inside)"] += 1
            continue
        spans.append(span)
        stats[label] += 1
    kept = filter_spans(spans)
    stats["dropped (overlap)"] += len(spans) - len(kept)
    doc.set_ents(kept, default="outside")
    return doc


def convert(eval_dir: Path, work: Path) -> tuple[Path, Path, Counter]:
    from kg.extract.pipeline import build_pipeline

    make_doc = build_pipeline().make_doc
    train, dev, stats = DocBin(), DocBin(), Counter()
    for name, labels in SOURCES.items():
        for unit in read_jsonl(eval_dir / name):
            target = dev if held_out(unit["id"]) else train
            target.add(to_doc(make_doc, unit, labels, stats))
            stats["units dev" if target is dev else "units train"] += 1
    paths = work / "train.spacy", work / "dev.spacy"
    train.to_disk(paths[0])
    dev.to_disk(paths[1])
    return paths[0], paths[1], stats


def write_meta(model_dir: Path) -> None:
    """Name the model and record its training sources and license in meta.json."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": "kg_ner", "version": "1.0.0", "license": "Apache-2.0",
                 "sources": [{"name": "SciREX train", "license": "Apache-2.0"},
                             {"name": "TDMSci train", "license": "Apache-2.0"}]})
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- measurement (--measure)

VARIANTS = ("off", "names-shape", "names-method", "datasets-shape", "all-shape", "all-method")  # off: without kg_ner; else
# kg_ner with keep-type_rule (see kg.extract.ner_model)


def variant_pipeline(variant: str, directory: Path):
    from kg.extract.pipeline import build_pipeline

    nlp = build_pipeline()
    if variant != "off":
        import kg.extract.ner_model  # noqa: F401  (registers kg_ner)

        keep, type_rule = variant.split("-")
        nlp.add_pipe("kg_ner", before="kg_roles", config={"directory": str(directory), "type_rule": type_rule,
                                                          "keep": keep})
    return nlp


def measure_variant(nlp, eval_dir: Path) -> dict[str, object]:
    """GSAP-NER (10 folds, union), SciER (every split, union) exact F1 per class, daily dev F1, speed."""
    import time

    import kg.extract.pipeline as pipeline
    from kg.build import extract, read_papers
    from kg.diagnostics import Diagnostics
    from kg.evaluate import MICRO, evaluate_units, merge, read_gold

    pipeline.default_pipeline = lambda: nlp  # what evaluate_units, eval_daily and extract use
    result: dict[str, object] = {}
    for corpus in ("gsap-ner", "scier"):
        evaluations = [evaluate_units(p.name, read_gold(p), corpus)
                       for p in sorted((eval_dir / corpus).glob("*.jsonl"))]
        union = merge("union", evaluations)
        result[corpus] = {cls: round(100 * union.values("kg", "exact", cls)[2], 1) for cls in union.classes()}
        result[corpus + " overlap"] = {cls: round(100 * union.values("kg", "overlap", cls)[2], 1)
                                       for cls in union.classes()}
    sys.path.insert(0, str(ROOT / "bench"))
    import eval_daily
    from kg.doc_scoring import STRICT, evaluate_documents, read_doc_file

    gold = read_doc_file(eval_daily.DEFAULT_GOLD)
    evaluation = evaluate_documents(gold, eval_daily.predict(list(gold), [eval_daily.DEFAULT_INPUT], False))
    result["daily"] = {mode: {cls: round(100 * s.counts[cls].f1, 1) for cls in s.classes()}
                       for mode, s in evaluation.scores.items()}
    papers = read_papers([eval_daily.DEFAULT_INPUT], Diagnostics(quiet=True))
    seconds = []
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        extract(papers, workers=1, progress=False)
        seconds.append(time.perf_counter() - start)
    result["abstracts/s"] = round(len(papers) / min(seconds), 1)
    result["abstracts"] = len(papers)
    return result


def measure(directory: Path, eval_dir: Path, variants: Iterable[str]) -> int:
    for variant in variants:
        print(json.dumps({"variant": variant, **measure_variant(variant_pipeline(variant, directory), eval_dir)}),
              flush=True)
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--max-steps", type=int, default=4000)
    parser.add_argument("--eval-frequency", type=int, default=250)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep the DocBins and checkpoints here (default: a temp dir)")
    parser.add_argument("--measure", choices=VARIANTS, action="append",
                        help="instead of training: score kg without (off) or with kg_ner and this type rule")
    parser.add_argument("--model", type=Path, default=DEFAULT_OUT, help="model directory for --measure")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.measure:
        return measure(args.model, args.eval_dir, args.measure)
    from spacy.cli.train import train

    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        train_path, dev_path, stats = convert(args.eval_dir, work)
        print(json.dumps(dict(sorted(stats.items())), indent=1), file=sys.stderr)
        config = work / "config.cfg"
        config.write_text(CONFIG.format(seed=SEED, width=args.width, depth=args.depth, max_steps=args.max_steps,
                                        eval_frequency=args.eval_frequency), encoding="utf-8")
        train(config, work / "out", overrides={"paths.train": str(train_path), "paths.dev": str(dev_path)})
        best = work / "out" / "model-best"
        write_meta(best)
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(best, args.out)
        (args.out / "config.cfg").write_text((args.out / "config.cfg").read_text(encoding="utf-8")
                                             .replace(f'"{train_path}"', "null").replace(f'"{dev_path}"', "null"),
                                             encoding="utf-8")
    print(f"model written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
