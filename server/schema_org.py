"""schema.org JSON-LD for a page's <head>, so search engines and portals read the page.

The JSON is escaped for an HTML <script> element: `<`, `>` and `&` become \\u
escapes, so `</script>` in the data cannot end the element.
"""
from __future__ import annotations

import json

from markupsafe import Markup
from pyoxigraph import Literal, NamedNode

SCHEMA = "https://schema.org/"
# Our classes and the standard ones we use, as the nearest schema.org type.
TYPES = {
    "https://w3id.org/aga-mx/def/ActionPlan": "CreativeWork",
    "https://w3id.org/aga-mx/def/Commitment": "CreativeWork",
    "https://w3id.org/aga-mx/def/Member": "Organization",
    "http://www.w3.org/ns/org#Organization": "Organization",
    "http://www.w3.org/ns/dcat#Dataset": "Dataset",
    "http://www.w3.org/ns/dcat#Distribution": "DataDownload",
    "http://www.w3.org/ns/dcat#Catalog": "DataCatalog",
    "http://www.w3.org/2004/02/skos/core#Concept": "DefinedTerm",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": "DefinedTermSet",
    "http://purl.org/linked-data/cube#Observation": "Observation",
}
PROPERTIES = {
    "http://www.w3.org/2004/02/skos/core#prefLabel": "name",
    "http://purl.org/dc/terms/title": "name",
    "http://www.w3.org/2000/01/rdf-schema#label": "name",
    "https://schema.org/name": "name",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alternateName",
    "http://purl.org/dc/terms/description": "description",
    "http://purl.org/dc/terms/identifier": "identifier",
    "http://www.w3.org/2004/02/skos/core#notation": "identifier",
    "http://purl.org/dc/terms/isPartOf": "isPartOf",
    "http://purl.org/dc/terms/publisher": "publisher",
    "http://purl.org/dc/terms/license": "license",
    "http://purl.org/dc/terms/dateSubmitted": "dateCreated",
    "https://schema.org/startDate": "startDate",
    "https://schema.org/endDate": "endDate",
    "http://www.w3.org/ns/dcat#distribution": "distribution",
    "http://www.w3.org/ns/dcat#keyword": "keywords",
    "http://www.w3.org/ns/dcat#accessURL": "contentUrl",
    "http://www.w3.org/ns/dcat#downloadURL": "contentUrl",
    "http://purl.org/dc/terms/format": "encodingFormat",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "sameAs",
    "http://www.w3.org/2004/02/skos/core#inScheme": "inDefinedTermSet",
}


def _value(term):
    if isinstance(term, NamedNode):
        return {"@id": term.value}
    if isinstance(term, Literal) and term.language:
        return {"@value": term.value, "@language": term.language}
    return term.value


def describe(iri: str, page_url: str, groups) -> dict:
    """The first page of each outgoing property, as the schema.org terms that fit."""
    node = {"@context": "https://schema.org/", "@id": iri, "url": page_url}
    types = []
    for group in groups:
        predicate = group.predicate.value
        if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            for value in group.values:
                cls = value.term.value
                types.append(cls[len(SCHEMA):] if cls.startswith(SCHEMA) else TYPES.get(cls))
            continue
        key = PROPERTIES.get(predicate) or (predicate[len(SCHEMA):] if predicate.startswith(SCHEMA) else None)
        if key:
            node.setdefault(key, []).extend(_value(v.term) for v in group.values)
    node["@type"] = sorted({t for t in types if t}) or ["Thing"]
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}


def script_json(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
