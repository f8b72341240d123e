"""The open-data files: they parse, carry their licence, match the pages' rows, are
formula-safe; the DCAT-AP-SE catalogue validates against the profile's shapes."""

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from samverkan.public.views import PUBLIC_PAGE_SIZE

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "data" / "dcat-ap-se-shapes.ttl"
REGISTERS = ["twin-towns", "memberships", "agreements", "activities", "countries"]


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("register", REGISTERS)
def test_each_register_as_csv_and_json_with_the_same_rows_as_its_page(client, demo, register):
    page = client.get(f"/m/0583/{register}/")
    assert page.status_code == 200
    document = client.get(f"/m/0583/data/{register}.json")
    assert document["Content-Type"] == "application/json"
    body = document.json()
    assert body["licence"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert body["municipality"] == {"code": "0583", "name": "Motala"}
    rows = body["rows"]
    assert rows, register
    table = _csv_rows(client.get(f"/m/0583/data/{register}.csv"))
    assert list(table[0]) == list(body["fields"])
    assert len(table) == len(rows)
    html = page.content.decode()
    if register == "countries":
        assert [r["country"] for r in table] == [r["country"] for r in rows]
        for row in rows:
            assert f'data-country="{row["country"]}"' in html
    else:
        assert [int(r["id"]) for r in table] == [r["id"] for r in rows]
        # The page lists exactly the file's records (the activities a page at a time).
        shown = rows[:PUBLIC_PAGE_SIZE] if register == "activities" else rows
        assert html.count("data-id=") == len(shown)
        for row in shown:
            assert f'data-id="{row["id"]}"' in html
        if register == "activities":
            assert page.context["total"] == len(rows)


def test_the_api_gives_the_files_rows(client, demo):
    rows = client.get("/m/0583/data/activities.json").json()["rows"]
    answer = client.get("/api/v1/public/0583/activities").json()
    assert [row["id"] for row in answer] == [row["id"] for row in rows]
    assert answer[0]["title"] == rows[0]["title"]
    assert answer[0]["own_costs_sek"] == rows[0]["own_costs_sek"]


def test_a_cell_that_looks_like_a_formula_is_written_as_text(client, demo):
    from samverkan.activities.models import Activity

    activity = Activity.objects.filter(municipality=demo.motala, is_public=True).first()
    Activity.objects.filter(pk=activity.pk).update(title='=HYPERLINK("http://evil")')
    table = _csv_rows(client.get("/m/0583/data/activities.csv"))
    titles = {int(row["id"]): row["title"] for row in table}
    assert titles[activity.pk] == '\'=HYPERLINK("http://evil")'
    # The JSON keeps the text as it is.
    rows = client.get("/m/0583/data/activities.json").json()["rows"]
    assert {r["id"]: r["title"] for r in rows}[activity.pk] == '=HYPERLINK("http://evil")'


def test_the_licence_is_a_setting(client, demo, settings):
    settings.SAMVERKAN_OPEN_DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
    response = client.get("/m/0583/data/twin-towns.json")
    assert response.json()["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert 'rel="license"' in response["Link"]


def test_a_repeated_download_answers_304(client, demo):
    first = client.get("/m/0583/data/activities.csv")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/m/0583/data/activities.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get("/m/0583/data/activities.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


# The catalogue ------------------------------------------------------------------------------


def _validate(graph):
    from pyshacl import validate

    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _report, text = validate(graph, shacl_graph=shapes, inference="none")
    return conforms, text


@pytest.mark.parametrize(
    ("path", "rdf_format"),
    [
        ("/m/0583/data/catalog.jsonld", "json-ld"),
        ("/m/0583/data/catalog.rdf", "xml"),
        ("/m/catalog.jsonld", "json-ld"),
        ("/m/catalog.rdf", "xml"),
    ],
)
def test_the_catalogue_validates_against_the_dcat_ap_se_shapes(
    client, demo, publish_all, path, rdf_format
):
    response = client.get(path)
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format, publicID="http://testserver/")
    conforms, text = _validate(graph)
    assert conforms, text
    from rdflib.namespace import DCAT, RDF

    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    if path.startswith("/m/0583"):
        # One dataset per published register, each with its CSV, JSON and API distributions.
        assert len(datasets) == 8
        for dataset in datasets:
            assert len(list(graph.objects(dataset, DCAT.distribution))) == 3
    else:
        assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 3  # the site, Motala, Vadstena


def test_the_shapes_catch_a_catalogue_without_publisher_or_licence(client, demo):
    from rdflib.namespace import DCTERMS

    graph = Graph().parse(data=client.get("/m/0583/data/catalog.jsonld").content, format="json-ld")
    assert _validate(graph)[0]
    for prop, name in (
        (DCTERMS.publisher, "dcterms:publisher"),
        (DCTERMS.license, "dcterms:license"),
    ):
        broken = Graph()
        for triple in graph:
            broken.add(triple)
        broken.remove((None, prop, None))
        conforms, text = _validate(broken)
        assert not conforms
        assert f"Result Path: {name}" in text


def test_the_catalogue_links_every_open_data_file(client, demo):
    document = json.loads(client.get("/m/0583/data/catalog.jsonld").content)
    text = json.dumps(document)
    for register in REGISTERS:
        for extension in ("csv", "json"):
            path = f"/m/0583/data/{register}.{extension}"
            assert path in text
            assert client.get(path).status_code == 200
