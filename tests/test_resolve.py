"""Entity resolution: one node per entity, whatever the spelling; variants linked to their family."""
from __future__ import annotations

import collections

from kg.graph import build_graph, variant_edges
from kg.names import name_key
from kg.records import Listing, Mention, Paper, PaperExtraction
from kg.resolve import resolve


def paper(pid):
    return Paper(id=pid, title=f"Title {pid}", abstract="Abstract.", listings=[Listing("f.txt", 1)])


def mention(text, name=None, type_="MODEL", component="kg_gazetteer", role="used", family=None, known=True):
    return Mention(type=type_, text=text, name=name or text, field="abstract", start=0, end=len(text),
                   sentence=f"We use {text}.", component=component, confidence=0.9, role=role, known=known, family=family)


def resolved(*papers_mentions):
    extractions = [PaperExtraction(paper(f"p{i}"), list(ms)) for i, ms in enumerate(papers_mentions)]
    entities, links = resolve(extractions)
    return {e.name: e for e in entities}, links


def test_spellings_of_one_model_are_one_node_and_versions_are_not():
    entities, links = resolved(
        [mention("LLaMa", "LLaMA"), mention("LLaMA-2", "Llama 2")],
        [mention("Llama", "LLaMA", component="kg_shapes", known=False)],
    )
    assert "LLaMA" in entities and "Llama 2" in entities
    assert {"LLaMa", "Llama"} <= set(entities["LLaMA"].aliases)
    assert entities["Llama 2"].family == entities["LLaMA"].id
    assert len(links) == 3


def test_abbreviation_and_long_form_from_different_papers_merge():
    entities, _ = resolved(
        [mention("SAMI", type_="METHOD", component="kg_abbreviations", known=False),
         mention("Self-Supervised Alignment with Mutual Information", "SAMI", type_="METHOD", component="kg_abbreviations", known=False)],
        [mention("Self-Supervised Alignment with Mutual Information", type_="METHOD", component="kg_title", known=False)],
    )
    assert list(entities) == ["SAMI"]
    assert entities["SAMI"].aliases == ("Self-Supervised Alignment with Mutual Information",)


def test_an_acronym_a_paper_spells_out_its_own_way_stays_apart_from_the_known_one():
    entities, links = resolved(
        [mention("STE", "straight-through estimator", type_="METHOD")],
        [mention("stochastic token erasure", "STE", type_="METHOD", component="kg_abbreviations", known=False),
         mention("STE", type_="METHOD", component="kg_abbreviations", known=False)],
    )
    assert set(entities) == {"straight-through estimator", "STE"}
    assert entities["STE"].aliases == ("stochastic token erasure",)
    assert {(link.paper, link.entity) for link in links} == {
        ("p0", entities["straight-through estimator"].id), ("p1", entities["STE"].id)}


def test_variant_gets_its_own_node_linked_to_family():
    entities, links = resolved([mention("Llama-2-7b", "Llama 2 7B", family="Llama 2")])
    assert entities["Llama 2 7B"].family == entities["Llama 2"].id
    graph = build_graph([paper("p0")], entities.values(), links)
    assert variant_edges(graph) == sorted([(entities["Llama 2 7B"].id, entities["Llama 2"].id)] + (
        [(entities["Llama 2"].id, entities["LLaMA"].id)] if "LLaMA" in entities else []))


def test_discovered_type_is_the_majority_vote_and_proposal_wins_role():
    entities, links = resolved(
        [mention("ZorbNet", type_="MODEL", component="kg_shapes", known=False, role="proposed")],
        [mention("ZorbNet", type_="MODEL", component="kg_shapes", known=False)],
        [mention("ZorbNet", type_="METHOD", component="kg_shapes", known=False)],
    )
    assert entities["ZorbNet"].type == "MODEL"
    assert [l.relation for l in links] == ["proposes", "uses", "uses"]


def test_relations_follow_type_and_role():
    entities, links = resolved([
        mention("GSM8K", type_="BENCHMARK"),
        mention("https://github.com/a/b", type_="REPOSITORY", component="kg_urls", role="proposed"),
    ])
    assert sorted(l.relation for l in links) == ["evaluatedOn", "hasCode"]
    assert entities["https://github.com/a/b"].id == "repository/github-com-a-b"


def test_example_build_has_no_two_entities_with_one_normalised_name(example_graph):
    from kg.graph import entities

    keys = collections.Counter(name_key(e.name) if e.type != "REPOSITORY" else e.name.lower() for e in entities(example_graph))
    assert [k for k, n in keys.items() if n > 1] == []
    ids = [e.id for e in entities(example_graph)]
    assert len(ids) == len(set(ids))


def test_a_listed_size_is_no_alias_and_joins_no_families():
    entities, _ = resolved(
        [mention("Llama 2 7B", family="Llama 2"), mention("13B", "Llama 2 13B", family="Llama 2")],
        [mention("OPT 6.7B", family="OPT"), mention("13B", "OPT 13B", family="OPT")],
    )
    assert {"Llama 2 13B", "OPT 13B"} <= set(entities)
    assert "13B" not in entities["Llama 2 13B"].aliases + entities["OPT 13B"].aliases


def test_a_record_s_own_name_is_not_another_record_s_alias_in_other_case():
    entities, _ = resolved([mention("FID", type_="METRIC")],
                           [mention("FiD", "Fusion-in-Decoder", type_="METHOD")])
    assert entities["FID"].type == "METRIC" and entities["Fusion-in-Decoder"].type == "METHOD"
