"""Reading paper listings: Hugging Face Daily Papers text dumps and JSONL (the arXiv snapshot too).

Readers yield SourceRecords with whitespace-normalised titles and abstracts, their LaTeX markup
read as plain text (kg.latex_markup: "\\textbf{X}" is "X"), and the file, line and listing date
each came from. Bad input never raises: it is reported to the
Diagnostics with its file and line, skipped where it cannot be repaired, and reading goes on.
"""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.diagnostics import Diagnostics
from kg.latex_markup import plain_text
from kg.names import normalise_whitespace
from kg.records import Listing, SourceRecord

DAILY_PAPERS_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz"}
HEADER_LINES = {"new", "get trending papers in your email inbox!", "subscribe", "daily papers",
                "byak and the research community", "trending papers"}
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
MONTHS = {**{m[:3]: i for i, m in enumerate(MONTH_NAMES, 1)}, **{m: i for i, m in enumerate(MONTH_NAMES, 1)}, "sept": 9}
LISTING_DATE = re.compile(r"^(?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?$")
ARXIV_NEW = re.compile(r"^(?:arXiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.I)
ARXIV_OLD = re.compile(r"^(?:arXiv:)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I)
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?(?:[?#]|$)", re.I)
MAX_ABSTRACT_CHARS = 20_000
MAX_TITLE_CHARS = 1_000


def arxiv_id(value: str | None) -> str | None:
    """The versionless arXiv identifier in an id or URL, or None.

    >>> arxiv_id("arXiv:2310.08511v2"), arxiv_id("hep-th/9901001"), arxiv_id("https://arxiv.org/abs/2401.00001")
    ('2310.08511', 'hep-th/9901001', '2401.00001')
    """
    if not value:
        return None
    value = str(value).strip()
    for pattern in (ARXIV_NEW, ARXIV_OLD):
        match = pattern.match(value)
        if match:
            return match.group(1)
    match = ARXIV_URL.search(value)
    return arxiv_id(match.group(1)) if match else None


def listing_date(text: str) -> str | None:
    """"Mar 14" -> "--03-14" (no year in the listing), "Mar 14, 2024" -> "2024-03-14"."""
    match = LISTING_DATE.match(text.strip())
    if not match or match.group("month").lower() not in MONTHS:
        return None
    month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    year = match.group("year")
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """File contents as text: UTF-8 (BOM allowed), else a reported cp1252/latin-1 fallback; None for binary."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diagnostics.error(str(path), None, f"cannot read file: {exc.strerror or exc}")
        return None
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            diagnostics.error(str(path), None, f"not a readable gzip file: {exc}")
            return None
    if b"\x00" in raw[:8192]:
        diagnostics.error(str(path), None, "binary file (contains NUL bytes), skipped")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        for encoding in ("cp1252", "latin-1"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            diagnostics.warn(str(path), line, f"not valid UTF-8; decoded as {encoding}")
            return text
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each blank-line separated paragraph."""
    start, lines = None, []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if start is None:
                start = number
            lines.append(line)
        elif start is not None:
            yield start, "\n".join(lines)
            start, lines = None, []
    if start is not None:
        yield start, "\n".join(lines)


def _looks_like_abstract(text: str) -> bool:
    return len(text) >= 200 or (len(text) >= 80 and text.rstrip().endswith("."))


def _readable(raw: str) -> str:
    """Title or abstract text as kg reads it: LaTeX markup read, whitespace collapsed (markup such as
    "\\textbf{ }" can leave blanks behind, so the collapsing comes last)."""
    return normalise_whitespace(plain_text(raw))


def _capped(value: str, limit: int, what: str, where: tuple[str, int], diagnostics: Diagnostics) -> str:
    if len(value) <= limit:
        return value
    diagnostics.warn(where[0], where[1], f"{what} of {len(value):,} characters cut to {limit:,}")
    return value[:limit].rstrip()


def read_daily_papers(path: Path, diagnostics: Diagnostics, text: str | None = None) -> Iterator[SourceRecord]:
    """Papers of a Daily Papers page dump: header lines, a date line, then title/abstract paragraphs."""
    name = str(path)
    text = read_text(path, diagnostics) if text is None else text
    if text is None:
        return
    paragraphs = list(_paragraphs(text))
    if not paragraphs:
        diagnostics.error(name, None, "empty file")
        return
    date = None
    index = 0
    while index < len(paragraphs) and index < 12:
        line, para = paragraphs[index]
        if para.strip().lower() in HEADER_LINES:
            index += 1
            continue
        found = listing_date(para)
        if found:
            date = found
            index += 1
        break
    if date is None:
        diagnostics.warn(name, None, "no listing date line (like 'Mar 14') after the header; papers get no listing date")
    body = paragraphs[index:]
    i = 0
    while i < len(body):
        title_line, title = body[i]
        title = _readable(title)
        if i + 1 >= len(body):
            diagnostics.warn(name, title_line, f"title without abstract at end of file (odd number of paragraphs), skipped: {title[:80]!r}")
            break
        abstract_line, abstract = body[i + 1]
        if _looks_like_abstract(title) or not _looks_like_abstract(abstract) and i + 2 < len(body) and _looks_like_abstract(body[i + 2][1]) and not _looks_like_abstract(body[i + 1][1]):
            diagnostics.warn(name, title_line, f"paper without abstract, skipped: {title[:80]!r}")
            i += 1
            continue
        abstract = _readable(abstract)
        if not title or not abstract:
            diagnostics.warn(name, title_line, f"paper with {'a blank title' if not title else 'a blank abstract'} once its LaTeX markup is read, skipped")
            i += 2
            continue
        yield SourceRecord(
            title=_capped(title, MAX_TITLE_CHARS, "title", (name, title_line), diagnostics),
            abstract=_capped(abstract, MAX_ABSTRACT_CHARS, "abstract", (name, abstract_line), diagnostics),
            listing=Listing(file=name, line=title_line, date=date),
        )
        i += 2


def _authors(value) -> tuple[str, ...]:
    if isinstance(value, list):
        names = (normalise_whitespace(str(a if not isinstance(a, list) else " ".join(reversed([str(x) for x in a if x])))) for a in value if a)
    elif isinstance(value, str):
        names = (p.strip() for p in re.split(r",\s*|\s+and\s+", normalise_whitespace(value)))
    else:
        return ()
    return tuple(name for name in names if name)


def _iso_date(value) -> str | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value.strip())
    return "-".join(match.groups()) if match else None


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return bool(LONE_SURROGATE.search(value))
    if isinstance(value, dict):
        return any(_has_lone_surrogate(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def _replace_surrogates(value):
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: _replace_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    return value


def read_jsonl(path: Path, diagnostics: Diagnostics, text: str | None = None) -> Iterator[SourceRecord]:
    """One paper per line: title and abstract required; id, date/update_date, authors, url, arxiv_id optional."""
    name = str(path)
    text = read_text(path, diagnostics) if text is None else text
    if text is None:
        return
    if not text.strip():
        diagnostics.error(name, None, "empty file")
        return
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 is valid inside a JSON line
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            diagnostics.warn(name, number, f"not valid JSON ({exc.msg}, column {exc.colno}), skipped")
            continue
        if not isinstance(record, dict):
            diagnostics.warn(name, number, f"a JSON {type(record).__name__}, not an object, skipped")
            continue
        if _has_lone_surrogate(record):
            diagnostics.warn(name, number, "lone UTF-16 surrogate escape (invalid Unicode) replaced with U+FFFD")
            record = _replace_surrogates(record)
        fields = {key: _readable(record[key]) if isinstance(record.get(key), str) else "" for key in ("title", "abstract")}
        missing = [key for key in ("title", "abstract") if not fields[key]]
        if missing:
            diagnostics.warn(name, number, f"record without {' and '.join(missing)}, skipped")
            continue
        identifier = arxiv_id(record.get("arxiv_id")) or arxiv_id(record.get("id")) or arxiv_id(record.get("url"))
        date = _iso_date(record.get("date")) or _iso_date(record.get("published")) or _iso_date(record.get("update_date"))
        url = record.get("url") if isinstance(record.get("url"), str) else None
        yield SourceRecord(
            title=_capped(fields["title"], MAX_TITLE_CHARS, "title", (name, number), diagnostics),
            abstract=_capped(fields["abstract"], MAX_ABSTRACT_CHARS, "abstract", (name, number), diagnostics),
            listing=Listing(file=name, line=number, date=date),
            arxiv_id=identifier,
            date=date,
            authors=_authors(record.get("authors_parsed") or record.get("authors")),
            url=url,
            source_id=str(record["id"]) if record.get("id") is not None else None,
        )


def input_format(path: Path) -> str | None:
    name = path.name.lower()
    if any(name.endswith(suffix) for suffix in JSONL_SUFFIXES):
        return "jsonl"
    if path.suffix.lower() in DAILY_PAPERS_SUFFIXES:
        return "daily"
    return None


def input_files(paths: Iterable[Path], diagnostics: Diagnostics) -> list[Path]:
    """Expand inputs to readable files: directories give their supported files, sorted by name."""
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and input_format(p) and not p.name.startswith("."))
            if not found:
                diagnostics.error(str(path), None, "directory has no usable input (*.txt Daily Papers dumps or *.jsonl)")
            files.extend(found)
        elif path.is_file():
            if input_format(path) is None:
                diagnostics.error(str(path), None, "unsupported file type (expected .txt Daily Papers dump or .jsonl/.json)")
            else:
                files.append(path)
        else:
            diagnostics.error(str(path), None, "no such file or directory")
    return files


def read_records(paths: Iterable[Path], diagnostics: Diagnostics) -> Iterator[SourceRecord]:
    """Every paper record of every input, in file order then line order."""
    for path in input_files(paths, diagnostics):
        reader = read_jsonl if input_format(path) == "jsonl" else read_daily_papers
        count = 0
        for record in reader(path, diagnostics):
            count += 1
            yield record
        if count == 0 and not any(p.file == str(path) and p.severity == "error" for p in diagnostics.problems):
            diagnostics.error(str(path), None, "no paper records found")
