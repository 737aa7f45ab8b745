"""Deduplicating records into papers with stable ids and every listing kept as provenance.

Identity: the arXiv id where known, else the normalised title. A record without an id joins
the paper with the same title that has one. The paper id is the arXiv id, else a slug of
the title (with a short hash when two different titles give the same slug). The same title
with two different abstracts is reported as a conflict; the first abstract is kept.
"""
from __future__ import annotations

from collections.abc import Iterable

from kg.diagnostics import Diagnostics
from kg.names import name_key, short_hash, slugify
from kg.records import Paper, SourceRecord


def title_key(title: str) -> str:
    return name_key(title)


def _merge(paper: Paper, record: SourceRecord, diagnostics: Diagnostics) -> None:
    if record.listing in paper.listings:
        return  # the same listing read again (an update over the same input): nothing new
    if record.abstract != paper.abstract:
        first = paper.listings[0]
        diagnostics.warn(
            record.listing.file,
            record.listing.line,
            f"conflict: {paper.title[:60]!r} has a different abstract than at {first.file}:{first.line}; kept the first",
        )
    paper.listings.append(record.listing)
    paper.arxiv_id = paper.arxiv_id or record.arxiv_id
    paper.date = paper.date or record.date
    paper.authors = paper.authors or record.authors
    paper.url = paper.url or record.url


def deduplicate(records: Iterable[SourceRecord], diagnostics: Diagnostics) -> list[Paper]:
    """Papers sorted by id; listings of each in input order."""
    by_key: dict[str, Paper] = {}
    key_of_title: dict[str, str] = {}
    for record in records:
        tkey = title_key(record.title)
        if record.arxiv_id:
            key = f"arxiv:{record.arxiv_id}"
            if key not in by_key and tkey in key_of_title and key_of_title[tkey].startswith("title:"):
                # an earlier record of this title had no id: it becomes this arXiv paper
                by_key[key] = by_key.pop(key_of_title[tkey])
                by_key[key].arxiv_id = record.arxiv_id
                key_of_title[tkey] = key
                _merge(by_key[key], record, diagnostics)
                continue
            key_of_title.setdefault(tkey, key)
        else:
            key = key_of_title.setdefault(tkey, f"title:{tkey}")
        if key in by_key:
            _merge(by_key[key], record, diagnostics)
        else:
            by_key[key] = Paper(
                id="",
                title=record.title,
                abstract=record.abstract,
                listings=[record.listing],
                arxiv_id=record.arxiv_id,
                date=record.date,
                authors=record.authors,
                url=record.url,
            )
    papers = list(by_key.values())
    assign_ids(papers)
    return sorted(papers, key=lambda p: p.id)


def assign_ids(papers: list[Paper]) -> None:
    """arXiv id, else title slug; slugs shared by different titles all get a hash of their title."""
    slugs: dict[str, set[str]] = {}
    for paper in papers:
        if not paper.arxiv_id:
            slugs.setdefault(slugify(paper.title) or "untitled", set()).add(title_key(paper.title))
    for paper in papers:
        if paper.arxiv_id:
            paper.id = paper.arxiv_id
            continue
        slug = slugify(paper.title) or "untitled"
        paper.id = f"{slug}-{short_hash(title_key(paper.title), 6)}" if len(slugs[slug]) > 1 or slug == "untitled" else slug
