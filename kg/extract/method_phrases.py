"""Method phrases no list has: a technique head noun with its modifiers ("dynamic masking",
"cross-layer parameter sharing", "denoising score matching").

English names a technique with a head noun ("masking", "distillation", "regularization")
and one or two modifiers in front. A phrase of one or two technical modifiers (a word from
TECHNICAL_MODIFIERS or a hyphenated compound such as "cross-lingual" or "test-time") and a
head from METHOD_HEADS becomes a METHOD span. Ordinary words ("significant training",
"gained attention") never qualify, and a bare head word ("learning") is too generic. Training
stages ("data-efficient training", "task-specific fine-tuning") and goals ("test-time
alignment") are not method names, so their head words are not in the list.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import GENERIC_KEY, SPANS_KEY
from kg.extract.lookups import doc_text

METHOD_HEADS = (
    "learning", "distillation",
    "regularization", "regularisation", "optimization", "optimisation", "normalization", "normalisation",
    "quantization", "pruning", "augmentation", "masking", "sampling", "decoding", "search", "attention",
    "embeddings", "embedding", "encoding", "modeling", "modelling", "matching", "estimation", "inference",
    "pooling", "filtering", "propagation", "descent", "smoothing", "dropout", "compression", "sharing",
    "prompting", "retrieval", "ranking", "reranking", "clustering", "parsing", "tokenization",
    "initialization", "scheduling", "warmup", "distillation", "ensembling", "bootstrapping", "annealing",
)
NOT_MODIFIERS = frozenset(
    "the a an of for with our their this that these those is are was were be been being we they it its to and or "
    "in on by from as at into via such more most less other each both all any some no not new novel proposed "
    "existing different various several many few which what who whose when where while during after before than "
    "then also only just very well much same similar further first second third one two three can could may "
    "might will would should must do does did has have had using use used uses based across between within "
    "without over under about against through upon per effective efficient better best good large small simple "
    "standard general specific recent prior previous current typical traditional conventional common popular "
    "better stronger strong weak additional extensive further final full overall human machine deep".split()
)
PHRASE_RE = re.compile(
    r"(?<![\w-])((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s){1,2})(" + "|".join(sorted(set(METHOD_HEADS), key=len, reverse=True)) + r")(?![\w-])"
)


TECHNICAL_MODIFIERS = frozenset(
    "contrastive adversarial preference instruction prompt representation language masked causal denoising "
    "dynamic global local multilingual monolingual bilingual multimodal unimodal visual textual semantic "
    "syntactic lexical neural probabilistic bayesian variational stochastic deterministic gradient policy value "
    "reward curriculum active transfer metric manifold feature token sequence span sentence word subword "
    "character byte patch pixel spatial temporal positional relative absolute rotary sparse dense linear "
    "hierarchical recursive recurrent convolutional graph structured unstructured supervised unsupervised "
    "self-supervised semi-supervised weakly-supervised reinforcement imitation continual incremental online "
    "offline federated distributed parallel mixed-precision quantization-aware knowledge data model weight "
    "parameter layer head channel attention score energy diffusion flow autoregressive non-autoregressive "
    "generative discriminative retrieval query document passage context memory beam greedy nucleus "
    "speculative multi-head self cross cross-attention kernel spectral random importance rejection "
    "temperature label noise consistency entropy margin triplet ranking pairwise listwise pointwise "
    "embedding vector product scalar residual batch group instance weight-sharing zero-shot few-shot "
    "one-shot in-context chain-of-thought multi-step multi-task multitask joint ensemble mixture expert "
    "sparse-attention low-rank full-rank post-hoc post-training end-to-end".split()
)


def _modifiers_ok(words: list[str]) -> bool:
    return all(w in TECHNICAL_MODIFIERS or ("-" in w and w.split("-")[0] not in NOT_MODIFIERS) for w in words)


@Language.component("kg_method_phrases")
def find_method_phrases(doc: Doc) -> Doc:
    existing = list(doc.spans.get(SPANS_KEY, []))
    taken = {i for span in existing + list(doc.spans.get(GENERIC_KEY, [])) for i in range(span.start, span.end)}
    spans = []
    text = doc_text(doc)
    for match in PHRASE_RE.finditer(text):
        words = match.group(1).split()
        while words and not _modifiers_ok(words):
            words = words[1:]
        if not words:
            continue
        start = match.end() - len(" ".join(words + [match.group(2)]))
        span = doc.char_span(start, match.end())
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        spans.append(Span(doc, span.start, span.end, label="METHOD", kb_id=span.text.lower(), span_id="kg_method_phrases"))
        taken.update(range(span.start, span.end))
    doc.spans[SPANS_KEY] = existing + spans
    return doc
