"""Readers: Daily Papers dumps, JSONL and the arXiv snapshot, and what they say about bad input."""
from __future__ import annotations

import json
from pathlib import Path

from kg.diagnostics import Diagnostics
from kg.latex_markup import plain_text
from kg.sources import arxiv_id, listing_date, read_records

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 14\n\n"
ABSTRACT = "We propose a method that does something useful for language models and evaluate it carefully on many tasks. " * 2


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(paths, quiet=True):
    diagnostics = Diagnostics(quiet=quiet)
    return list(read_records(paths, diagnostics)), diagnostics


def test_daily_papers_dump_gives_titles_abstracts_and_listing_date(tmp_path):
    path = write(tmp_path, "day.txt", HEADER + f"First Paper Title\n\n{ABSTRACT}\n\nSecond: A Title\n\n{ABSTRACT}\n")
    records, diagnostics = read([path])
    assert [r.title for r in records] == ["First Paper Title", "Second: A Title"]
    assert records[0].abstract == ABSTRACT.strip()
    assert records[0].listing.date == "--03-14"
    assert records[0].listing.line == 11 and records[1].listing.line == 15
    assert not diagnostics.problems


def test_bundled_examples_hold_317_records():
    records, diagnostics = read([Path(__file__).parent.parent / "examples" / "daily_papers"])
    assert len(records) == 317
    assert len({r.title for r in records}) == 281
    assert not diagnostics.problems


def test_missing_abstract_and_odd_paragraphs_are_reported_with_lines(tmp_path):
    text = HEADER + f"Lonely Title Without Abstract\n\nGood Title\n\n{ABSTRACT}\n\nTrailing Title\n"
    records, diagnostics = read([write(tmp_path, "day.txt", text)])
    assert [r.title for r in records] == ["Good Title"]
    messages = [str(p) for p in diagnostics.problems]
    assert any("day.txt:11" in m and "without abstract" in m for m in messages), messages
    assert any("day.txt:17" in m and "odd number" in m for m in messages), messages


def test_jsonl_records_bad_lines_and_arxiv_fields(tmp_path):
    lines = [
        json.dumps({"id": "2310.08511v2", "title": "A  wrapped\n title", "abstract": "Line one\n  line two $x^2$.", "authors": "A. Author, B. Author and C. Author", "update_date": "2023-10-12"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"title": "No abstract"}),
        "",
        json.dumps({"title": "Plain", "abstract": "Text.", "arxiv_id": "arXiv:2401.00001"}),
    ]
    records, diagnostics = read([write(tmp_path, "papers.jsonl", "\n".join(lines))])
    assert [r.title for r in records] == ["A wrapped title", "Plain"]
    first = records[0]
    assert first.abstract == "Line one line two x^2."  # a short formula is read as its text
    assert first.arxiv_id == "2310.08511" and first.date == "2023-10-12"
    assert first.authors == ("A. Author", "B. Author", "C. Author")
    assert records[1].arxiv_id == "2401.00001"
    where = sorted(p.line for p in diagnostics.problems)
    assert where == [2, 3, 4]


def test_non_utf8_file_falls_back_and_says_so(tmp_path):
    text = HEADER + f"Caf\xe9 Models\n\n{ABSTRACT}\n"
    records, diagnostics = read([write(tmp_path, "latin.txt", text.encode("cp1252"))])
    assert records[0].title == "Café Models"
    assert any("cp1252" in str(p) for p in diagnostics.problems)


def test_binary_empty_missing_and_unusable_inputs_are_errors(tmp_path):
    binary = write(tmp_path, "blob.txt", b"\x00\x01\x02garbage")
    empty = write(tmp_path, "empty.jsonl", "")
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "notes.md").write_text("hello")
    records, diagnostics = read([binary, empty, tmp_path / "missing.jsonl", folder])
    assert records == []
    messages = "\n".join(str(p) for p in diagnostics.errors)
    assert "blob.txt: error: binary file" in messages
    assert "empty.jsonl: error: empty file" in messages
    assert "missing.jsonl: error: no such file" in messages
    assert "nothing: error: directory has no usable input" in messages


def test_giant_abstract_is_capped_with_a_warning(tmp_path):
    huge = "word " * 10_000
    records, diagnostics = read([write(tmp_path, "big.jsonl", json.dumps({"title": "T", "abstract": huge}))])
    assert 19_990 <= len(records[0].abstract) <= 20_000 and not records[0].abstract.endswith(" ")
    assert any("cut to" in str(p) for p in diagnostics.problems)


def test_identifier_and_date_parsing():
    assert arxiv_id("https://arxiv.org/pdf/2401.12345v3.pdf") == "2401.12345"
    assert arxiv_id("cs/0501001v2") == "cs/0501001"
    assert arxiv_id("not an id") is None
    assert listing_date("Jun 5") == "--06-05"
    assert listing_date("Jun 5, 2024") == "2024-06-05"
    assert listing_date("Junk 5") is None


def test_latex_markup_is_read_as_the_plain_text_it_stands_for(tmp_path):
    abstract = (r"We propose \textbf{Zorbix}, 3$\times$ faster than T\"ulu 3 and $\pi_0$, with 50% gains at $12 USD a run. "
                r"Code: $\href{https://github.com/a/zorb_x}{code}$ and \url{https://zorb.github.io}; page dumps write $textbf{Quux}.")
    records, _ = read([write(tmp_path, "papers.jsonl", json.dumps({"title": r"\emph{Zorbix}: Fast", "abstract": abstract}))])
    assert records[0].title == "Zorbix: Fast"
    assert records[0].abstract == ("We propose Zorbix, 3× faster than Tülu 3 and π0, with 50% gains at $12 USD a run. "
                                   "Code: code (https://github.com/a/zorb_x) and https://zorb.github.io; page dumps write $Quux.")


def test_a_paper_left_blank_by_its_markup_is_skipped_with_its_line(tmp_path):
    lines = [json.dumps({"title": r"\textbf{ }", "abstract": "We train Zorbix."}),
             json.dumps({"title": r"Zorbix \emph{ Fast }", "abstract": "We train Zorbix."})]
    records, diagnostics = read([write(tmp_path, "papers.jsonl", "\n".join(lines))])
    assert [r.title for r in records] == ["Zorbix Fast"]
    assert any(p.line == 1 and "without title" in str(p) for p in diagnostics.problems)
    page = "Daily Papers\n\nMar 14\n\n\\emph{}\n\nWe train Zorbix on ten tasks.\n\nQuux\n\nWe train Quux on ten tasks.\n"
    records, diagnostics = read([write(tmp_path, "page.txt", page)])
    assert [r.title for r in records] == ["Quux"]
    assert any(p.line == 5 and "blank title" in str(p) for p in diagnostics.problems)


def test_plain_text_leaves_prose_and_unknown_formulas_alone():
    assert plain_text("plain text {in braces}, 50% of $5 and $7") == "plain text {in braces}, 50% of $5 and $7"
    assert plain_text(r"$\mathcal{O}(n)$ and $\frac{a}{b}$") == r"O(n) and $\frac{a}{b}$"
