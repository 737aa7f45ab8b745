"""kg's own store of papers and mentions: the extra keys of entities.jsonl / `kg extract` lines.

Each line carries, beside the public `id`, `title` and `entities`, the paper's full record
(`paper`: abstract, ids, listings) and every mention with its evidence (`mentions`). That
is enough to rebuild the graph without extracting again, which gives

- `kg build --update NEW_INPUT`: stored papers are reused, only new ones are extracted;
- `kg build --from-entities SHARD.jsonl ...`: shards extracted separately merge into one graph.

Extraction is a pure function of (title, abstract), so stored mentions are reused by that key.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.diagnostics import Diagnostics
from kg.records import Listing, Mention, Paper, PaperExtraction, SourceRecord
from kg.sources import read_text

MENTION_FIELDS = tuple(Mention.__dataclass_fields__)
LISTING_FIELDS = tuple(Listing.__dataclass_fields__)


def _scalar_fields(record, names: tuple[str, ...]) -> dict:
    """A dataclass of scalar fields as a dict: what dataclasses.asdict gives, without its
    recursive deep copy (which took most of the time of writing entities.jsonl)."""
    return {name: getattr(record, name) for name in names}


def text_key(paper: Paper) -> tuple[str, str]:
    return paper.title, paper.abstract


def paper_payload(paper: Paper) -> dict:
    return {
        "abstract": paper.abstract,
        "arxiv_id": paper.arxiv_id,
        "date": paper.date,
        "authors": list(paper.authors),
        "url": paper.url,
        "listings": [_scalar_fields(listing, LISTING_FIELDS) for listing in paper.listings],
    }


def mention_payload(mention: Mention) -> dict:
    return _scalar_fields(mention, MENTION_FIELDS)


def _paper_from_line(line: dict) -> Paper:
    payload = line["paper"]
    return Paper(
        id=line["id"],
        title=line["title"],
        abstract=payload["abstract"],
        listings=[Listing(**listing) for listing in payload["listings"]],
        arxiv_id=payload.get("arxiv_id"),
        date=payload.get("date"),
        authors=tuple(payload.get("authors") or ()),
        url=payload.get("url"),
    )


def read_store(path: Path, diagnostics: Diagnostics) -> Iterator[PaperExtraction]:
    """Extractions stored in an entities.jsonl / `kg extract` output; bad lines are reported and skipped."""
    text = read_text(path, diagnostics)
    if text is None:
        return
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            paper = _paper_from_line(line)
            mentions = [Mention(**{k: m[k] for k in MENTION_FIELDS if k in m}) for m in line["mentions"]]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            diagnostics.warn(str(path), number, f"not a kg extraction line ({type(exc).__name__}: {exc}); written by an older kg or edited? skipped")
            continue
        yield PaperExtraction(paper, mentions)


def records_of(paper: Paper) -> Iterator[SourceRecord]:
    """The paper as the source records it was built from: one per listing, in listing order."""
    for listing in paper.listings:
        yield SourceRecord(
            title=paper.title,
            abstract=paper.abstract,
            listing=listing,
            arxiv_id=paper.arxiv_id,
            date=paper.date,
            authors=paper.authors,
            url=paper.url,
        )
