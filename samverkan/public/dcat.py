"""The DCAT-AP-SE catalogue of the open data, for Sveriges dataportal to harvest.

One catalogue per municipality (its published registers as datasets, each with a CSV and
a JSON distribution and one through the anonymous API) and one for the installation,
which holds every municipality's catalogue (dcterms:hasPart) and datasets. As JSON-LD
and RDF/XML. DCAT-AP-SE's mandatory properties are all given (tests/public check the
catalogue against the profile's shapes with a SHACL validator): the catalogue's title,
description, publisher, licence and datasets; each dataset's title, description and
publisher; each distribution's access URL; each agent's name and type; each data
service's title and endpoint URL.
"""

from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from . import access, data

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
LANGUAGES = ("sv", "en")
FORMATS = {
    "csv": (
        URIRef(EU + "file-type/CSV"),
        URIRef("https://www.iana.org/assignments/media-types/text/csv"),
    ),
    "json": (
        URIRef(EU + "file-type/JSON"),
        URIRef("https://www.iana.org/assignments/media-types/application/json"),
    ),
}
CONTEXT = {
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
}


def api_path(code: str, register: str) -> str:
    """The register's address in the anonymous API."""
    return f"{reverse('api-1:public_municipality', args=[code])}/{register}"


def _texts(make) -> list[Literal]:
    """`make()` in each language, as language-tagged literals."""
    found = []
    for language in LANGUAGES:
        with translation.override(language):
            found.append(Literal(str(make()), lang=language))
    return found


def contact_email() -> str:
    return getattr(django_settings, "SAMVERKAN_OPEN_DATA_CONTACT", "") or getattr(
        django_settings, "SAMVERKAN_ACCESSIBILITY_CONTACT", ""
    )


def _agent(graph, uri, name, kind=LOCAL_AUTHORITY):
    graph.add((uri, RDF.type, FOAF.Agent))
    graph.add((uri, RDF.type, FOAF.Organization))
    graph.add((uri, FOAF.name, Literal(name, lang="sv")))
    graph.add((uri, DCTERMS.type, kind))
    return uri


def _contact(graph, name):
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, Literal(name)))
    email = contact_email()
    if email:
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    return node


def add_municipality(graph, municipality, settings, absolute) -> URIRef:
    """The municipality's catalogue in `graph`; returns it."""
    code = municipality.code
    licence = URIRef(data.licence())
    catalog = URIRef(absolute(reverse("public:catalog", args=[code, "jsonld"])))
    publisher = _agent(
        graph,
        URIRef(absolute(reverse("public:municipality", args=[code])) + "#publisher"),
        municipality.name,
    )
    service = URIRef(absolute(reverse("api-1:public_municipality", args=[code])))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for title in _texts(
        lambda: _("Open data on international cooperation: %(m)s") % {"m": municipality.name}
    ):
        graph.add((catalog, DCTERMS.title, title))
    for text in _texts(
        lambda: (
            _(
                "What %(m)s publishes about its international cooperation: twin towns, "
                "memberships, agreements, activities and reports."
            )
            % {"m": municipality.name}
        )
    ):
        graph.add((catalog, DCTERMS.description, text))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, URIRef(EU + "language/SWE")))
    graph.add(
        (catalog, FOAF.homepage, URIRef(absolute(reverse("public:municipality", args=[code]))))
    )
    graph.add((catalog, DCAT.service, service))

    graph.add((service, RDF.type, DCAT.DataService))
    for title in _texts(lambda: _("Anonymous read API: %(m)s") % {"m": municipality.name}):
        graph.add((service, DCTERMS.title, title))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.endpointDescription, URIRef(absolute(reverse("api-1:openapi-json")))))
    graph.add((service, DCTERMS.license, licence))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((service, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))

    for register in data.published_registers(settings):
        dataset = URIRef(absolute(reverse("public:register", args=[code, register])))
        graph.add((catalog, DCAT.dataset, dataset))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        label = data.TITLES[register]
        for title in _texts(lambda label=label: f"{label} – {municipality.name}"):
            graph.add((dataset, DCTERMS.title, title))
        for text in _texts(
            lambda label=label: (
                _("%(register)s of %(m)s, as published on its public pages.")
                % {"register": label, "m": municipality.name}
            )
        ):
            graph.add((dataset, DCTERMS.description, text))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, _contact(graph, municipality.name)))
        graph.add((dataset, DCAT.landingPage, dataset))
        graph.add((dataset, DCAT.theme, URIRef(EU + "data-theme/GOVE")))
        graph.add((dataset, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
        for keyword in _texts(lambda: _("international cooperation")):
            graph.add((dataset, DCAT.keyword, keyword))
        for extension, (file_type, media_type) in FORMATS.items():
            url = URIRef(absolute(reverse("public:open-data", args=[code, register, extension])))
            distribution = URIRef(f"{url}#distribution")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add((distribution, DCTERMS.title, Literal(extension.upper())))
            graph.add((distribution, DCTERMS.format, file_type))
            graph.add((distribution, DCAT.mediaType, media_type))
            graph.add((distribution, DCTERMS.license, licence))
        api = URIRef(absolute(api_path(code, register)))
        distribution = URIRef(f"{api}#distribution")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, api))
        graph.add((distribution, DCAT.accessService, service))
        graph.add((distribution, DCTERMS.format, FORMATS["json"][0]))
        graph.add((distribution, DCTERMS.license, licence))
    return catalog


def municipality_graph(municipality, settings, absolute) -> Graph:
    graph = _graph()
    add_municipality(graph, municipality, settings, absolute)
    return graph


def installation_graph(absolute) -> Graph:
    """Every publishing municipality's catalogue, and one catalogue holding them all."""
    graph = _graph()
    catalog = URIRef(absolute(reverse("public:installation-catalog", args=["jsonld"])))
    name = getattr(django_settings, "SAMVERKAN_OPEN_DATA_PUBLISHER", "") or "Samverkan"
    publisher = _agent(graph, URIRef(absolute(reverse("public:index")) + "#publisher"), name)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for title in _texts(lambda: _("Open data on municipal international cooperation")):
        graph.add((catalog, DCTERMS.title, title))
    for text in _texts(
        lambda: _("The open data of every municipality that publishes on this site.")
    ):
        graph.add((catalog, DCTERMS.description, text))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, URIRef(data.licence())))
    graph.add((catalog, DCTERMS.language, URIRef(EU + "language/SWE")))
    graph.add((catalog, FOAF.homepage, URIRef(absolute(reverse("public:index")))))
    for municipality, settings in access.publishing_municipalities():
        part = add_municipality(graph, municipality, settings, absolute)
        graph.add((catalog, DCTERMS.hasPart, part))
        for dataset in graph.objects(part, DCAT.dataset):
            graph.add((catalog, DCAT.dataset, dataset))
    return graph


def _graph() -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    return graph


SERIALISATIONS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("pretty-xml", "application/rdf+xml"),
}


def serialise(graph: Graph, extension: str) -> tuple[bytes, str]:
    rdf_format, content_type = SERIALISATIONS[extension]
    options = {"context": CONTEXT, "auto_compact": True} if rdf_format == "json-ld" else {}
    body = graph.serialize(format=rdf_format, **options)
    return (body.encode("utf-8") if isinstance(body, str) else body), content_type
