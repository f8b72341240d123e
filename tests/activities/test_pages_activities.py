"""Activity pages: the list with filters and totals, the record page, editing by role, files."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.activities import queries
from samverkan.activities.actions import set_activity_countries
from samverkan.activities.models import Activity, ActivityAttachment, FundingLine, Milestone
from samverkan.lib.actions import SYSTEM
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import Partner

PDF = minimal_pdf("Program")
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english(client):
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"
    return client


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def make_activity(demo, title="Studiebesök i Hyvinge", start=datetime.date(2031, 3, 1), **extra):
    codes = extra.pop("countries", ())
    activity = Activity.objects.create(
        municipality=extra.pop("municipality", demo.motala),
        title=title,
        committee=extra.pop("committee", demo.own_committee),
        start_date=start,
        **extra,
    )
    if codes:
        set_activity_countries(activity, codes, acting_user=SYSTEM)
    return activity


def form_data(demo, **changes):
    data = {
        "title": "Skolutbyte med Hyvinge",
        "committee": demo.own_committee.pk,
        "kind": "student_exchange",
        "status": "planned",
        "start_date": "2031-04-01",
        "end_date": "2031-04-10",
        "countries": ["FI"],
        "participants_elected": "0",
        "participants_employees": "2",
        "participants_residents": "0",
        "participants_young": "12",
        "own_costs": "15000",
        "weight": "1",
        "is_public": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- list --------------------------------------------------------------------------------


def test_list_filters_and_totals_for_the_whole_filtered_set(client, demo):
    login(client, demo, "reader")
    finland = make_activity(demo, "Vänortsbesök", countries=["FI"], participants_employees=3)
    finland.own_costs = Decimal("1234.50")
    finland.save()
    kenya = make_activity(
        demo,
        "Projekt Kenya",
        committee=demo.other_committee,
        countries=["KE"],
        participants_young=7,
        own_costs=Decimal("100"),
    )
    FundingLine.objects.create(
        municipality=demo.motala,
        activity=kenya,
        source=FundingLine.Source.NATIONAL_PROGRAMME,
        amount=Decimal("5000"),
    )
    make_activity(demo, "Förra året", start=datetime.date(2030, 5, 1), own_costs=Decimal("9"))
    response = client.get(reverse("activity-list"), {"year": "2031"})
    assert response.status_code == 200
    assert {a.title for a in response.context["page"]} == {"Vänortsbesök", "Projekt Kenya"}
    assert response.context["totals"] == queries.ActivityFigures(
        count=2,
        participants=10,
        own_costs=Decimal("1334.50"),
        external_funding=Decimal("5000.00"),
    )
    only_world = client.get(reverse("activity-list"), {"year": "2031", "region": "world"})
    assert [a.title for a in only_world.context["page"]] == ["Projekt Kenya"]
    assert only_world.context["totals"]["count"] == 1
    # The chosen filter is selected again in its menu.
    assert '<option value="world" selected>' in only_world.content.decode()


def test_totals_cover_every_page_not_only_the_first(client, demo):
    login(client, demo, "reader")
    for number in range(30):
        make_activity(demo, f"Möte {number:02d}", own_costs=Decimal("10"))
    response = client.get(reverse("activity-list"), {"year": "2031", "sort": "title"})
    assert len(response.context["page"]) == 25
    assert response.context["totals"]["count"] == 30
    assert response.context["totals"]["own_costs"] == Decimal("300")
    assert response.context["page"][0].title == "Möte 00"
    second = client.get(reverse("activity-list"), {"year": "2031", "sort": "title", "page": 2})
    assert [a.title for a in second.context["page"]][0] == "Möte 25"


def test_sorting_by_own_costs_descending(client, demo):
    login(client, demo, "reader")
    for cost in (5, 500, 50):
        make_activity(demo, f"Kostnad {cost}", own_costs=Decimal(cost))
    response = client.get(reverse("activity-list"), {"year": "2031", "sort": "-own_costs"})
    assert [a.own_costs for a in response.context["page"]] == [500, 50, 5]
    assert response.context["sort_links"]["own_costs"]["direction"] == "descending"


def test_search_is_wired_to_the_list(client, demo):
    login(client, demo, "reader")
    make_activity(demo, "Vänortsbesök i Finland")
    make_activity(demo, "Konferens i Bryssel")
    response = client.get(reverse("activity-list"), {"q": "vänort", "year": "2031"})
    assert [a.title for a in response.context["page"]] == ["Vänortsbesök i Finland"]
    assert response.context["totals"]["count"] == 1


def test_bad_query_strings_answer_the_list_not_an_error(client, demo):
    login(client, demo, "reader")
    response = client.get(
        reverse("activity-list"),
        {"year": "x", "committee": "abc", "goal": "'; drop", "sort": "secret", "page": "-3"},
    )
    assert response.status_code == 200


def test_list_queries_do_not_grow_with_rows(client, demo, django_assert_num_queries):
    login(client, demo, "reader")
    make_activity(demo, "En", countries=["FI"])
    params = {"year": "2031", "region": "eu"}
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("activity-list"), params)
    for number in range(40):
        make_activity(demo, f"Aktivitet {number}", countries=["FI", "DE"])
    # Exactly as many queries for 41 rows as for one: rows, countries and totals are batched.
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("activity-list"), params)
    assert len(response.context["page"]) == 25
    assert response.context["totals"]["count"] == 41


def test_import_and_export_links_appear_only_when_their_pages_exist(client, demo):
    from samverkan.activities.views.helpers import url_or_none

    login(client, demo, "coordinator")
    response = client.get(reverse("activity-list"), {"year": "2031"})
    assert response.context["import_url"] == url_or_none("activity-import")
    export = url_or_none("activity-export")
    if export is None:
        assert response.context["export_url"] is None
    else:
        # The export takes the same filter as the list.
        assert response.context["export_url"].startswith(export)
        assert "year=2031" in response.context["export_url"]


# --- record page -------------------------------------------------------------------------


def test_detail_explains_the_eu_priority_and_marks_local_actors(english, demo):
    english_client = login(english, demo, "reader")
    activity = make_activity(demo, "London", start=datetime.date(2019, 5, 1), countries=["GB"])
    local = Partner.objects.create(
        municipality=demo.motala,
        name="Motala Verkstad AB",
        kind=Partner.Kind.COMPANY,
        country="SE",
        is_local_actor=True,
    )
    activity.partners.add(local)
    response = english_client.get(reverse("activity-detail", args=[activity.pk]))
    page = response.content.decode()
    assert activity.eu_priority is True
    assert "United Kingdom was in the EU on 2019-05-01." in page
    assert "Motala Verkstad AB" in page and "local actor" in page


def test_detail_explains_eu_funding_as_the_reason(english, demo):
    login(english, demo, "reader")
    activity = make_activity(demo, "Norge", countries=["NO"])
    FundingLine.objects.create(
        municipality=demo.motala,
        activity=activity,
        source=FundingLine.Source.EU_PROGRAMME,
        programme="Interreg Aurora",
        amount=Decimal("100"),
        currency="EUR",
        exchange_rate=Decimal("11.5"),
        rate_date=datetime.date(2031, 1, 2),
    )
    activity.refresh_derived()
    page = english.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert "EU funding: Interreg Aurora." in page
    # Swedish number format on the Swedish page (the default language).
    english.cookies["django_language"] = "sv"
    swedish = english.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert "1\xa0150,00" in swedish


def test_the_goal_warning_shows_until_a_goal_is_given(english, demo):
    login(english, demo, "reader")
    activity = make_activity(demo)
    page = english.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert 'id="goal-warning"' in page and "No development goal given." in page
    activity.goals.add(demo.motala_goal)
    page = english.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert 'id="goal-warning"' not in page


def test_progress_rolls_up_from_the_parts_with_the_weighting_shown(english, demo):
    login(english, demo, "reader")
    project = make_activity(demo, "Huvudprojekt", kind=Activity.Kind.PROJECT)
    make_activity(demo, "Del A", parent=project, weight=Decimal("3"), progress=100)
    make_activity(demo, "Del B", parent=project, weight=Decimal("1"), progress=20)
    response = english.get(reverse("activity-detail", args=[project.pk]))
    assert response.context["rolled_up_progress"] == 80  # (3*100 + 1*20) / 4
    page = response.content.decode()
    assert "Progress: 80 %" in page
    assert 'id="progress-parts"' in page and "75 %" in page and "25 %" in page


def test_detail_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    login(client, demo, "reader")
    activity = make_activity(demo, countries=["FI", "NO", "DE"])
    for number in range(5):
        Milestone.objects.create(municipality=demo.motala, activity=activity, title=f"M{number}")
    with django_assert_max_num_queries(40):
        assert client.get(reverse("activity-detail", args=[activity.pk])).status_code == 200


# --- roles ---------------------------------------------------------------------------------


def test_reader_reads_but_cannot_change(client, demo):
    login(client, demo, "reader")
    activity = make_activity(demo, is_public=False)
    assert client.get(reverse("activity-detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("activity-create")).status_code == 403
    assert client.post(reverse("activity-create"), form_data(demo)).status_code == 403
    assert client.get(reverse("activity-edit", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activity-delete", args=[activity.pk])).status_code == 403
    assert client.get(reverse("activity-funding-create", args=[activity.pk])).status_code == 403
    list_page = client.get(reverse("activity-list"))
    assert list_page.context["can_add"] is False


def test_anonymous_is_sent_to_login(client, demo):
    activity = make_activity(demo)
    response = client.get(reverse("activity-detail", args=[activity.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_vadstena_gets_404_for_motala_activities(client, demo):
    login(client, demo, "vadstena-coordinator")
    activity = make_activity(demo)
    for name in ("activity-detail", "activity-edit", "activity-delete", "activity-funding-create"):
        assert client.get(reverse(name, args=[activity.pk])).status_code == 404
    response = client.get(reverse("activity-list"), {"year": "2031"})
    assert response.context["totals"]["count"] == 0


def test_editor_creates_and_edits_only_for_their_own_committee(client, demo):
    login(client, demo, "editor")
    page = client.get(reverse("activity-create"))
    assert page.status_code == 200
    choices = list(page.context["form"].fields["committee"].queryset)
    assert choices == [demo.own_committee]
    # Another committee is not a valid choice for them.
    refused = client.post(
        reverse("activity-create"), form_data(demo, committee=demo.other_committee.pk)
    )
    assert refused.status_code == 200 and "committee" in refused.context["form"].errors
    assert not Activity.objects.filter(title="Skolutbyte med Hyvinge").exists()
    created = client.post(reverse("activity-create"), form_data(demo))
    assert created.status_code == 302
    activity = Activity.objects.get(title="Skolutbyte med Hyvinge")
    assert activity.committee == demo.own_committee
    assert [c.country.code for c in activity.countries.all()] == ["FI"]
    assert activity.eu_priority is True
    other = make_activity(demo, "Socialens resa", committee=demo.other_committee)
    assert client.get(reverse("activity-edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("activity-edit", args=[activity.pk])).status_code == 200


def test_coordinator_edits_with_optimistic_locking(client, demo):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    data = form_data(demo, title="Nytt namn", opened_version=activity.version)
    response = client.post(reverse("activity-edit", args=[activity.pk]), data)
    assert response.status_code == 302
    stale = client.post(reverse("activity-edit", args=[activity.pk]), {**data, "title": "Gammal"})
    assert stale.status_code == 409
    activity.refresh_from_db()
    assert activity.title == "Nytt namn"


def test_delete_moves_to_the_trash(client, demo):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    assert client.get(reverse("activity-delete", args=[activity.pk])).status_code == 200
    assert client.post(reverse("activity-delete", args=[activity.pk])).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2031-03-01"}, "end_date"),  # before the start
        ({"own_costs": "-5"}, "own_costs"),
        ({"own_costs": "mycket"}, "own_costs"),
        ({"start_date": "igår"}, "start_date"),
        ({"progress": "140"}, "progress"),
    ],
)
def test_bad_activity_input_is_a_message_on_the_field(client, demo, changes, field):
    login(client, demo, "coordinator")
    response = client.post(reverse("activity-create"), form_data(demo, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Activity.objects.filter(title="Skolutbyte med Hyvinge").exists()


def test_eur_funding_needs_a_rate_and_is_shown_in_sek(english, demo):
    login(english, demo, "coordinator")
    activity = make_activity(demo, countries=["NO"])
    url = reverse("activity-funding-create", args=[activity.pk])
    line = {"source": "eu_programme", "programme": "Erasmus+", "amount": "1000", "currency": "EUR"}
    refused = english.post(url, line)
    assert refused.status_code == 200 and "exchange_rate" in refused.context["form"].errors
    assert not activity.funding_lines.exists()
    negative = english.post(
        url, {**line, "amount": "-1", "exchange_rate": "11", "rate_date": "2031-02-01"}
    )
    assert "amount" in negative.context["form"].errors
    saved = english.post(url, {**line, "exchange_rate": "11.25", "rate_date": "2031-02-01"})
    assert saved.status_code == 302
    activity.refresh_from_db()
    assert activity.eu_priority is True
    assert activity.funding_lines.get().amount_sek == Decimal("11250.00")
    # Deleting the only EU line takes the EU priority away again.
    funding = activity.funding_lines.get()
    assert english.post(reverse("activity-funding-delete", args=[funding.pk])).status_code == 302
    activity.refresh_from_db()
    assert activity.eu_priority is False


def test_milestone_is_added(client, demo):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    url = reverse("activity-milestone-create", args=[activity.pk])
    assert (
        client.post(url, {"title": "Ansökan inskickad", "due_on": "2031-02-01"}).status_code == 302
    )
    assert activity.milestones.get().title == "Ansökan inskickad"


# --- attachments ---------------------------------------------------------------------------


def upload(client, activity, name="rapport.pdf", content=PDF, public=True):
    data = {"title": "Reserapport", "file": SimpleUploadedFile(name, content)}
    if public:
        data["is_public"] = "on"
    return client.post(reverse("activity-attachment-create", args=[activity.pk]), data)


def test_attachment_upload_is_checked_by_content(client, demo, media):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    refused = upload(client, activity, name="rapport.pdf", content=MZ)
    assert refused.status_code == 200 and "file" in refused.context["form"].errors
    assert not ActivityAttachment.objects.filter(activity=activity).exists()
    assert upload(client, activity).status_code == 302
    attachment = ActivityAttachment.objects.get(activity=activity)
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert (media / attachment.file.name).exists()


def test_internal_attachments_only_to_those_who_may_change_the_activity(client, demo):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    upload(client, activity, public=False)
    upload(client, activity, name="bild.pdf", public=True)
    internal = ActivityAttachment.objects.get(activity=activity, is_public=False)
    public = ActivityAttachment.objects.get(activity=activity, is_public=True)
    download = client.get(reverse("activity-attachment-download", args=[internal.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"
    login(client, demo, "reader")
    assert (
        client.get(reverse("activity-attachment-download", args=[internal.pk])).status_code == 403
    )
    assert client.get(reverse("activity-attachment-download", args=[public.pk])).status_code == 200
    detail = client.get(reverse("activity-detail", args=[activity.pk]))
    assert [a.pk for a in detail.context["attachments"]] == [public.pk]
    assert detail.context["hidden_attachments"] == 1
    assert upload(client, activity).status_code == 403
    login(client, demo, "vadstena-coordinator")
    assert client.get(reverse("activity-attachment-download", args=[public.pk])).status_code == 404


def test_policy_sections_link_the_lists(client, demo):
    login(client, demo, "reader")
    cooperation = client.get("/policy/sections/cooperation/").content.decode()
    assert f'href="{reverse("activity-list")}"' in cooperation
    follow_up = client.get("/policy/sections/follow-up/").content.decode()
    assert f'href="{reverse("training-list")}"' in follow_up
    assert f'href="{reverse("resource-list")}"' in follow_up


def test_detail_queries_do_not_grow_with_parts(client, demo, django_assert_num_queries):
    login(client, demo, "reader")
    project = make_activity(demo, "Huvudprojekt", kind=Activity.Kind.PROJECT)
    make_activity(demo, "Del 0", parent=project, progress=10)
    url = reverse("activity-detail", args=[project.pk])
    # The first request after a change fills the caches: count the next.
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(1, 12):
        make_activity(demo, f"Del {number}", parent=project, progress=10)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["parts"]) == 12 and response.context["rolled_up_progress"] == 10


def test_detail_after_an_edit_shows_the_history(client, demo):
    login(client, demo, "coordinator")
    activity = make_activity(demo)
    data = form_data(demo, title="Nytt namn", opened_version=activity.version)
    data["goals"] = [demo.motala_goal.pk]
    assert client.post(reverse("activity-edit", args=[activity.pk]), data).status_code == 302
    response = client.get(reverse("activity-detail", args=[activity.pk]))
    assert response.status_code == 200
    assert len(response.context["history"]) >= 2
    assert response.context["goals"] == [demo.motala_goal]


def test_every_page_opens_with_one_h1_and_labelled_fields(client, demo):
    from samverkan.activities.models import Resource, Training

    login(client, demo, "coordinator")
    activity = make_activity(demo, countries=["FI"])
    training = Training.objects.create(
        municipality=demo.motala, title="Kurs", held_on=datetime.date(2031, 1, 1), hours=2
    )
    resource = Resource.objects.create(municipality=demo.motala, body=demo.board, year=2031)
    line = FundingLine.objects.create(
        municipality=demo.motala, activity=activity, source="partner", amount=Decimal("1")
    )
    urls = [
        reverse("activity-list"),
        reverse("activity-create"),
        reverse("activity-detail", args=[activity.pk]),
        reverse("activity-edit", args=[activity.pk]),
        reverse("activity-delete", args=[activity.pk]),
        reverse("activity-funding-create", args=[activity.pk]),
        reverse("activity-funding-delete", args=[line.pk]),
        reverse("activity-milestone-create", args=[activity.pk]),
        reverse("activity-attachment-create", args=[activity.pk]),
        reverse("training-list"),
        reverse("training-create"),
        reverse("training-detail", args=[training.pk]),
        reverse("training-edit", args=[training.pk]),
        reverse("training-delete", args=[training.pk]),
        reverse("resource-list"),
        reverse("resource-create"),
        reverse("resource-edit", args=[resource.pk]),
        reverse("resource-delete", args=[resource.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        # Every visible select, textarea and input has a label pointing at it.
        for tag in re.findall(r"<(?:select|textarea|input)\b[^>]*>", html):
            field_id = re.search(r'\bid="([^"]+)"', tag)
            if 'type="hidden"' in tag or 'type="submit"' in tag:
                continue
            assert field_id and f'for="{field_id.group(1)}"' in html, (url, tag)


def test_parent_choices_are_projects_and_the_current_parent(client, demo):
    login(client, demo, "coordinator")
    project = make_activity(demo, "Projekt", kind=Activity.Kind.PROJECT)
    visit = make_activity(demo, "Besök", kind=Activity.Kind.STUDY_VISIT)
    part = make_activity(demo, "Del", kind=Activity.Kind.OTHER, parent=visit)
    new = client.get(reverse("activity-create")).context["form"].fields["parent"].queryset
    assert project in new and visit not in new
    edit = client.get(reverse("activity-edit", args=[part.pk])).context["form"]
    assert visit in edit.fields["parent"].queryset and part not in edit.fields["parent"].queryset
