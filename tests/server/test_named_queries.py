"""Reading a named query's header: what it must say, and the parameter rules."""
from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Variable

from server.named_queries import ParameterError, read_query

HEAD = """# title@en: T
# title@es: T
# description@en: D
# description@es: D
"""


def write(tmp_path, text: str):
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_parameters_are_typed_and_bound_as_terms(tmp_path):
    query = read_query(write(tmp_path, HEAD + "# param: year | year | 2019 | From\n"
                                             "# param: who | iri | required | Whom\n"
                                             "SELECT ?who ?year WHERE { ?who ?p ?year }"))
    bindings = query.bindings({"who": "https://example.org/x"})
    assert bindings[Variable("who")] == NamedNode("https://example.org/x")
    assert bindings[Variable("year")].value == "2019"
    with pytest.raises(ParameterError, match="parameter 'who' is required"):
        query.bindings({})
    with pytest.raises(ParameterError, match="parameter 'year' must be a year"):
        query.bindings({"who": "https://example.org/x", "year": "last"})


def test_a_header_without_both_languages_is_refused(tmp_path):
    with pytest.raises(ValueError, match="title@es"):
        read_query(write(tmp_path, "# title@en: T\n# description@en: D\nSELECT * WHERE {}"))


def test_a_parameter_must_be_projected(tmp_path):
    with pytest.raises(ValueError, match=r"\?who must be projected"):
        read_query(write(tmp_path, HEAD + "# param: who | iri | required | Whom\nSELECT ?p WHERE { ?who ?p ?o }"))


def test_an_unknown_type_is_refused(tmp_path):
    with pytest.raises(ValueError, match="type among"):
        read_query(write(tmp_path, HEAD + "# param: x | colour | red | X\nSELECT ?x WHERE {}"))
