"""The public side's fixtures: everything published, a year approved, and secrets planted.

Secrets are records the public must never see, added beside the demo's own contacts and
participants: a citizen as a partner of a public activity and of an agreement, a
confidential document, an internal activity, a twin-town note and a control-log finding.
"""

import datetime
import html
import io
import json
import zipfile
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from samverkan.lib.actions import SYSTEM


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The anonymous API's rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish_all(demo):
    """Motala publishes every register (policies and compliance are off by default)."""
    from samverkan.public import actions
    from samverkan.public.models import PublicationSettings

    settings = PublicationSettings.for_municipality(demo.motala)
    values = dict.fromkeys(set(PublicationSettings.FLAGS.values()), True)
    return actions.save_publication_settings(settings, values, acting_user=SYSTEM)


@pytest.fixture
def approved_year(demo):
    """The demo's round of accounts (last year) with every account approved."""
    from samverkan.followup import actions
    from samverkan.followup.models import AccountRound, YearlyAccount

    round_ = AccountRound.objects.get(municipality=demo.motala)
    ready = {name: f"Text {name}." for name in YearlyAccount.SECTIONS}
    ready.update({f"{name}_ready": True for name in YearlyAccount.SECTIONS})
    for account in round_.accounts.exclude(status=YearlyAccount.Status.APPROVED):
        if account.status != YearlyAccount.Status.SUBMITTED:
            actions.save_sections(account, ready, expected_version=None, acting_user=SYSTEM)
            account.refresh_from_db()
            actions.submit_account(account, acting_user=SYSTEM)
            account.refresh_from_db()
        actions.approve_account(
            account,
            decision_date=datetime.date(round_.year + 1, 3, 25),
            paragraph="7",
            acting_user=SYSTEM,
        )
    return round_.year


@pytest.fixture
def secrets(demo):
    """Records planted for the leak test, beside the demo's own contacts and participants."""
    from samverkan.activities.models import Activity
    from samverkan.registry.models import (
        Agreement,
        ControlLogEntry,
        Decision,
        Document,
        Partner,
        TwinTown,
        TwinTownNote,
    )

    motala = demo.motala
    citizen = Partner.objects.create(
        municipality=motala,
        name="Kerstin Privatperson",
        kind=Partner.Kind.CITIZEN,
        is_local_actor=True,
        country="SE",
    )
    public_activity = Activity.objects.filter(municipality=motala, is_public=True).first()
    public_activity.partners.add(citizen)
    agreement = Agreement.objects.filter(municipality=motala).first()
    agreement.parties.add(citizen)
    decision = Decision.objects.filter(municipality=motala).first()
    document = Document.objects.create(
        municipality=motala,
        decision=decision,
        title="Hemlig bilaga om säkerhetsläget",
        file="documents/2026/hemlig.pdf",
        original_name="hemlig.pdf",
        content_type="application/pdf",
        is_public=False,
        confidentiality_ground="18 kap. 8 § OSL säkerhetsskydd",
    )
    internal = Activity.objects.create(
        municipality=motala,
        committee=demo.own_committee,
        title="Intern planering av känsligt besök",
        start_date=datetime.date(2025, 5, 1),
        is_public=False,
        travellers="Greta Resenärsson",
    )
    twin = TwinTown.objects.filter(municipality=motala).first()
    note = TwinTownNote.objects.create(
        municipality=motala,
        twin_town=twin,
        noted_on=datetime.date(2025, 1, 2),
        text="Anteckning om dialogen med borgmästaren",
    )
    finding = ControlLogEntry.objects.create(
        municipality=motala,
        content_type=ContentType.objects.get_for_model(TwinTown),
        object_id=twin.pk,
        reviewed_on=datetime.date(2025, 2, 3),
        reviewed_by="Granskare Granskarsson",
        findings="Kontrollfynd om avtalets brister",
    )
    user = get_user_model().objects.filter(username="editor").first()
    return SimpleNamespace(
        citizen=citizen,
        public_activity=public_activity,
        agreement=agreement,
        document=document,
        internal=internal,
        note=note,
        finding=finding,
        user=user,
    )


# Walking the public side -----------------------------------------------------------------

API = "/api/v1/public"


def _public_paths():
    """Every public page, open-data file, catalogue and API answer of the published data."""
    from samverkan.public import access, data
    from samverkan.public.views import sitemap_paths

    paths = list(sitemap_paths())
    paths += ["/m/sitemap.xml", "/m/catalog.jsonld", "/m/catalog.rdf", f"{API}/municipalities"]
    for municipality, settings in access.publishing_municipalities():
        code = municipality.code
        paths += [f"/m/{code}/data/catalog.jsonld", f"/m/{code}/data/catalog.rdf"]
        paths.append(f"{API}/{code}")
        for register in data.published_registers(settings):
            paths += [f"/m/{code}/data/{register}.csv", f"/m/{code}/data/{register}.json"]
            paths.append(f"{API}/{code}/{register}")
        if settings.publishes("activities"):
            ids = access.activities(municipality).values_list("pk", flat=True)
            paths += [f"{API}/{code}/activities/{pk}" for pk in ids]
        if settings.publishes("reports"):
            for year in access.approved_years(municipality):
                paths.append(f"/m/{code}/reports/{year}.docx")
    return paths


def _readable(response) -> str:
    """The answer's text as a reader sees it: HTML unescaped, JSON decoded, DOCX unzipped."""
    content_type = response.get("Content-Type", "")
    body = response.content
    if "wordprocessingml" in content_type:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    text = body.decode("utf-8")
    if "json" in content_type:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


@pytest.fixture
def public_paths():
    """public_paths(): every public page, open-data file, catalogue and API answer."""
    return _public_paths


@pytest.fixture
def readable():
    """readable(response): its text as a reader sees it (HTML unescaped, JSON decoded, DOCX
    unzipped)."""
    return _readable
