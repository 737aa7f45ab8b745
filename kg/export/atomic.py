"""Writing outputs so that an interrupted build never leaves a broken or half-written export.

A build writes everything into a staging folder beside the outputs, then moves each file
into place with os.replace (atomic on one filesystem). Killed before that, the previous
exports stay as they were; the stale staging folder is removed by the next build.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

STAGING_PREFIX = ".kg-staging-"


def safe_path(root: Path, relative: str) -> Path:
    """root/relative, refusing anything that would land outside root ("../x", absolute paths)."""
    root = root.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise ValueError(f"output path {relative!r} escapes the output folder {root}")
    return target


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = "\n") -> Iterator:
    """Open a temporary file beside `path`; on success it replaces `path`, on error it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; exports are for others to read too
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_open(path) as handle:
        handle.write(text)


def clean_stale_staging(out_dir: Path) -> None:
    if out_dir.is_dir():
        for stale in out_dir.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A folder to write a whole build into; on success its files replace those in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        yield staging
        publish(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path) -> None:
    """Move every file of staging to the same relative place in out_dir, each with one os.replace."""
    moves = [(source, safe_path(out_dir, str(source.relative_to(staging))))
             for source in sorted(p for p in staging.rglob("*") if p.is_file())]  # all checked before any move
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
