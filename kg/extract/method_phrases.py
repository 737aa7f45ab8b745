"""Method phrases no list has: a technique head noun with its modifiers ("dynamic masking",
"cross-layer parameter sharing", "denoising score matching").

English names a technique with a head noun ("masking", "distillation", "regularization")
and one or two modifiers in front. A phrase of one or two technical modifiers (a word from
TECHNICAL_MODIFIERS or a hyphenated compound such as "cross-lingual" or "test-time") and a
head from METHOD_HEADS becomes a METHOD span. Ordinary words ("significant training",
"gained attention") never qualify, and a bare head word ("learning") is too generic. Training
stages ("data-efficient training", "task-specific fine-tuning") and goals ("test-time
alignment") are not method names, so their head words are not in the list; nor are heads that
name a task or an artefact ("language modeling", "knowledge retrieval", "causal inference",
"passage embeddings").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import SPANS_KEY, claimed_tokens
from kg.extract.lookups import TokenView, doc_text, span_from_chars, tokens

METHOD_HEADS = (
    "learning", "distillation",
    "regularization", "regularisation", "optimization", "optimisation", "normalization", "normalisation",
    "quantization", "pruning", "augmentation", "masking", "sampling", "decoding", "search", "attention",
    "matching", "pooling", "filtering", "propagation", "descent", "smoothing", "dropout", "compression", "sharing",
    "prompting", "ranking", "reranking", "clustering", "tokenization",
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
HEAD_WORDS = frozenset(METHOD_HEADS)
MODIFIER_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # a lower-case word, maybe hyphenated
MODIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
WORD_CHAR = re.compile(r"[\w-]")


def _glued(char: str) -> bool:
    return bool(WORD_CHAR.match(char))


def _word_before(text: str, end: int) -> int | None:
    """Start of the lower-case word that ends at `end` and follows whitespace or a non-word
    character, or None. (The word is text[start:end]; text[end] is whitespace.)"""
    start = end
    while start > 0 and text[start - 1] in MODIFIER_CHARS:
        start -= 1
    if start == end or not MODIFIER_WORD.fullmatch(text, start, end):
        return None
    if start > 0 and _glued(text[start - 1]):
        return None
    return start


def _head_after(view: TokenView, head_end: int) -> int | None:
    """End of a head word that follows `head_end` after exactly one whitespace character, or None."""
    text = view.text
    if head_end >= len(text) or not text[head_end].isspace():
        return None
    following = view.token_at_start(head_end + 1)
    if following is None or view.words[following] not in HEAD_WORDS:
        return None
    end = head_end + 1 + len(view.words[following])
    return end if end >= len(text) or not _glued(text[end]) else None


def phrase_candidates(doc: Doc) -> Iterator[tuple[int, int, int]]:
    r"""(start, head start, end) of each run of one or two lower-case words and a head word
    ("cross-layer parameter sharing"), leftmost first, never overlapping: what the regex
    `(?<![\w-])((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s){1,2})(HEAD)(?![\w-])` finds, read off
    the tokens instead of scanning every character."""
    view = tokens(doc)
    text, words, offsets = view.text, view.words, view.offsets
    last_end = 0
    for index, word in enumerate(words):
        if word not in HEAD_WORDS:
            continue
        head_start = offsets[index]
        head_end = head_start + len(word)
        if head_start < last_end or not text[head_start - 1].isspace() or (head_end < len(text) and _glued(text[head_end])):
            continue
        first = _word_before(text, head_start - 1)
        if first is None:
            continue
        second = _word_before(text, first - 1) if first > 0 and text[first - 1].isspace() else None
        if second is not None and second >= last_end:
            start, end, head = second, head_end, head_start
        elif first >= last_end:
            later = _head_after(view, head_end)
            start, end, head = (first, later, head_end + 1) if later is not None else (first, head_end, head_start)
        else:
            continue
        yield start, head, end
        last_end = end


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


# a compound ending so ("prompt-based", "training-free", "task-specific") or opening with "non-"
# describes a technique without naming one: "gradient-based optimization" is a class of methods
CLASS_DESCRIBING_TAILS = frozenset(
    "based free specific aware formatted art first driven guided oriented like related level wise centric only "
    "efficient intensive friendly agnostic dependent independent".split()
)


def _compound_ok(word: str) -> bool:
    pieces = word.split("-")
    return pieces[0] not in NOT_MODIFIERS and pieces[0] != "non" and pieces[-1] not in CLASS_DESCRIBING_TAILS


def _modifiers_ok(words: list[str]) -> bool:
    return all(w in TECHNICAL_MODIFIERS or ("-" in w and _compound_ok(w)) for w in words)


@Language.component("kg_method_phrases")
def find_method_phrases(doc: Doc) -> Doc:
    existing = list(doc.spans.get(SPANS_KEY, []))
    taken = claimed_tokens(doc)
    spans = []
    text = doc_text(doc)
    for phrase_start, head_start, phrase_end in phrase_candidates(doc):
        words = text[phrase_start:head_start].split()
        while words and not _modifiers_ok(words):
            words = words[1:]
        if not words:
            continue
        start = phrase_end - len(" ".join(words + [text[head_start:phrase_end]]))
        span = span_from_chars(doc, start, phrase_end)
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        spans.append(Span(doc, span.start, span.end, label="METHOD", kb_id=span.text.lower(), span_id="kg_method_phrases"))
        taken.update(range(span.start, span.end))
    doc.spans[SPANS_KEY] = existing + spans
    return doc
