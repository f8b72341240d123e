"""Application pages: list (filters, search, sorting, totals, pagination), the pipeline
board, the record with its life cycle, creating from a call, and the rules on bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samverkan.applications.models import (
    Application,
    ApplicationAttachment,
    CoFinancing,
    PaymentClaim,
    ReportDue,
    Status,
)
from samverkan.funding.models import Call, Programme
from samverkan.lib.actions import RuleViolation
from samverkan.registry.demo import minimal_pdf

PDF = minimal_pdf("Projektplan")
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def form_data(demo, **changes):
    data = {
        "title": "Digitala klassrum",
        "programme_name": "Erasmus+",
        "lead_body": demo.own_committee.pk,
        "status": "idea",
        "currency": "SEK",
        "amount_applied": "200000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- list --------------------------------------------------------------------------------


def test_list_filters_search_and_totals(english, demo, make_application):
    login(english, demo, "reader")
    make_application(
        "Unikt Alfa",
        status=Status.SUBMITTED,
        submitted_on=datetime.date(2043, 2, 1),
        amount_applied=Decimal("1000"),
        programme_name="Unikt program",
    )
    make_application(
        "Unikt Beta",
        status=Status.GRANTED,
        submitted_on=datetime.date(2043, 3, 1),
        amount_applied=Decimal("3000"),
        amount_granted=Decimal("2500"),
        programme_name="Unikt program",
        lead_body=demo.other_committee,
    )
    response = english.get(reverse("application-list"), {"q": "Unikt", "year": "2043"})
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals == {"count": 2, "applied": Decimal("4000.00"), "granted": Decimal("2500.00")}
    filtered = english.get(
        reverse("application-list"),
        {"q": "Unikt", "status": "granted", "lead_body": demo.other_committee.pk},
    )
    assert [a.title for a in filtered.context["page"]] == ["Unikt Beta"]
    by_programme = english.get(
        reverse("application-list"), {"programme": "name:Unikt program", "sort": "title"}
    )
    assert [a.title for a in by_programme.context["page"]] == ["Unikt Alfa", "Unikt Beta"]
    nothing = english.get(reverse("application-list"), {"q": "finns-inte-alls"})
    assert "No application matches the filter." in nothing.content.decode()


def test_list_sorts_by_amount_and_ignores_bad_parameters(client, demo, make_application):
    login(client, demo, "reader")
    make_application("Sort A", amount_applied=Decimal("5"))
    make_application("Sort B", amount_applied=Decimal("9"))
    response = client.get(
        reverse("application-list"),
        {"q": "Sort ", "sort": "-amount_applied_sek", "status": "nonsense", "page": "x"},
    )
    assert response.status_code == 200
    assert [a.title for a in response.context["page"]] == ["Sort B", "Sort A"]


def test_list_queries_do_not_grow_with_rows(
    client, demo, make_application, django_assert_max_num_queries
):
    login(client, demo, "reader")
    for number in range(30):
        make_application(f"Rad {number}", programme_name=f"Program {number % 3}")
    with django_assert_max_num_queries(14) as captured:
        response = client.get(reverse("application-list"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 25
    few = len(captured.captured_queries)
    for number in range(30, 60):
        make_application(f"Rad {number}")
    with django_assert_max_num_queries(few):
        client.get(reverse("application-list"), {"page": 2})


def test_board_has_a_section_per_status_with_counts_and_sums(english, demo, make_application):
    login(english, demo, "reader")
    before = english.get(reverse("application-board")).context["columns"]
    counts = {c["status"]: c["count"] for c in before}
    make_application("Tavla bevilj", status=Status.GRANTED, amount_granted=Decimal("700"))
    make_application("Tavla avslag", status=Status.REJECTED)
    response = english.get(reverse("application-board"))
    columns = {c["status"]: c for c in response.context["columns"]}
    assert list(columns) == Status.values
    assert columns["granted"]["count"] == counts["granted"] + 1
    assert columns["rejected"]["count"] == counts["rejected"] + 1
    assert columns["rejected"]["applications"] is None  # done with: counts only
    assert any(a.title == "Tavla bevilj" for a in columns["granted"]["applications"])
    html = response.content.decode()
    assert '<h2 id="status-granted">Granted' in html
    assert 'aria-labelledby="status-closed"' in html


# --- record and life cycle ---------------------------------------------------------------


def test_detail_shows_life_cycle_retention_and_history(english, demo, make_application, settings):
    settings.SAMVERKAN_APPLICATION_RETENTION_YEARS = 10
    application = make_application(
        "Livscykel",
        status=Status.RUNNING,
        amount_granted=Decimal("90000"),
        programme_period_end=datetime.date(2027, 12, 31),
    )
    PaymentClaim.objects.create(
        municipality=demo.motala,
        application=application,
        amount=Decimal("30000"),
        submitted_on=datetime.date(2031, 1, 10),
        paid_on=datetime.date(2031, 2, 1),
        paid_amount=Decimal("30000"),
    )
    ReportDue.objects.create(
        municipality=demo.motala,
        application=application,
        kind="final",
        due_on=datetime.date(2031, 9, 30),
    )
    login(english, demo, "coordinator")
    response = english.get(reverse("application-detail", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2037-12-31" in html  # kept until
    assert "Final report" in html and "2031-09-30" in html
    assert "Final report submitted" in html  # the next step allowed from running
    assert "Add a payment claim" in html
    assert response.context["history"]


def test_reader_sees_but_cannot_change_and_other_municipality_gets_404(
    client, demo, make_application
):
    application = make_application()
    login(client, demo, "reader")
    assert client.get(reverse("application-detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("application-edit", args=[application.pk])).status_code == 403
    assert client.get(reverse("application-create")).status_code == 403
    login(client, demo, "vadstena-coordinator")
    assert client.get(reverse("application-detail", args=[application.pk])).status_code == 404


def test_coordinator_creates_and_moves_along_the_life_cycle(english, demo):
    login(english, demo, "coordinator")
    response = english.post(reverse("application-create"), form_data(demo))
    application = Application.objects.get(title="Digitala klassrum")
    assert response.status_code == 302
    assert application.amount_applied_sek == Decimal("200000.00")
    edit = reverse("application-edit", args=[application.pk])
    jump = english.post(edit, form_data(demo, status="running", opened_version=application.version))
    assert jump.status_code == 200
    assert "cannot go from Idea to running" in jump.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.IDEA
    step = english.post(
        edit, form_data(demo, status="submitted", submitted_on="2031-02-01", opened_version=1)
    )
    assert step.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_granted_above_applied_is_a_form_error_and_nothing_is_saved(english, demo):
    login(english, demo, "coordinator")
    response = english.post(
        reverse("application-create"),
        form_data(demo, title="För mycket", status="granted", amount_granted="250000"),
    )
    assert response.status_code == 200
    assert "cannot be more than the amount applied for" in response.content.decode()
    assert not Application.objects.filter(title="För mycket").exists()


def test_editor_creates_only_for_own_committee(english, demo):
    login(english, demo, "editor")
    refused = english.post(
        reverse("application-create"),
        form_data(demo, title="Annans", lead_body=demo.other_committee.pk),
    )
    assert refused.status_code == 200  # not a choice for them
    assert not Application.objects.filter(title="Annans").exists()
    english.post(reverse("application-create"), form_data(demo, title="Egen"))
    assert Application.objects.filter(title="Egen", lead_body=demo.own_committee).exists()


def test_create_from_a_call_prefills_title_programme_and_deadline(client, demo):
    programme = Programme.objects.create(
        municipality=demo.motala,
        code="test-programme",
        name="Testprogrammet",
        level="eu",
        period_end_year=2027,
    )
    deadline = timezone.make_aware(datetime.datetime(2044, 5, 6, 17, 0))
    call = Call.objects.create(
        municipality=demo.motala,
        reference="TEST-REF-1",
        title="Smarta städer för alla",
        programme=programme,
        next_deadline=deadline,
        deadlines=[deadline.isoformat()],
    )
    login(client, demo, "coordinator")
    url = reverse("application-create") + f"?call={call.pk}"
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["title"] == "Smarta städer för alla"
    assert form.initial["programme"] == programme.pk
    assert form.initial["call_deadline"] == datetime.date(2044, 5, 6)
    assert form.initial["programme_period_end"] == datetime.date(2027, 12, 31)
    saved = client.post(
        url,
        form_data(
            demo,
            title="Smarta städer för alla",
            call=call.pk,
            programme=programme.pk,
            call_deadline="2044-05-06",
        ),
    )
    assert saved.status_code == 302
    application = Application.objects.get(call=call)
    assert application.programme == programme
    assert application.call_deadline == datetime.date(2044, 5, 6)
    # Another municipality's call is not found.
    login(client, demo, "vadstena-coordinator")
    assert client.get(url).status_code == 404


def test_life_cycle_records_are_added_and_deleted(english, demo, make_application, media):
    application = make_application(status=Status.RUNNING, amount_granted=Decimal("1000"))
    login(english, demo, "editor")

    def part(kind):
        return reverse("application-part-create", args=[application.pk, kind])

    english.post(part("co-financing"), {"body": demo.own_committee.pk, "amount_sek": "4000"})
    english.post(
        part("agreements"), {"signed_on": "2031-01-05", "reference": "GA-1", "amount": "1000"}
    )
    bad_claim = english.post(
        part("claims"), {"amount": "500", "submitted_on": "2031-03-01", "paid_on": "2031-02-01"}
    )
    assert "cannot be paid before it was sent" in bad_claim.content.decode()
    english.post(part("claims"), {"amount": "500", "submitted_on": "2031-03-01"})
    english.post(part("reports"), {"kind": "interim", "due_on": "2031-06-30"})
    refused = english.post(
        part("documents"), {"title": "Program", "file": SimpleUploadedFile("x.pdf", MZ)}
    )
    assert "is not a PDF" in refused.content.decode()
    english.post(
        part("documents"), {"title": "Avtal", "file": SimpleUploadedFile("avtal.pdf", PDF)}
    )
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("4000.00")
    assert application.grant_agreements.count() == 1
    assert application.payment_claims.count() == 1
    assert application.reports.count() == 1
    document = ApplicationAttachment.objects.get(application=application)
    download = english.get(reverse("application-document-download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    row = CoFinancing.objects.get(application=application)
    english.post(reverse("application-part-delete", args=["co-financing", row.pk]))
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("0.00")
    assert english.get(part("nonsense")).status_code == 404


def test_editor_cannot_add_to_another_committees_application(client, demo, make_application):
    application = make_application(lead_body=demo.other_committee)
    login(client, demo, "editor")
    url = reverse("application-part-create", args=[application.pk, "reports"])
    assert client.post(url, {"kind": "interim", "due_on": "2031-06-30"}).status_code == 403
    assert not application.reports.exists()


@pytest.mark.parametrize("username", ["coordinator", "admin"])
def test_delete_moves_to_the_trash(client, demo, make_application, username):
    application = make_application("Att radera")
    login(client, demo, username)
    response = client.post(reverse("application-delete", args=[application.pk]))
    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()


def test_board_queries_do_not_grow_with_rows(client, demo, make_application):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, demo, "reader")
    make_application("Tavla 0", status=Status.SUBMITTED)
    # The first request after a change fills the caches: count the next.
    client.get(reverse("application-board"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("application-board"))
    for number in range(1, 30):
        make_application(f"Tavla {number}", status=Status.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("application-board"))
    assert len(many.captured_queries) == len(few.captured_queries)
    submitted = next(c for c in response.context["columns"] if c["status"] == "submitted")
    assert len(submitted["applications"]) == 25 and submitted["more"] >= 5


def test_a_claim_is_marked_paid_and_a_stale_edit_is_a_conflict(english, demo, make_application):
    application = make_application(status=Status.RUNNING, amount_granted=Decimal("1000"))
    claim = PaymentClaim.objects.create(
        municipality=demo.motala,
        application=application,
        amount=Decimal("400"),
        submitted_on=datetime.date(2031, 3, 1),
    )
    login(english, demo, "coordinator")
    url = reverse("application-part-edit", args=["claims", claim.pk])
    data = {"amount": "400", "submitted_on": "2031-03-01", "opened_version": claim.version}
    paid = english.post(url, {**data, "paid_on": "2031-04-01", "paid_amount": "400"})
    assert paid.status_code == 302
    claim.refresh_from_db()
    assert claim.paid_on == datetime.date(2031, 4, 1) and claim.paid_amount == Decimal("400")
    stale = english.post(url, {**data, "paid_on": "2031-05-01", "paid_amount": "300"})
    assert stale.status_code == 409
    claim.refresh_from_db()
    assert claim.paid_amount == Decimal("400")


def test_the_cooperation_section_links_to_the_applications(client, demo):
    login(client, demo, "reader")
    html = client.get(reverse("section", args=["cooperation"])).content.decode()
    assert f'href="{reverse("application-list")}"' in html
    assert f'href="{reverse("application-board")}"' in html


def test_the_back_office_lists_and_opens_applications(client, demo, make_application):
    from django.contrib.auth import get_user_model

    application = make_application("I administrationen")
    staff = get_user_model().objects.create_superuser("apps-super", "s@example.org", "x")
    client.force_login(staff)
    listed = client.get("/admin/applications/application/", {"q": "administrationen"})
    assert listed.status_code == 200 and "I administrationen" in listed.content.decode()
    opened = client.get(f"/admin/applications/application/{application.pk}/change/")
    assert opened.status_code == 200


def test_detail_queries_do_not_grow_with_life_cycle_rows(client, demo, make_application):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = make_application(status=Status.RUNNING, amount_granted=Decimal("100"))
    login(client, demo, "coordinator")

    def add_rows(count, start):
        for number in range(start, start + count):
            PaymentClaim.objects.create(
                municipality=demo.motala,
                application=application,
                amount=Decimal("1"),
                submitted_on=datetime.date(2031, 1, 1),
            )
            CoFinancing.objects.create(
                municipality=demo.motala,
                application=application,
                body=demo.own_committee,
                amount_sek=Decimal(number),
            )

    add_rows(1, 1)
    url = reverse("application-detail", args=[application.pk])
    # The first request after a change fills the caches: count the next.
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_rows(10, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_application_from_an_eu_call_is_in_euro_and_asks_for_the_rate(client, demo):
    deadline = timezone.make_aware(datetime.datetime(2044, 5, 6, 17, 0))
    call = Call.objects.create(
        municipality=demo.motala,
        reference="TEST-REF-EUR",
        identifier="TEST-EUR-1",
        title="Gröna hamnar",
        next_deadline=deadline,
        deadlines=[deadline.isoformat()],
    )
    login(client, demo, "coordinator")  # the Swedish interface
    url = reverse("application-create") + f"?call={call.pk}"
    form = client.get(url).context["form"]
    assert form.initial["currency"] == "EUR"
    assert form["currency"].value() == "EUR"
    assert form.fields["exchange_rate"].required and form.fields["rate_date"].required
    assert form.fields["exchange_rate"].help_text and form.fields["rate_date"].help_text
    # The currency, the rate and its date come together in the form.
    names = list(form.fields)
    assert names.index("exchange_rate") == names.index("currency") + 1
    assert names.index("rate_date") == names.index("currency") + 2
    data = form_data(demo, title="Gröna hamnar", call=call.pk, currency="EUR")
    data["amount_applied"] = "500 000"
    missing = client.post(url, data)
    assert missing.status_code == 200
    assert {"exchange_rate", "rate_date"} <= set(missing.context["form"].errors)
    saved = client.post(url, {**data, "exchange_rate": "11,25", "rate_date": "2044-04-30"})
    assert saved.status_code == 302, saved.context["form"].errors
    application = Application.objects.get(call=call)
    assert application.currency == "EUR"
    assert application.exchange_rate == Decimal("11.25")
    assert application.amount_applied == Decimal("500000")
    assert application.amount_applied_sek == Decimal("5625000")


def test_the_action_takes_euro_for_a_call_unless_told(demo):
    from samverkan.applications import actions

    call = Call.objects.create(municipality=demo.motala, reference="TEST-REF-EUR-2", title="X")
    values = {
        "title": "Från utlysningen",
        "lead_body": demo.own_committee,
        "call": call,
        "exchange_rate": Decimal("11.2"),
        "rate_date": datetime.date(2044, 1, 2),
    }
    made = actions.create_application(
        values, municipality=demo.motala, acting_user=demo.users["coordinator"]
    )
    assert made.currency == "EUR"
    blank = actions.create_application(
        {"title": "Utan utlysning", "lead_body": demo.own_committee},
        municipality=demo.motala,
        acting_user=demo.users["coordinator"],
    )
    assert blank.currency == "SEK"
    with pytest.raises(RuleViolation) as refused:
        actions.create_application(
            {"title": "Utan kurs", "lead_body": demo.own_committee, "call": call},
            municipality=demo.motala,
            acting_user=demo.users["coordinator"],
        )
    assert {field for field, _message in refused.value.errors} >= {"exchange_rate", "rate_date"}
