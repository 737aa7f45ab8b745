"""Validate gazetteer JSONL files: schema, sorting, unique names and aliases per file."""
import json
import sys
from pathlib import Path

TYPES = {"MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC"}
KEYS = {"name", "type", "aliases", "family", "wikidata", "hf", "ignore_case"}


def check(path: Path) -> list[str]:
    errors, names, seen = [], [], {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: bad JSON: {exc}")
            continue
        if set(rec) != KEYS:
            errors.append(f"{where}: keys {sorted(rec)} != {sorted(KEYS)}")
            continue
        if rec["type"] not in TYPES:
            errors.append(f"{where}: bad type {rec['type']}")
        if not isinstance(rec["aliases"], list):
            errors.append(f"{where}: aliases must be a list")
        names.append(rec["name"])
        for surface in [rec["name"], *rec["aliases"]]:
            key = surface.lower() if rec["ignore_case"] else surface
            if key in seen:
                errors.append(f"{where}: '{surface}' already used by '{seen[key]}'")
            seen[key] = rec["name"]
    if names != sorted(names, key=str.lower):
        errors.append(f"{path.name}: not sorted by name (case-insensitive)")
    return errors


if __name__ == "__main__":
    total = 0
    problems = []
    for p in sys.argv[1:]:
        path = Path(p)
        problems += check(path)
        total += sum(1 for _ in path.open(encoding="utf-8"))
    print("\n".join(problems[:200]) or "ok", f"({total} records)")
    sys.exit(1 if problems else 0)
