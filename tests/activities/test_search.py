"""Swedish full-text search across activities (samverkan/activities/search.py).

Runs against the index the migrations build (FTS5 on SQLite, tsvector on PostgreSQL).
Rows live in 2041, a year no demo data uses, so demo activities never disturb a result.
"""

import datetime

import pytest
from django.db import connection

from samverkan.activities import search
from samverkan.activities.models import Activity
from samverkan.activities.search import search_activities
from samverkan.history.actions import delete_record, restore_record

DAY = datetime.date(2041, 5, 1)


def add(demo, title, *, municipality=None, committee=None, **fields):
    return Activity.objects.create(
        municipality=municipality or demo.motala,
        committee=committee or demo.own_committee,
        title=title,
        start_date=DAY,
        **fields,
    )


def found(demo, text, municipality=None):
    base = Activity.objects.filter(municipality=municipality or demo.motala, start_date=DAY)
    return set(search_activities(base, text).values_list("title", flat=True))


@pytest.fixture
def rows(demo):
    return {
        "vänorten": add(demo, "Besök i vänorten", description="Vi reste till Ljungby."),
        "vänorter": add(demo, "Nätverksmöte", purpose="Stärka banden med våra vänorter."),
        "compound": add(demo, "Kulturutbyte", results="Ett nytt vänortssamarbete med Tartu."),
        "öre": add(demo, "Budgetuppföljning", lessons="Varje öre räknas."),
        "ore": add(demo, "Mining conference", description="Iron ore and the green transition."),
        "other": add(demo, "Skolutbyte med Frankrike", committee=demo.other_committee),
    }


def test_vänort_finds_inflections_and_the_compound(demo, rows):
    assert found(demo, "vänort") == {"Besök i vänorten", "Nätverksmöte", "Kulturutbyte"}
    # Upper case and an inflected form find the same rows.
    assert found(demo, "VÄNORT") == found(demo, "vänort")
    assert "Besök i vänorten" in found(demo, "vänorten")


def test_öre_does_not_find_ore_and_back(demo, rows):
    assert found(demo, "öre") == {"Budgetuppföljning"}
    assert found(demo, "Öre") == {"Budgetuppföljning"}
    assert found(demo, "ore") == {"Mining conference"}
    # "ö" typed as o + a combining diaeresis is still ö.
    assert found(demo, "o\u0308re") == {"Budgetuppföljning"}


def test_every_searched_field_counts(demo, rows):
    assert found(demo, "ljungby") == {"Besök i vänorten"}  # description
    assert found(demo, "banden") == {"Nätverksmöte"}  # purpose
    assert found(demo, "tartu") == {"Kulturutbyte"}  # results
    assert found(demo, "räknas") == {"Budgetuppföljning"}  # lessons
    assert found(demo, "frankrike") == {"Skolutbyte med Frankrike"}  # title


def test_committee_name_is_searched(demo, rows):
    assert found(demo, "socialnämnden") == {"Skolutbyte med Frankrike"}
    # Words may match in different fields: the committee and the title here.
    assert found(demo, "bildningsnämnden kulturutbyte") == {"Kulturutbyte"}


def test_every_word_must_match(demo, rows):
    assert found(demo, "vänort tartu") == {"Kulturutbyte"}
    assert found(demo, "vänort ljungby") == {"Besök i vänorten"}
    assert found(demo, "vänort frankrike") == set()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"vänort',
        "vänort*",
        "*",
        "vänort NEAR tartu",
        "NEAR(vänort tartu)",
        "vänort OR ljungby",
        "-vänort",
        "vänort -tartu",
        "(vänort",
        "vänort)",
        "title:vänort",
        "^vänort",
        "vänort & !tartu | ljungby",
        "'vänort':*",
        "vänort <-> tartu",
        "AND",
        "a' OR 1=1 --",
        "%_\\",
        "\x00vänort",
        "🙂 vänort",
        "vänort " * 50,
    ],
)
def test_odd_input_never_errors(demo, rows, text):
    result = found(demo, text)  # evaluating the query must not raise
    assert result <= set(Activity.objects.filter(start_date=DAY).values_list("title", flat=True))


def test_syntax_characters_are_plain_separators(demo, rows):
    assert found(demo, '"vänort"*') == found(demo, "vänort")
    assert found(demo, "vänort OR ljungby") == set()  # OR is a word to match, not an operator
    assert found(demo, "(tartu)") == {"Kulturutbyte"}


def test_text_without_words_leaves_the_queryset_alone(demo, rows):
    assert len(found(demo, "")) == len(rows)
    assert len(found(demo, " -*() ")) == len(rows)
    assert search.words("Vänort, vänort; TARTU") == ["vänort", "tartu"]


def test_another_municipality_is_never_found(demo, rows):
    add(demo, "Vänortsträff i Vadstena", municipality=demo.vadstena, committee=demo.vadstena_body)
    assert "Vänortsträff i Vadstena" not in found(demo, "vänort")
    assert found(demo, "vänort", municipality=demo.vadstena) == {"Vänortsträff i Vadstena"}


def test_stays_a_queryset_callers_can_filter_and_count(demo, rows):
    base = Activity.objects.filter(municipality=demo.motala, start_date=DAY)
    result = search_activities(base, "vänort")
    assert result.count() == 3
    assert result.filter(title__startswith="Kultur").count() == 1
    assert list(result.order_by("title").values_list("title", flat=True)[:1]) == [
        "Besök i vänorten"
    ]
    # Used as a subquery in another table's query (as the list's totals do).
    assert Activity.objects.filter(pk__in=result.values("pk")).count() == 3


def test_search_is_one_query(demo, rows, django_assert_num_queries):
    base = Activity.objects.filter(municipality=demo.motala, start_date=DAY)
    with django_assert_num_queries(1):
        assert len(list(search_activities(base, "vänort tartu"))) == 1


def test_index_follows_create_edit_and_delete(demo):
    activity = add(demo, "Planering")
    assert found(demo, "sommarläger") == set()

    activity.description = "Sommarläger för unga från vänorterna."
    activity.save()
    assert found(demo, "sommarläger") == {"Planering"}

    activity.title = "Sommarläger 2041"
    activity.description = ""
    activity.save()
    assert found(demo, "planering") == set()
    assert found(demo, "sommarläger") == {"Sommarläger 2041"}

    # queryset.update() and bulk_create bypass model signals; the triggers do not.
    Activity.objects.filter(pk=activity.pk).update(lessons="Fler ledare behövs.")
    assert found(demo, "ledare") == {"Sommarläger 2041"}
    Activity.objects.bulk_create(
        [
            Activity(
                municipality=demo.motala,
                committee=demo.own_committee,
                title="Massimport",
                start_date=DAY,
            )
        ]
    )
    assert found(demo, "massimport") == {"Massimport"}

    activity.delete()
    assert found(demo, "sommarläger") == set()
    assert found(demo, "ledare") == set()


def test_committee_move_and_rename_reach_the_index(demo):
    activity = add(demo, "Lärarutbyte")
    assert found(demo, "bildningsnämnden") == {"Lärarutbyte"}

    activity.committee = demo.other_committee
    activity.save()
    assert found(demo, "bildningsnämnden") == set()
    assert found(demo, "socialnämnden") == {"Lärarutbyte"}

    demo.other_committee.name = "Vård- och omsorgsnämnden"
    demo.other_committee.save()
    assert found(demo, "socialnämnden") == set()
    assert found(demo, "omsorgsnämnden") == {"Lärarutbyte"}


def test_delete_to_trash_and_restore(demo):
    activity = add(demo, "Elevutbyte med Kiel", purpose="Språkträning i tyska.")
    entry = delete_record(activity, acting_user=demo.users["coordinator"])
    assert found(demo, "kiel") == set()
    restore_record(entry, acting_user=demo.users["admin"])
    assert found(demo, "kiel") == {"Elevutbyte med Kiel"}
    assert found(demo, "språkträning") == {"Elevutbyte med Kiel"}


def test_rebuild_and_ensure_index_restore_a_broken_index(demo, rows):
    before = found(demo, "vänort")
    search.rebuild_index(connection)
    assert found(demo, "vänort") == before

    # A migration that remakes the table on SQLite drops its triggers; ensure_index
    # (run after every migrate) puts them back and refills the index.
    statements = (
        search.SQLITE_DROP[:-1]
        if connection.vendor == "sqlite"
        else ["DROP TRIGGER activities_activity_search ON activities_activity"]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    add(demo, "Utan index", description="vänortsdag")
    assert "Utan index" not in found(demo, "vänort")
    search.ensure_index(connection.alias)
    assert found(demo, "vänort") == before | {"Utan index"}
    add(demo, "Med index igen", description="vänortsdag")
    assert "Med index igen" in found(demo, "vänort")
