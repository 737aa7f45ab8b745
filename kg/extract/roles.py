"""Proposed or used: does the paper introduce an entity, or only use it?

A paper proposes what its title names before the colon (or reports on: "X Technical Report"), what
follows "we propose / introduce / present / release" or "a method called" ("we introduce the LLM ...
as X" too), what it calls "our X" ("we detail X, our first ..."), "a novel approach, X", "X, a new
approach" or "the creation of X" (also past its short form: "X (XY) -- a new class"), what it names
as a contribution or innovation ("Our key contribution is X", "three key innovations: ... (ii) X,
..."), what it claims is the first of its kind ("X, the first fully open code LLM", "X is the first
..."), a name in apposition to what it introduces ("we introduce a simple alignment method, X"),
"our final model, X" or "our best model X" even when the name is known, what its own process yields
("we fine-tune Llama-2 to obtain X", "resulting in X models", known or not), what it names ("X, as
we call it"), the other sizes of a family it proposes, a name coordinated right after one a proposal
verb governs ("namely X and Y"), a new name it defines (in its own voice: "our training combines ...
with Mixed On-policy Reinforcement Learning (MORL)"), the named parts of its own system ("Our
framework comprises three components: (1) the API Retriever ..."), a new acronym it defines in an
enumeration it leads ("Orca comprises four stages: ... (3) ..., personality-conditioned instruction
prompting (PCIP)": an item speaks in its lead's voice), and its own code URL. A proposal verb
followed by a preposition ("trained with X") proposes nothing; "the original X", what "prior work
has introduced", and a new name first met in a background sentence are not the paper's, nor is a new
name after a use cue ("we adopt X (XY) to train ..."). Everything else it mentions it uses. Datasets
and benchmarks named in a sentence that reports an evaluation are marked as evaluated on.

A known model the paper proposes and describes as a framework ("we present Zorb, an image
customization framework") is its own system, and its spans are retyped METHOD as the paper
describes it (the graph node keeps the catalogue type; the paper's line lists it as METHOD).

Results go to the span groups `doc.spans["kg_proposed"]` and `doc.spans["kg_evaluated"]`.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.acronyms import long_form_start
from kg.extract.lookups import sentence_text, sentence_words, title_end, tokens
from kg.extract.component_lists import OWNED_PARTS_KEY, marker_end
from kg.extract.context import (HEAD_TYPES, WE_NAMING_VERBS, called_a_framework, is_naming_word, list_head_before, our_head_before,
                                sentence_has_evaluation_cue, trained_on_here, type_from_context)
from kg.extract.discovery import (AUTHOR_CUES, DISCOVERY_COMPONENTS, NEWNESS_WORDS, PROPOSAL_WORDS, RELEASE_TIERS,
                                  REPORT_TITLES, USE_CUES, by_earlier_work, closing_quote, governing_proposal_verb,
                                  proposal_verbs, skip_back, the_proposed, title_colon)
from kg.extract.gazetteer import SIZE_PIECE, SPANS_KEY, SUBSET_WORDS, is_known, split_name

FILLERS = {"a", "an", "the", "new", "novel", "our", "first", "open", "open-source", "simple", "effective", "two", "three"}
THIRD_PARTY_CUES = {"using", "use", "used", "uses", "from", "based", "via", "adopt", "adopted", "following", "by"}
FILLERS_AND_HYPHEN = FILLERS | {"-"}
COINING_WORDS = PROPOSAL_WORDS - {"namely"}  # "four LLMs, namely Llama 3 8B, ...": a list of others' names
TRAINING_VERBS = frozenset({"train", "trained", "trains"})
CREATION_NOUNS = frozenset({"creation", "construction"})
EXAMPLE_CUES = frozenset({"such", "known"})
OTHERS_WORK = frozenset({"prior", "previous", "recent", "existing", "earlier", "related", "past", "other"})


def _author_sentence(span: Span) -> bool:
    return _speaks_as_the_authors(sentence_words(span)) or _in_own_enumeration(span)


def _speaks_as_the_authors(words: frozenset[str]) -> bool:
    if AUTHOR_CUES & words:
        return True
    return ("paper" in words or "work" in words) and OTHERS_WORK.isdisjoint(words)  # not "Prior work has introduced X"


CONTRIBUTION_WORDS = frozenset({"contribution", "contributions", "innovation", "innovations"})


def _named_as_a_contribution(span: Span) -> bool:
    """"This is enabled by three key innovations: ... (ii) GRPO-RoC, ...", "Our key contribution is
    X": a contribution word earlier in the sentence (not about others' work) makes a new name the
    paper's own."""
    view = tokens(span.doc)
    sentence_start = view.sentence_bounds(span.start)[0]
    before = view.lowers[sentence_start : span.start]
    return not CONTRIBUTION_WORDS.isdisjoint(before) and OTHERS_WORK.isdisjoint(before)


def enumeration_lead(span: Span) -> Span | None:
    """The sentence that opens the enumeration whose item sentence ("(3) Dataset construction, ...")
    holds the span; None when the span's sentence opens with no list marker."""
    doc, view = span.doc, tokens(span.doc)
    start = view.sentence_bounds(span.start)[0]
    if marker_end(view.lowers, start) is None:
        return None
    while start > 0 and marker_end(view.lowers, start) is not None:
        start = view.sentence_bounds(start - 1)[0]
    return doc[start : view.sentence_bounds(start)[1]]


def _in_own_enumeration(span: Span) -> bool:
    """An item of an enumeration the authors lead ("We train in three stages: (1) ... (2) ...") or
    that lists the parts of the system the title names ("Orca comprises four stages: ...") speaks
    for the paper."""
    lead = enumeration_lead(span)
    if lead is None:
        return False
    if _speaks_as_the_authors(sentence_words(lead)) or not CONTRIBUTION_WORDS.isdisjoint(sentence_words(lead)):
        return True
    title_name = tokens(span.doc).words[0] if title_colon(span.doc) is not None else None
    return lead[0].text == title_name


CLOSERS = {",", ".", "(", ")", ":", ";", "which", "that", "\u2014", "to", "for", "with", "as", "series", "family", "and", "or", "of"}


def _ends_phrase(span: Span) -> bool:
    """The span is the whole object ("we introduce Llama 2, a ..."), not a modifier ("an instruction
    tuning method", "new ICL methods"); a name before the head noun it names is the object too ("we
    propose the Zorb-Talker architecture"), unless it is a lower-case technique's."""
    view = tokens(span.doc)
    words = view.words
    return (span.end >= len(words) or words[span.end] in CLOSERS or words[span.end].isspace()
            or (view.lowers[span.end] in HEAD_TYPES and not span.kb_id_.partition("\x1f")[0].islower()))


def _follows_proposal_verb(span: Span) -> bool:
    if span.id_ == "kg_gazetteer" and not _ends_phrase(span):
        return False
    view = tokens(span.doc)
    sentence_start = view.sentence_bounds(span.start)[0]
    i = span.start - 1
    if i > sentence_start and view.words[i] == "(":
        # "called Self-Play fIne-tuNing (SPIN)": the name's long form stands between
        long_start = long_form_start(span.doc, span.start)
        if long_start is not None:
            i = long_start - 1
        else:
            i -= 1
            while i >= sentence_start and span.start - i <= 10 and (view.words[i] == "-" or not view.words[i].islower()):
                i -= 1
    i = skip_back(view.lowers, i, sentence_start, FILLERS_AND_HYPHEN)
    if i < sentence_start or not _author_sentence(span):
        return False
    if view.lowers[i] in {"source", "sourced"} and i - 2 in proposal_verbs(span.doc):
        return True  # "we present and open-source Ouro, ...": the verb "open-source"
    if view.lowers[i] == "," and i > sentence_start and view.lowers[i - 1] in HEAD_TYPES:
        return _apposed_to_a_coined_object(view.lowers, i - 1, sentence_start)
    if view.lowers[i] in HEAD_TYPES and i > sentence_start:
        return _apposed_to_a_coined_object(view.lowers, i, sentence_start)  # "we curate a ... dataset X"
    if view.lowers[i] == "as":  # "we introduce the LLM ... as X"; "such as X" and "known as X" give examples of others' work
        return view.lowers[i - 1] not in EXAMPLE_CUES and _introduced_as(span, i)
    if view.lowers[i] == "namely":  # "we propose two techniques, namely Clip-Cov and ...", not "four LLMs, namely Llama 3"
        return governing_proposal_verb(span.doc, i, COINING_WORDS) is not None
    if view.lowers[i] == "of" and i > sentence_start and view.lowers[i - 1] in CREATION_NOUNS:
        return not is_known(span.kb_id_)  # "resulting in the creation of the LIMA-Role dataset"
    we_name_it = view.lowers[i] in WE_NAMING_VERBS and is_naming_word(view.lowers, i)  # "a method we call X"
    if view.lowers[i] not in COINING_WORDS and not we_name_it:
        return False
    if by_earlier_work(view.lowers, i):
        return False  # "we evaluate on the recently released PaperBench"
    if view.hyphen_before(i):
        return False  # "we post-train Mistral-7B": a verb inside a compound
    # training a model the field already knows ("we train Mistral-7B on our data") uses it
    return not (view.lowers[i] in TRAINING_VERBS and is_known(span.kb_id_))


APPOSITION_REACH = 10
COINED_OBJECT_OPENERS = frozenset({"a", "an", "our", "two", "three", "four", "five"})  # "we develop two benchmarks, X and Y"
OBJECT_LINKS = frozenset("the for on over with in from to across by at".split())  # "a model for two benchmarks, X and Y": not the coined object


def _apposed_to_a_coined_object(lowers: list[str], head: int, sentence_start: int) -> bool:
    """"we introduce a simple, tuning-free alignment method, URIAL": the name stands in apposition
    to the noun phrase a coining verb governs ("introduce a ... method")."""
    for i in range(head - 1, max(sentence_start, head - APPOSITION_REACH) - 1, -1):
        if lowers[i] in COINING_WORDS:
            phrase = lowers[i + 1 : head]
            return (USE_CUES.isdisjoint(phrase) and OBJECT_LINKS.isdisjoint(phrase)
                    and not COINED_OBJECT_OPENERS.isdisjoint(phrase[:1] + phrase[-4:]))
        if lowers[i] in {".", ";", "(", ")"} or lowers[i] in USE_CUES:
            return False
    return False


def _introduced_as(span: Span, as_index: int) -> bool:
    """"We introduce the LLM developed through this strategy as ALMA": a proposal verb earlier in
    the sentence, and no use between it and the "as" ("we use GPT-4 as a judge" names no new thing)."""
    return governing_proposal_verb(span.doc, as_index, COINING_WORDS) is not None


def _called_new(span: Span) -> bool:
    """"We employ ... CMAP, a new approach for patching activations", 'We present Zorb-7 "Goose", a
    new architecture': the authors' own thing, described as new."""
    lowers = tokens(span.doc).lowers
    start = _after_nickname(lowers, _after_own_short_form(span))
    after = lowers[start : start + 6]
    if after[:2] == ["-", "-"]:
        after = after[1:]  # "X -- a new class of ...": "--" is two hyphens
    return (after[:1] in ([","], ["-"], ["\u2014"], ["\u2013"]) and after[1:2] in (["a"], ["an"])
            and not NEWNESS_WORDS.isdisjoint(after[2:5]) and _author_sentence(span))


def _described_as_new(span: Span) -> bool:
    """"(1) A novel Multi-Matrix Factorization Attention (MFA) mechanism": a new name right after
    "a novel" / "a new" is made here, whoever the sentence's subject is; a known name only when
    its abbreviation or a comma closes it ("a novel Transformer architecture" is a kind of one)."""
    lowers = tokens(span.doc).lowers
    if lowers[max(span.start - 2, 0) : span.start] not in (["a", "novel"], ["an", "novel"], ["a", "new"]):
        return False
    if is_known(span.kb_id_):
        return lowers[span.end : span.end + 1] in (["("], [","])
    return span.id_ in DISCOVERY_COMPONENTS  # not a technique phrase: "a new policy optimization method"


def _listed_as_new(span: Span) -> bool:
    """"across five new benchmarks: DrugPC, BrandPC, and GenericPC": a name in the list of new
    things of its kind is one of them."""
    view = tokens(span.doc)
    sentence_start = view.sentence_bounds(span.start)[0]
    head = list_head_before(view, span.start, sentence_start)
    return head is not None and not NEWNESS_WORDS.isdisjoint(view.lowers[max(sentence_start, head - 2) : head])


def _after_own_short_form(span: Span) -> int:
    """Where the text goes on after the span's short form in brackets ("Energy-Based Transformers
    (EBTs) -- a new class"), else the span's end; not after a longer name's ("... ATTenTion
    Transformer (T6), a new model": T6 stands for more than "Transformer")."""
    lowers = tokens(span.doc).lowers
    if span.end + 2 < len(lowers) and lowers[span.end] == "(" and lowers[span.end + 2] == ")":
        if long_form_start(span.doc, span.end + 1) == span.start:
            return span.end + 3
    return span.end


def _after_nickname(lowers: list[str], end: int) -> int:
    """Where the text goes on after a quoted nickname of a name ('RWKV-7 "Goose", a new ...'), else `end`."""
    close = closing_quote(lowers, end, end + 5)
    return close + 1 if close is not None else end


def _as_we_call_it(span: Span) -> bool:
    """'"Just image Transformers", or JiT, as we call it': the authors name it."""
    lowers = tokens(span.doc).lowers
    start = span.end + (lowers[span.end : span.end + 1] == [","])
    after = lowers[start : start + 4]
    return after[:2] == ["as", "we"] and after[2:3] != [] and after[2] in WE_NAMING_VERBS and after[3:4] == ["it"]


def _apposed_to_our(span: Span) -> bool:
    """"we detail Mercury Coder, our first set of diffusion LLMs": the authors call the object of
    their clause theirs (not an opening phrase: "Trained on top of Llama 3, our model ...")."""
    view = tokens(span.doc)
    if view.lowers[span.end : span.end + 2] != [",", "our"]:
        return False
    clause = view.lowers[view.sentence_bounds(span.start)[0] : span.start]
    return "we" in clause and "," not in clause[len(clause) - clause[::-1].index("we"):]


FIRST_CLAIMS = (["the", "first"], ["is", "the", "first"], ["as", "the", "first"], ["becomes", "the", "first"])


def _claimed_first(span: Span) -> bool:
    """"StarCoder2-Instruct, the first fully transparent code LLM", "X is the first open model for
    ...": an abstract claims to be first only for what the paper makes."""
    lowers = tokens(span.doc).lowers
    after = lowers[span.end : span.end + 5]
    if after[:1] == [","]:
        after = after[1:]
    return any(after[: len(claim)] == claim and after[len(claim) : len(claim) + 1] not in (["of"], ["time"], ["step"])
               for claim in FIRST_CLAIMS)


PRODUCT_WORDS = frozenset({"final", "resulting", "best", "flagship"})


def _the_final_product(span: Span) -> bool:
    """"Our final model, ProLong-8B, ...", "our best model X": what the authors' work ends in is
    theirs, even under a name the gazetteer knows (it knows the names of published models)."""
    lowers = tokens(span.doc).lowers
    return (our_head_before(span, comma_optional=True) is not None
            and not PRODUCT_WORDS.isdisjoint(lowers[max(span.start - 5, 0) : span.start - 1]))


def _after_our(span: Span) -> bool:
    """"our X", "our final model, X", or "the resulting model (,) X"."""
    lowers = tokens(span.doc).lowers
    before = span.start - 1
    while before > 0 and lowers[before] in NEWNESS_WORDS | {"proposed"}:
        before -= 1  # "our new X", "our proposed X"
    if before >= 0 and (lowers[before] == "our" or the_proposed(lowers, before + 1)):
        return True  # "our X", "the proposed X"
    head = span.start - 1 - (span.start > 0 and lowers[span.start - 1] == ",")
    if head > 0 and lowers[head] in HEAD_TYPES and lowers[head - 1] == "resulting":
        return True  # "the resulting model Orca-3", "The resulting model, ZorbChat,"
    return our_head_before(span) is not None


RESULT_VERBS = frozenset({"obtain", "obtains", "obtaining", "yield", "yields", "yielding", "produce", "produces", "producing"})
RESULT_PHRASES = frozenset({("resulting", "in"), ("results", "in"), ("result", "in"), ("leading", "to"), ("leads", "to")})


def _results_from_the_work(span: Span) -> bool:
    """"we fine-tune Llama-2 to obtain X", "our recipe yields X", "..., resulting in X": a new name
    that the authors' process produces is theirs."""
    if (span.id_ not in DISCOVERY_COMPONENTS and not _ends_phrase(span)) or not _author_sentence(span):
        return False  # a known name ends its phrase: "resulting in DeepSeek-GRM models", not "GPT-4-level"
    view = tokens(span.doc)
    i = skip_back(view.lowers, span.start - 1, 0, FILLERS)
    return i >= 0 and (view.lowers[i] in RESULT_VERBS or (i > 0 and (view.lowers[i - 1], view.lowers[i]) in RESULT_PHRASES))


def _after_a_use(span: Span) -> bool:
    """"we devise a setup that uses WordNet": a use cue stands between the last proposal verb and the name."""
    view = tokens(span.doc)
    verbs = [i for i in _proposal_verbs_in_sentence(span) if i < span.start]
    after = verbs[-1] + 1 if verbs else view.sentence_bounds(span.start)[0]  # "We adopt X (XY) to train ..."
    return any(word in USE_CUES and not view.hyphen_before(i)  # not "instruction-following"
               for i, word in enumerate(view.lowers[after : span.start], start=after))


def _scored_on(span: Span) -> bool:
    """"Our framework, termed Zorb, achieves 60.4% accuracy on the ARC-1 benchmark": a collection a
    result is reported on, in the sentence that names the paper's own work."""
    lowers = tokens(span.doc).lowers
    i = span.start - 1 - (span.start > 0 and lowers[span.start - 1] == "the")
    return (span.label_ in {"BENCHMARK", "DATASET"} and i >= 0 and lowers[i] == "on"
            and sentence_has_evaluation_cue(sentence_text(span)))


def _proposal_verbs_in_sentence(span: Span) -> list[int]:
    sentence_start, sentence_end = tokens(span.doc).sentence_bounds(span.start)
    return [i for i in proposal_verbs(span.doc) if sentence_start <= i < sentence_end]


def _own_url(span: Span) -> bool:
    view = tokens(span.doc)
    sentence_start = view.sentence_bounds(span.start)[0]
    before = set(view.lowers[max(sentence_start, span.start - 6) : span.start])
    return not (before & THIRD_PARTY_CUES) or bool(before & {"our", "code", "available", "released", "release"})


def _own_part(span: Span) -> bool:
    """A named part of the paper's own system (kg_component_lists: "This system includes two components: ...")."""
    return any(span == part for part in span.doc.spans.get(OWNED_PARTS_KEY, []))


SURVEY_WORDS = frozenset({"survey", "review", "overview", "tutorial"})


def _names_the_title(span: Span, title_end_token: int) -> bool:
    """The name opens the title before a colon, is the whole title ("Self-Rewarding Language
    Models"), or the title is its report ("Qwen2 Technical Report", "Zorb Technical Report: ...")."""
    view = tokens(span.doc)
    rest = [w for w in view.lowers[span.end : title_end_token] if not w.isspace()]
    if not SURVEY_WORDS.isdisjoint(rest):
        return False  # "Agentic RAG: A Survey on ...": a survey names its topic, it proposes none of it
    return rest[:1] == [":"] or not rest or any(rest[: len(report) + 1] in (report, report + [":"]) for report in REPORT_TITLES)


def is_proposed(span: Span, title_end_token: int) -> bool:
    if span.label_ == "REPOSITORY":
        return _own_url(span)
    if span.id_ in {"kg_title", "kg_proposals"}:
        return True
    if span.id_ == "kg_component_lists":
        return _own_part(span)
    if span.id_ == "kg_gazetteer" and span.start == 0 and span.end <= title_end_token and _names_the_title(span, title_end_token):
        return True  # "CodeGen2: Lessons for Training LLMs ...", "Qwen2 Technical Report"
    if _proposed_by_its_words(span):
        return True
    if span.id_ in DISCOVERY_COMPONENTS and not is_known(span.kb_id_):
        if span.end <= title_end_token or _own_part(span) or _named_as_a_contribution(span) or _proposed_as_new(span):
            return True
        if _author_sentence(span) and _proposal_verbs_in_sentence(span) and not _after_a_use(span) and not _scored_on(span):
            return True  # "we introduce ...", "this taxonomy assigns a score, called the HP-Score"
        if span.id_ == "kg_abbreviations" and (_in_own_enumeration(span) or _defined_by_the_authors(span)):
            return True  # "(3) Dataset construction, personality-conditioned instruction prompting (PCIP) ..."
    return False


DEFINITION_REACH = 6


def _defined_by_the_authors(span: Span) -> bool:
    """"Our training combines ... with Mixed On-policy Reinforcement Learning (MORL)", "At the core of
    our method is a Decoupled GRPO (DeGRPO) algorithm": a term no list knows that the authors define
    in their own voice is theirs, unless they say they take it ("we adopt ... (FBB)")."""
    view = tokens(span.doc)
    short_start = span.start
    if span.end < len(view.words) - 1 and view.words[span.end] == "(":
        short_start = span.end + 1  # the span is the long form
    long_start = long_form_start(span.doc, short_start) if short_start > 0 and view.words[short_start - 1] == "(" else None
    if long_start is None:
        return False
    before = view.lowers[max(view.sentence_bounds(long_start)[0], long_start - DEFINITION_REACH) : long_start]
    long_words = view.words[long_start : short_start - 1]
    return (_speaks_as_the_authors(sentence_words(span))
            and sum(word[:1].isupper() for word in long_words) >= 2  # a name, not "ordinary differential equations (ODE)"
            and before[-2:] not in (["'", "s"], ["\u2019", "s"])  # "Sana's Deep Compression AutoEncoder (DCAE)"
            and USE_CUES.isdisjoint(before))


def is_variant_of_proposed(span: Span, proposed_ids: set[tuple[str, str]]) -> bool:
    """A size or release tier of a model family the paper proposes is proposed too: the Qwen2.5
    report proposes Qwen2.5-72B-Instruct and Qwen2.5-Turbo (but uses Qwen2.5-Math); so is a subset
    of a benchmark it proposes ("Zorb-Bench Diamond"), and a sized release of data named after its
    own work ("Puffin-4M")."""
    if span.label_ == "DATASET":
        return _release_of_proposed_data(span, proposed_ids)
    if span.label_ not in {"MODEL", "BENCHMARK"}:
        return False
    name, family = split_name(span.kb_id_, span.label_)
    if span.label_ == "MODEL" and in_proposed_series(name, proposed_ids):
        return True
    if family is None and span.label_ == "BENCHMARK" and (subset := SUBSET_END.search(name)):
        family = name[: subset.start()]  # "Zorb-Bench-Lite", a name of its own
    if family is None and span.label_ == "MODEL":
        # "Gemini 2.5 Pro", a record of its own, is a tier of the Gemini 2.5 the report proposes
        family = next((kb_id for label, kb_id in proposed_ids if label == "MODEL" and extension(name, kb_id)[:1] in {" ", "-"}), None)
    suffix = name[len(family):] if family is not None and name.startswith(family) else name
    if family is None or not (is_release_variant(suffix) if span.label_ == "MODEL" else suffix.strip(" -") in SUBSET_WORDS):
        return False
    # "Zorb-7B", a size named after the paper's own Zorb data or method, is its model too
    return any(split_name(kb_id)[0] == family or _sibling_of_new_family(kb_id, family) for _, kb_id in proposed_ids)


def extension(name: str, base: str) -> str:
    """What `name` adds to the name `base` it opens with ("-7B" of "Zorb-7B" after "Zorb"); "" when
    it does not open with it or is it."""
    return name[len(base):] if name.startswith(base) else ""


ADDED_WORD = re.compile(r"[- ][^\W_]")  # "-Coder" of "Zorb-Coder", " Pro" of "Zorb Pro"


def in_proposed_series(name: str, proposed_ids: set[tuple[str, str]]) -> bool:
    """"we introduce the Zorb 2.X model family: Zorb 2.5 Pro and Zorb 2.0 Flash": a release in a
    series of releases the paper proposes is proposed too."""
    for label, kb_id in proposed_ids:
        series = split_name(kb_id, label)[0]
        if label == "MODEL" and series[-2:] in {".x", ".X"} and name != series and extension(name, series[:-1]):
            return True
    return False


DATA_RELEASE = re.compile(r"^[-\s](?:\d+(?:\.\d+)?[KMB]|[vV]\d+(?:\.\d+)?|Large|Small|Mini|Lite|Full|XL)$")


def _release_of_proposed_data(span: Span, proposed_ids: set[tuple[str, str]]) -> bool:
    """"Puffin is trained on Puffin-4M, a dataset of ...", "we expand Emilia to Emilia-Large": a size
    or release of data named after something the paper proposes is the paper's too."""
    name = span.kb_id_
    return any(DATA_RELEASE.match(extension(name, kb_id)) for _, kb_id in proposed_ids)


COORDINATORS = (["and"], ["or"], [","], [",", "and"])


def coordinated_with_proposed(spans: list[Span], proposed_ids: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """"we propose two techniques, namely Clip-Cov and KL-Cov", "we introduce the Zorb-Embedding and
    Zorb-Reranker models": a name of the same type coordinated right after one a proposal verb
    governs is proposed with it, known or not."""
    lowers = tokens(spans[0].doc).lowers if spans else []
    found: set[tuple[str, str]] = set()
    ordered = sorted(spans, key=lambda s: s.start)
    chained = None
    for previous, span in zip(ordered, ordered[1:]):
        proposing = previous is chained or ((previous.label_, previous.kb_id_) in proposed_ids and _follows_proposal_verb(previous))
        chained = None
        if proposing and span.label_ == previous.label_ and lowers[previous.end : span.start] in COORDINATORS:
            found.add((span.label_, span.kb_id_))
            chained = span
    return found


SUBSET_END = re.compile(r"[-\s](?:" + "|".join(sorted(SUBSET_WORDS)) + r")$")


def _sibling_of_new_family(kb_id: str, family: str) -> bool:
    """"ZorbLM-7B and ZorbLM-70B": another size of a family no list knows, one of whose sizes is proposed."""
    return split_name(kb_id, "MODEL")[1] == family and not is_known(family)


def is_family_of_proposed(span: Span, proposed_ids: set[tuple[str, str]]) -> bool:
    """A new name whose sized model the paper proposes ("ProLong" of "our model, ProLong-8B")."""
    return (span.label_ == "MODEL" and span.id_ in DISCOVERY_COMPONENTS and not is_known(span.kb_id_)
            and any(label == "MODEL" and split_name(kb_id, label)[1] == span.kb_id_ for label, kb_id in proposed_ids))


def is_built_on_new_proposal(span: Span, proposed_ids: set[tuple[str, str]]) -> bool:
    """"We propose Zorb ... Zorb-Coder beats ...": a new name made by adding a word to a new name
    the paper proposes, of any type, is the paper's too. Nobody else named a line of a name this
    paper coins (a known family's lines, like Qwen2.5-Math beside Qwen2.5, can be others')."""
    if span.id_ not in DISCOVERY_COMPONENTS or is_known(span.kb_id_):
        return False
    name = span.kb_id_
    return any(ADDED_WORD.match(extension(name, kb_id)) and not is_known(kb_id) for _, kb_id in proposed_ids)


def is_release_variant(suffix: str) -> bool:
    """A size or a release tier ("-72B-Instruct", " Turbo"), not a specialised line ("-Coder", "-Math");
    a size may carry a tag of the authors' own ("-32B-DS")."""
    pieces = [p for p in re.split(r"[-\s_]+", suffix.lower()) if p]
    return bool(pieces) and (all(SIZE_PIECE.fullmatch(p) or p in RELEASE_TIERS for p in pieces)
                             or bool(SIZE_PIECE.fullmatch(pieces[0])))


def _proposed_by_its_words(span: Span) -> bool:
    """The words around this one mention propose it, whether the gazetteer knows the name or not
    ("we introduce X", "X, a new approach", "our final model, X", "resulting in X models")."""
    return (_follows_proposal_verb(span) or _called_new(span) or _the_final_product(span) or _claimed_first(span)
            or _apposed_to_our(span) or _results_from_the_work(span) or _as_we_call_it(span) or _described_as_new(span)
            or _in_what_the_authors_release(span))


RELEASE_VERBS = frozenset({"release", "releases", "releasing", "open-source", "open-sources"})
RELEASE_LIST_REACH = 12
LIST_BREAKERS = frozenset("that which who to on with for in at from by under over across via using into than as".split())


def _in_what_the_authors_release(span: Span) -> bool:
    """"we release our code, models, and the complete Zorb dataset": a collection of data that ends
    the list of plain nouns the authors' release verb governs (no preposition or clause between).
    (Models are left out: "we release Llama 2 checkpoints tuned on our data" are others' models, and
    so is a known collection after a participle: "the annotated SlimPajama dataset" is a version of it.)"""
    if span.label_ not in {"DATASET", "BENCHMARK"} or not _ends_phrase(span) or not _author_sentence(span):
        return False
    verb = governing_proposal_verb(span.doc, span.start, RELEASE_VERBS)
    if verb is None or span.start - verb > RELEASE_LIST_REACH:
        return False
    between = tokens(span.doc).lowers[verb + 1 : span.start]
    if between and between[-1].endswith("ed") and is_known(span.kb_id_):
        return False
    return all(w in {",", "and"} or (w.isalpha() and w.islower() and w not in LIST_BREAKERS) for w in between)


def _proposed_as_new(span: Span) -> bool:
    """Cues that make only a new name the paper's ("our X", "X is designed for ...", "five new
    benchmarks: X, ..."): a known name stands in such places as others' work too."""
    return _after_our(span) or _passively_proposed(span) or _listed_as_new(span)


def _proposed_where_it_stands(span: Span) -> bool:
    """The words around this one mention propose it ("The resulting model Orca-3 beats ...")."""
    return _proposed_by_its_words(span) or _proposed_as_new(span)


PASSIVE_PROPOSALS = frozenset("proposed introduced presented developed designed constructed built created curated".split())


def _passively_proposed(span: Span) -> bool:
    """"A deep compression VAE, Zorb-VAE, is designed for ...": the sentence says the name is made.
    Asked of new names only (both callers check), since a known name "is proposed" by others as often."""
    lowers = tokens(span.doc).lowers
    i = span.end + (span.end < len(lowers) and lowers[span.end] == ",")
    return lowers[i : i + 1] in (["is"], ["are"]) and lowers[i + 1 : i + 2] != [] and lowers[i + 1] in PASSIVE_PROPOSALS


def found_in_background(spans: list[Span], title_end_token: int) -> set[tuple[str, str]]:
    """New names first met in the abstract in a sentence that neither speaks as the authors nor
    proposes ("... datasets, such as those from the U.S. National Bureau of Labor Statistics
    (NBLS)"): the paper found them, it did not make them."""
    first: dict[tuple[str, str], Span] = {}
    for span in sorted(spans, key=lambda s: s.start):
        first.setdefault((span.label_, span.kb_id_), span)
    return {key for key, span in first.items()
            if span.start >= title_end_token and span.id_ in DISCOVERY_COMPONENTS and not is_known(span.kb_id_)
            and not _author_sentence(span) and not _proposal_verbs_in_sentence(span)
            and not _proposed_where_it_stands(span) and not _own_part(span)}


def described_as_methods(spans: list[Span], proposed_ids: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Known models the paper proposes and describes as a framework ("we present Zorb, an image
    customization framework", "a new framework, Zorb"): its own system, typed as it describes it.
    (Its other descriptions, "a system", "an agent", "a model", say MODEL as often as not.)"""
    return {(s.label_, s.kb_id_) for s in spans if s.label_ == "MODEL" and (s.label_, s.kb_id_) in proposed_ids
            and is_known(s.kb_id_) and type_from_context(s, use_shape=False) == "METHOD" and called_a_framework(s)}


@Language.component("kg_roles")
def assign_roles(doc: Doc) -> Doc:
    spans = list(doc.spans.get(SPANS_KEY, []))
    end = title_end(doc)
    proposed_ids = {(s.label_, s.kb_id_) for s in spans if is_proposed(s, end)} - found_in_background(spans, end)
    proposed_ids |= coordinated_with_proposed(spans, proposed_ids)
    proposed_ids |= {(s.label_, s.kb_id_) for s in spans if is_variant_of_proposed(s, proposed_ids)}
    proposed_ids |= {(s.label_, s.kb_id_) for s in spans if is_family_of_proposed(s, proposed_ids)}
    proposed_ids |= {(s.label_, s.kb_id_) for s in spans if is_built_on_new_proposal(s, proposed_ids)}
    described = described_as_methods(spans, proposed_ids)
    if described:
        spans = [Span(doc, s.start, s.end, label="METHOD", kb_id=s.kb_id_, span_id=s.id_) if (s.label_, s.kb_id_) in described else s
                 for s in spans]
        doc.spans[SPANS_KEY] = spans
        proposed_ids = {("METHOD", kb_id) if (label, kb_id) in described else (label, kb_id) for label, kb_id in proposed_ids}
    doc.spans["kg_proposed"] = [s for s in spans if (s.label_, s.kb_id_) in proposed_ids]
    view = tokens(doc)
    doc.spans["kg_evaluated"] = [
        s for s in spans if s.label_ in {"DATASET", "BENCHMARK"} and sentence_has_evaluation_cue(sentence_text(s))
        and not trained_on_here(view, s.start)  # "we train X on UltraFeedback and evaluate on ..."
    ]
    return doc
