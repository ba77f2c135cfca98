"""All bundled data, every source together, validates against all shapes.

Each source is validated alone when it is built; this checks what only the
union can show (e.g. two sources giving one member two different names).
"""
from __future__ import annotations

from pyoxigraph import RdfFormat, serialize
from rdflib import Graph

from kg.store import OxigraphStore
from kg.validation import shacl_problems, shapes_from
from kg.vocabulary import vocabulary_from


def test_the_union_of_every_bundled_source_has_no_shacl_error(built):
    store = OxigraphStore.open(built.store_path, read_only=True)
    ontology_graph = built.graph_iri("ontology")
    triples = [q.triple for q in store.quads() if q.graph_name.value != ontology_graph]
    union = Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    assert len(union) > 10000
    problems = shacl_problems(union, shapes_from(built.shapes_dir), vocabulary_from(built.ontology_dir).graph,
                              "all sources", {})
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == [], "\n".join(errors[:20])
