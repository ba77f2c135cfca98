"""Choosing a label in the reader's language, and saying so when we fall back."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from pyoxigraph import Literal

LANGUAGES = ("es", "en")
LANGUAGE_COOKIE = "lang"

# Interface names for standard terms that the store has no label for.
STANDARD_TERMS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("tipo", "type"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("nombre", "name"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("otro nombre", "other name"),
    "http://www.w3.org/2004/02/skos/core#notation": ("clave", "code"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("en el esquema", "in scheme"),
    "http://www.w3.org/2004/02/skos/core#definition": ("definición", "definition"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("nombre", "label"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("comentario", "comment"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("véase también", "see also"),
    "http://purl.org/dc/terms/title": ("título", "title"),
    "http://purl.org/dc/terms/description": ("descripción", "description"),
    "http://purl.org/dc/terms/identifier": ("identificador", "identifier"),
    "http://purl.org/dc/terms/isPartOf": ("parte de", "part of"),
    "http://purl.org/dc/terms/source": ("fuente", "source"),
    "http://purl.org/dc/terms/dateSubmitted": ("fecha de presentación", "date submitted"),
    "http://purl.org/dc/terms/publisher": ("publicado por", "publisher"),
    "http://purl.org/dc/terms/format": ("formato", "format"),
    "http://purl.org/dc/terms/license": ("licencia", "licence"),
    "http://www.w3.org/ns/dcat#distribution": ("distribución", "distribution"),
    "http://www.w3.org/ns/dcat#accessURL": ("URL de acceso", "access URL"),
    "http://www.w3.org/ns/dcat#downloadURL": ("URL de descarga", "download URL"),
    "https://schema.org/startDate": ("fecha de inicio", "start date"),
    "https://schema.org/endDate": ("fecha de término", "end date"),
    "https://schema.org/name": ("nombre", "name"),
    "https://schema.org/funder": ("financiado por", "funder"),
    "http://purl.org/dc/terms/references": ("cita", "references"),
    "http://purl.org/dc/terms/relation": ("relacionado con", "related to"),
    "http://www.w3.org/ns/org#Organization": ("organización", "organisation"),
    "https://schema.org/GovernmentOrganization": ("organismo de gobierno", "government organisation"),
    "http://www.w3.org/ns/dcat#Dataset": ("conjunto de datos", "dataset"),
    "http://www.w3.org/ns/dcat#Distribution": ("distribución", "distribution"),
    "http://www.w3.org/ns/dcat#mediaType": ("tipo de medio", "media type"),
    "https://schema.org/FundingScheme": ("fondo", "fund"),
    "http://purl.org/linked-data/cube#Observation": ("observación", "observation"),
    "http://www.w3.org/2004/02/skos/core#Concept": ("concepto", "concept"),
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": ("esquema de conceptos", "concept scheme"),
}
# Inbound links read as "<label> of" ("lead institution of"), except where the inverse has its own name.
INBOUND_PHRASE = {"es": "{} de", "en": "{} of"}
INVERSE_TERMS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("instancias", "instances"),
    "http://purl.org/dc/terms/isPartOf": ("contiene", "has part"),
    "http://purl.org/dc/terms/publisher": ("publica", "publisher of"),
    "http://purl.org/dc/terms/references": ("citado por", "referenced by"),
    "http://purl.org/dc/terms/relation": ("relacionado con", "related to"),
    "https://schema.org/funder": ("financia", "funder of"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("conceptos del esquema", "concepts in scheme"),
}


@dataclass(frozen=True)
class Label:
    text: str
    language: str | None  # the label's own language tag, None for a name without one
    fallback: bool  # True when no label in the wanted language existed


def pick(labels: list[Literal], wanted: str) -> Label | None:
    """The label in `wanted`, else one without a language tag, else one in another language."""
    if not labels:
        return None
    by_language = {}
    for label in labels:
        by_language.setdefault((label.language or "").lower().split("-")[0], label)
    if wanted in by_language:
        return Label(by_language[wanted].value, wanted, False)
    if "" in by_language:
        return Label(by_language[""].value, None, False)
    for language in LANGUAGES:
        if language in by_language:
            return Label(by_language[language].value, language, True)
    first = labels[0]
    return Label(first.value, first.language, True)


def term_label(iri: str, labels: list[Literal], wanted: str) -> Label | None:
    """A property's or class's label from the store, else our interface name for a standard term."""
    found = pick(labels, wanted)
    if found is None and iri in STANDARD_TERMS:
        spanish, english = STANDARD_TERMS[iri]
        return Label(spanish if wanted == "es" else english, wanted, False)
    return found


def inverse_label(iri: str, labels: list[Literal], wanted: str) -> str:
    """How a page names the resources that point at it through this property."""
    if iri in INVERSE_TERMS:
        spanish, english = INVERSE_TERMS[iri]
        return spanish if wanted == "es" else english
    found = term_label(iri, labels, wanted)
    return INBOUND_PHRASE[wanted].format(found.text if found else local_name(iri))


def local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def reader_language() -> str:
    """`?lang=` first (the page's switch), then the remembered choice, then `Accept-Language`.

    Decided once per request: a page asks again for every value it labels."""
    if "reader_language" not in g:
        g.reader_language = _chosen_language()
    return g.reader_language


def _chosen_language() -> str:
    for chosen in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]
