"""A coordinator keeps the registries in the browser, and the policy's roles are enforced.

The issue's acceptance test: a twin town with its agreement and the council's (KF)
decision; a membership with the executive board's (KS) decision and participating
committees; a cooperation agreement; and a twin-town agreement decided by KS is
refused with the clause quoted. Every page on the way is checked with axe-core.
"""

import pytest

from samverkan.organisation.models import Body
from samverkan.registry.models import Agreement, Decision, NetworkMembership, Partner, TwinTown

pytestmark = pytest.mark.browser

SUBMIT = "main form.record-form button[type=submit]"


@pytest.fixture
def bodies(site):
    def body(name):
        return Body.objects.get(municipality=site.motala, name=name)

    return {
        "KF": body("Kommunfullmäktige"),
        "KS": body("Kommunstyrelsen"),
        "BN": body("Bildningsnämnden"),
        "SN": body("Socialnämnden"),
    }


def _save(page, follow, status=200):
    return follow(page, page.locator(SUBMIT), status=status)


def _new_partner(page, visit, follow, *, name, kind, country):
    visit(page, "/registry/partners/new/")
    page.fill("#id_name", name)
    page.select_option("#id_kind", kind)
    page.select_option("#id_country", country)
    _save(page, follow)
    return Partner.objects.get(name=name)


def _new_decision(page, visit, follow, *, body, decision_type, date, number, paragraph, title):
    visit(page, "/registry/decisions/new/")
    page.select_option("#id_body", str(body.pk))
    page.select_option("#id_decision_type", decision_type)
    page.fill("#id_meeting_date", date)
    page.fill("#id_registration_number", number)
    page.fill("#id_paragraph", str(paragraph))
    page.fill("#id_title", title)
    _save(page, follow)


def test_coordinator_registers_twin_town_membership_and_agreements(
    page, site, login, visit, follow, bodies
):
    login(page, "coordinator")
    tartu = _new_partner(page, visit, follow, name="Tartu", kind="municipality", country="EE")
    assert page.locator("h1").inner_text() == "Tartu"

    # A twin-town agreement decided by KS is refused, quoting the clause.
    _new_decision(
        page,
        visit,
        follow,
        body=bodies["KS"],
        decision_type="twin_town_agreement",
        date="2026-03-10",
        number="26/KS 0101",
        paragraph=31,
        title="Vänortsavtal med Tartu",
    )
    summary = page.locator("main .error-summary")
    assert "Vänortsavtal beslutas av kommunfullmäktige (P12)." in summary.inner_text()
    assert not Decision.objects.filter(municipality=site.motala, paragraph=31, year=2026).exists()

    # The proposal carries its consideration before the council decides (P11).
    visit(page, "/registry/twin-towns/new/")
    page.select_option("#id_partner", str(tartu.pk))
    page.select_option("#id_status", "proposed")
    for name in TwinTown.CONSIDERATION_FIELDS:
        page.fill(f"#id_{name}", "Utrett av samordnaren och nämnderna.")
    _save(page, follow)
    twin_town = TwinTown.objects.get(partner=tartu)

    # The council decides the relation and the agreement.
    _new_decision(
        page,
        visit,
        follow,
        body=bodies["KF"],
        decision_type="twin_town_relation",
        date="2026-03-30",
        number="26/KS 0101",
        paragraph=40,
        title="Ny vänort: Tartu",
    )
    relation = Decision.objects.get(body=bodies["KF"], paragraph=40, year=2026)
    _new_decision(
        page,
        visit,
        follow,
        body=bodies["KF"],
        decision_type="twin_town_agreement",
        date="2026-03-30",
        number="26/KS 0102",
        paragraph=41,
        title="Vänortsavtal med Tartu",
    )
    agreement_decision = Decision.objects.get(body=bodies["KF"], paragraph=41, year=2026)

    visit(page, "/registry/agreements/new/")
    page.select_option("#id_kind", "twin_town_agreement")
    page.fill("#id_title", "Vänortsavtal Motala–Tartu")
    page.select_option("#id_parties", [str(tartu.pk)])
    page.fill("#id_signed_on", "2026-04-15")
    page.fill("#id_valid_from", "2026-04-15")
    page.select_option("#id_signing_body", str(bodies["KF"].pk))
    page.select_option("#id_decision", str(agreement_decision.pk))
    _save(page, follow)
    agreement = Agreement.objects.get(title="Vänortsavtal Motala–Tartu")

    visit(page, f"/registry/twin-towns/{twin_town.pk}/edit/")
    page.select_option("#id_status", "active")
    page.fill("#id_since", "2026-04-15")
    page.select_option("#id_decision", str(relation.pk))
    page.select_option("#id_agreement", str(agreement.pk))
    _save(page, follow)
    twin_town.refresh_from_db()
    assert (twin_town.status, twin_town.decision, twin_town.agreement) == (
        "active",
        relation,
        agreement,
    )
    assert "Vänortsavtal Motala–Tartu" in page.locator("main").inner_text()

    # A membership for the whole municipality, decided by KS, with two committees taking part.
    network = _new_partner(page, visit, follow, name="Eurocities", kind="network", country="BE")
    _new_decision(
        page,
        visit,
        follow,
        body=bodies["KS"],
        decision_type="membership_municipality",
        date="2026-05-05",
        number="26/KS 0120",
        paragraph=77,
        title="Medlemskap i Eurocities",
    )
    membership_decision = Decision.objects.get(body=bodies["KS"], paragraph=77, year=2026)
    visit(page, "/registry/memberships/new/")
    page.select_option("#id_organisation", str(network.pk))
    page.select_option("#id_scope", "municipality")
    page.fill("#id_started_on", "2026-06-01")
    page.select_option("#id_decision", str(membership_decision.pk))
    page.select_option("#id_participating_committees", [str(bodies["BN"].pk), str(bodies["SN"].pk)])
    _save(page, follow)
    membership = NetworkMembership.objects.get(organisation=network)
    assert membership.decision == membership_decision
    assert set(membership.participating_committees.all()) == {bodies["BN"], bodies["SN"]}

    # A cooperation agreement, signed by KS on its own decision.
    _new_decision(
        page,
        visit,
        follow,
        body=bodies["KS"],
        decision_type="cooperation_agreement",
        date="2026-05-05",
        number="26/KS 0121",
        paragraph=78,
        title="Samarbetsavtal med Tartu om skolutbyte",
    )
    cooperation_decision = Decision.objects.get(body=bodies["KS"], paragraph=78, year=2026)
    visit(page, "/registry/agreements/new/")
    page.select_option("#id_kind", "cooperation_agreement")
    page.fill("#id_title", "Samarbetsavtal om skolutbyte med Tartu")
    page.select_option("#id_parties", [str(tartu.pk)])
    page.fill("#id_signed_on", "2026-05-20")
    page.select_option("#id_signing_body", str(bodies["KS"].pk))
    page.select_option("#id_decision", str(cooperation_decision.pk))
    _save(page, follow)
    assert Agreement.objects.filter(
        kind="cooperation_agreement", decision=cooperation_decision
    ).exists()

    # Nothing here breaks a rule.
    visit(page, "/registry/rule-violations/")
    assert "Tartu" not in page.locator("main").inner_text()


def _first_pk(model, municipality, **filters):
    return model.objects.filter(municipality=municipality, **filters).order_by("pk")[0].pk


@pytest.mark.parametrize("username", ["coordinator", "reader"])
def test_every_register_page_passes_axe(page, site, login, visit, username):
    """Lists, details, forms and the special lists, as a coordinator and as a reader."""
    from samverkan.registry.models import Contact

    login(page, username)
    motala = site.motala
    paths = [
        "/registry/partners/",
        f"/registry/partners/{_first_pk(Partner, motala, kind='municipality')}/",
        "/registry/decisions/",
        f"/registry/decisions/{_first_pk(Decision, motala)}/",
        "/registry/twin-towns/",
        f"/registry/twin-towns/{_first_pk(TwinTown, motala)}/",
        "/registry/agreements/",
        f"/registry/agreements/{_first_pk(Agreement, motala)}/",
        "/registry/agreements/renewals/",
        "/registry/memberships/",
        f"/registry/memberships/{_first_pk(NetworkMembership, motala)}/",
        "/registry/rule-violations/",
        "/policy/sections/roles/",
        "/policy/sections/twinning/",
    ]
    if username == "coordinator":
        paths += [
            "/registry/partners/new/",
            "/registry/decisions/new/",
            "/registry/twin-towns/new/",
            "/registry/agreements/new/",
            "/registry/memberships/new/",
            "/registry/contacts/",
            f"/registry/contacts/{_first_pk(Contact, motala)}/",
            "/registry/twin-towns/wikidata/check/",
        ]
    for path in paths:
        visit(page, path)
    if username == "reader":
        visit(page, "/registry/contacts/", status=403)
