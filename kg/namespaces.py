"""Vocabulary namespaces: the standard ones we reuse and our own, closed.

Our own terms live in a fixed namespace, independent of the deployment's base
IRI, because the vocabulary is a contract with every client, not an address.
"""
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.aga_terms import AGA, AGA_IRI  # generated from ontology/*.ttl by `aga-kg namespaces`

SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "aga": AGA_IRI,
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = ["AGA", "AGA_IRI", "DCAT", "DCTERMS", "ORG", "OWL", "PROV", "PREFIXES", "RDF", "RDFS", "SCHEMA", "SKOS", "XSD"]


# --- Money and statistics: ontology/funds.ttl and ontology/statistics.ttl -------------
# Kept apart from AGA so that the vocabularies can grow without touching each other;
# self-contained, so that it does not depend on how AGA itself is made.
from rdflib.namespace import QB, DefinedNamespace as _Closed  # noqa: E402

SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")


class FUNDS(_Closed):
    """Terms of ontology/funds.ttl (trust funds, grant programmes, their cube)."""

    _NS = Namespace(AGA_IRI)
    _fail = True
    _extras = [
        "trust-types", "trust-type-fideicomiso", "trust-type-mandato", "trust-type-analogo",
        "trust-scopes", "trust-scope-federal", "trust-scope-estatal", "trust-scope-privado",
        "trust-themes", "trust-theme-subsidios-y-apoyos", "trust-theme-apoyos-financieros",
        "trust-theme-infraestructura", "trust-theme-prestaciones-laborales", "trust-theme-pensiones",
        "trust-theme-estabilizacion-presupuestaria",
        "recipient-types", "recipient-emprendedor", "recipient-microempresa", "recipient-pequena-empresa",
        "recipient-mediana-empresa", "recipient-gran-empresa", "recipient-organismo-intermedio",
        "dsd-trust-fund-year", "dsd-trust-fund-year-2015", "currency-mxn",
    ]

    TrustFund: object
    trustScope: object
    settlor: object
    fiduciary: object
    coordinatingUnit: object
    initialContribution: object
    grantCall: object
    recipientType: object
    recipientState: object
    sector: object
    trustFund: object
    income: object
    yields: object
    expenses: object
    availableBalance: object
    reportedBalance: object
    availabilityType: object
    missionReport: object


class STATS(_Closed):
    """Terms of ontology/statistics.ttl (shared cube components, RNPDNO code lists and structures)."""

    _NS = Namespace(AGA_IRI)
    _fail = True
    _extras = [
        "sexes", "sex-male", "sex-female", "sex-total",
        "age-bands", "age-0-17", "age-18-29", "age-30-44", "age-45-59", "age-60-plus", "age-unknown",
        "inegi-states", *(f"state-{code:02d}" for code in range(1, 33)),
        "dsd-rnpdno-year", "dsd-rnpdno-sex", "dsd-rnpdno-age", "dsd-rnpdno-state",
    ]

    year: object
    sex: object
    ageBand: object
    state: object
    missingPersons: object
    sourceNote: object


PREFIXES.update({
    "qb": str(QB),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
})
__all__ += ["FUNDS", "QB", "SDMX_ATTRIBUTE", "SDMX_CODE", "SDMX_DIMENSION", "SDMX_MEASURE", "STATS"]
