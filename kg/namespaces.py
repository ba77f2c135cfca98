"""Vocabulary namespaces: the standard ones we reuse and our own, closed.

Our own terms live in a fixed namespace, independent of the deployment's base
IRI, because the vocabulary is a contract with every client, not an address.
"""
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace as _NS

AGA_IRI = "https://w3id.org/aga-mx/def/"


class AGA(DefinedNamespace):
    """Terms of ontology/aga.ttl and ontology/scales.ttl; a misspelt term raises AttributeError."""

    _NS = _NS(AGA_IRI)
    _fail = True
    _extras = [
        # concept schemes and their concepts, whose names contain hyphens
        "completion-scale", "completion-not-started", "completion-limited", "completion-substantial",
        "completion-complete", "completion-withdrawn", "completion-unclear",
        "impact-scale", "impact-none", "impact-minor", "impact-moderate", "impact-transformative",
        "specificity-scale", "specificity-none", "specificity-low", "specificity-medium", "specificity-high",
        "ogp-values", "value-access-to-information", "value-civic-participation",
        "value-public-accountability", "value-technology-and-innovation",
        "diog-scale", "diog-worsened", "diog-did-not-change", "diog-marginal", "diog-major",
        "diog-outstanding", "diog-no-early-results-yet",
        "results-potential-scale", "results-potential-unclear", "results-potential-modest",
        "results-potential-substantial",
        "early-results-scale", "early-results-none", "early-results-moderate", "early-results-significant",
        "report-types", "report-progress", "report-end-of-term",
        "iap2-spectrum", "iap2-inform", "iap2-consult", "iap2-involve", "iap2-collaborate", "iap2-empower",
    ]

    # classes
    ActionPlan: object
    Commitment: object
    Assessment: object
    Member: object
    # properties
    member: object
    planNumber: object
    commitmentNumber: object
    leadInstitution: object
    supportingInstitution: object
    assessment: object
    reportType: object
    reportYear: object
    specificity: object
    verifiable: object
    relevantValue: object
    potentialImpact: object
    potentialForResults: object
    completion: object
    didItOpenGovernment: object
    earlyResults: object
    starred: object
    carriedForward: object
    publicInfluence: object
    commitmentCount: object
    order: object


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
