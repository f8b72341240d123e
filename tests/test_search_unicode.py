"""Search folds case for Swedish letters on every database (SQLite's LIKE alone does not)."""

from samverkan.organisation.models import Body


def test_icontains_folds_swedish_letters(demo):
    bodies = Body.objects.filter(municipality=demo.motala)
    Body.objects.create(
        municipality=demo.motala, kind=Body.Kind.COMMITTEE, name="Överförmyndarnämnden"
    )
    assert list(bodies.filter(name__icontains="överförmyndar").values_list("name", flat=True)) == [
        "Överförmyndarnämnden"
    ]
    assert bodies.filter(name__icontains="ÖVERFÖRMYNDARNÄMNDEN").count() == 1
    # Wildcards typed by the user are literal text, not patterns.
    assert bodies.filter(name__icontains="%").count() == 0
    assert bodies.filter(name__icontains="_").count() == 0


def test_the_body_list_finds_a_name_by_lower_case_swedish_letters(client, demo):
    client.force_login(demo.users["coordinator"])
    Body.objects.create(municipality=demo.motala, kind=Body.Kind.COMMITTEE, name="Äldrenämnden")
    response = client.get("/bodies/", {"q": "äldre"})
    assert "Äldrenämnden" in response.content.decode()
