"""The shipped gazetteer: well-formed, big enough, and unambiguous for the resolver."""
from __future__ import annotations

import collections
import re

from kg.extract.gazetteer import load_gazetteer, spelling_variants
from kg.names import name_key
from kg.records import ENTITY_TYPES


def test_gazetteer_has_at_least_1500_typed_records():
    entries = load_gazetteer()
    assert len(entries) >= 1500
    counts = collections.Counter(e.type for e in entries)
    assert set(counts) <= set(ENTITY_TYPES) - {"REPOSITORY"}
    assert all(counts[t] >= 100 for t in ("MODEL", "DATASET", "BENCHMARK", "METHOD", "METRIC")), counts


def test_canonical_names_are_unique_after_normalisation():
    keys = collections.Counter(name_key(e.name) for e in load_gazetteer())
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_family_names_an_existing_record():
    names = {e.name for e in load_gazetteer()}
    assert [e.name for e in load_gazetteer() if e.family and e.family not in names] == []


def test_no_surface_belongs_to_two_records():
    owner: dict[str, str] = {}
    clashes = []
    for entry in load_gazetteer():
        for surface in entry.surfaces:
            key = surface.lower() if entry.ignore_case else surface
            if owner.setdefault(key, entry.name) != entry.name:
                clashes.append((surface, owner[key], entry.name))
    assert clashes == []


def test_spelling_variants_join_name_and_version():
    assert spelling_variants("Llama 2") == {"Llama 2", "Llama-2", "Llama2"}
    assert spelling_variants("BERT") == {"BERT"}


LATER_RELEASE = re.compile(r"[-\s]?(?:[vV]?[2-9](?:\.\d+)?|\+\+?|Pro|Plus|R)")
# names the field gives the record itself: LeNet is LeNet-5, mDeBERTa exists only as v3, "ScanNet"
# means ScanNet v2, Europarl v7 is the Europarl everyone uses, chrF2 is chrF with its usual beta
SAME_THING = {"LeNet-5", "LeNet5", "mDeBERTa-v3", "mDeBERTaV3", "ScanNet v2", "ScanNetV2", "ScanNetv2", "Europarl v7",
              "Europarl-v7", "chrF2"}


def test_a_later_release_is_a_record_of_its_own_not_an_alias():
    """LLaMA-2 is not LLaMA: an alias that adds a later release mark (v2, 3.0, ++, Pro) to the
    record's name makes two entities one."""
    merged = [(e.name, a) for e in load_gazetteer() for a in e.aliases if a not in SAME_THING and not e.name[-1].isdigit()
              and a.lower().startswith(e.name.lower()) and LATER_RELEASE.fullmatch(a[len(e.name):])]
    assert merged == []
