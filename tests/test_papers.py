"""Deduplication: one paper per arXiv id or title, every listing kept, conflicts reported."""
from __future__ import annotations

from kg.diagnostics import Diagnostics
from kg.papers import deduplicate
from kg.records import Listing, SourceRecord


def record(title, abstract="Abstract.", file="a.txt", line=1, arxiv=None, date=None):
    return SourceRecord(title=title, abstract=abstract, listing=Listing(file, line, date), arxiv_id=arxiv)


def test_same_title_in_two_files_is_one_paper_with_both_listings():
    diagnostics = Diagnostics(quiet=True)
    papers = deduplicate([record("Great Paper", file="a.txt", date="--03-14"), record("great  paper", file="b.txt", line=7, date="--06-05")], diagnostics)
    assert len(papers) == 1
    assert [(l.file, l.line, l.date) for l in papers[0].listings] == [("a.txt", 1, "--03-14"), ("b.txt", 7, "--06-05")]
    assert papers[0].id == "great-paper"
    assert not diagnostics.problems


def test_arxiv_id_wins_and_absorbs_the_title_only_listing():
    papers = deduplicate([record("Great Paper"), record("Great Paper", file="x.jsonl", arxiv="2401.00001")], Diagnostics(quiet=True))
    assert len(papers) == 1 and papers[0].id == "2401.00001" and len(papers[0].listings) == 2


def test_different_abstract_under_one_title_is_a_reported_conflict():
    diagnostics = Diagnostics(quiet=True)
    papers = deduplicate([record("Same Title", "First."), record("Same Title", "Second.", file="b.txt", line=3)], diagnostics)
    assert papers[0].abstract == "First."
    assert len(diagnostics.problems) == 1
    assert "b.txt:3" in str(diagnostics.problems[0]) and "conflict" in str(diagnostics.problems[0])


def test_slug_collisions_get_distinct_stable_ids():
    titles = ["C++ Models", "C Models"]
    ids_one = [p.id for p in deduplicate([record(t, line=i) for i, t in enumerate(titles)], Diagnostics(quiet=True))]
    ids_two = [p.id for p in deduplicate([record(t, line=i) for i, t in enumerate(reversed(titles))], Diagnostics(quiet=True))]
    assert len(set(ids_one)) == 2
    assert sorted(ids_one) == sorted(ids_two)
    assert all(i.startswith("c-models-") for i in ids_one)


def test_reading_the_same_listing_twice_adds_nothing():
    same = record("Paper", file="a.txt", line=5)
    papers = deduplicate([same, same], Diagnostics(quiet=True))
    assert len(papers[0].listings) == 1
