"""Activities as the API gives them: plain dictionaries, built in a fixed number of queries.

A page of a hundred activities through model instances and the schema's resolvers cost
about 20 ms of Python: Django's prefetching builds an instance for every related row, and
django-ninja asks each of the 45 fields through a getter object. Here the related rows
come as tuples (one query per relation, in the order the relation's model sorts by, as
the prefetch gave them), each row's fields are filled in once, and the schema validates
plain values. The list, the detail and the answers to writes all use `activity_row`, so
they agree field by field.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django_countries import countries as country_list

from samverkan.activities.models import Activity, ActivityCountry
from samverkan.lib.rows import choice_label
from samverkan.organisation.models import Goal
from samverkan.registry.access import visible_partners
from samverkan.registry.models import NetworkMembership, Partner, TwinTown

CENT = Decimal("0.01")


def _grouped(rows) -> dict[int, list[tuple]]:
    """(activity id, value, ...) tuples grouped by activity, in the order given."""
    grouped = defaultdict(list)
    for activity_id, *values in rows:
        grouped[activity_id].append(values)
    return grouped


def related_values(request, activity_ids: list[int]) -> dict[str, dict[int, list[tuple]]]:
    """Countries, partners, twin towns, memberships and goals of the activities: 5 queries.

    The same rows the relations' managers give (the caller's visible partners only), read
    as values rather than instances.
    """
    if not activity_ids:
        return defaultdict(dict)
    partners = visible_partners(request, Partner.objects.all())
    return {
        "countries": _grouped(
            ActivityCountry.objects.filter(activity_id__in=activity_ids)
            .order_by("country")
            .values_list("activity_id", "country")
        ),
        "partners": _grouped(
            partners.filter(activities__in=activity_ids)
            .order_by("name", "pk")
            .values_list("activities", "pk", "name")
        ),
        "twin_towns": _grouped(
            TwinTown.objects.filter(activities__in=activity_ids)
            .order_by("partner__name", "pk")
            .values_list("activities", "pk", "partner__name")
        ),
        "memberships": _grouped(
            NetworkMembership.objects.filter(activities__in=activity_ids)
            .order_by("organisation__name", "pk")
            .values_list("activities", "pk", "organisation__name")
        ),
        "goals": _grouped(
            Goal.objects.filter(activities__in=activity_ids)
            .order_by("code", "title", "pk")
            .values_list("activities", "pk", "code", "title")
        ),
    }


def activity_row(activity: Activity, related: dict[str, dict[int, list[tuple]]]) -> dict:
    """Every field of ActivityOut for `activity` (its parts' trees loaded for the roll-up)."""
    pk = activity.pk
    codes = [code for (code,) in related["countries"].get(pk, ())]
    partners = related["partners"].get(pk, ())
    twin_towns = related["twin_towns"].get(pk, ())
    memberships = related["memberships"].get(pk, ())
    goals = related["goals"].get(pk, ())
    parent = activity.parent if activity.parent_id else None
    return {
        "id": pk,
        "title": activity.title,
        "description": activity.description,
        "committee": activity.committee_id,
        "committee_name": activity.committee.name,
        "administration": activity.administration,
        "kind": activity.kind,
        "kind_label": choice_label(Activity.Kind, activity.kind),
        "status": activity.status,
        "status_label": choice_label(Activity.Status, activity.status),
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "countries": codes,
        "country_names": [str(country_list.name(code)) for code in codes],
        "partners": [partner_id for partner_id, _name in partners],
        "partner_names": [name for _id, name in partners],
        "twin_towns": [twin_id for twin_id, _name in twin_towns],
        "twin_town_names": [name or str(_("twin town")) for _id, name in twin_towns],
        "memberships": [membership_id for membership_id, _name in memberships],
        "membership_names": [name or str(_("membership")) for _id, name in memberships],
        "goals": [goal_id for goal_id, _code, _title in goals],
        "goal_codes": [code for _id, code, _title in goals],
        "goal_names": [f"{code} {title}".strip() for _id, code, title in goals],
        "missing_goal": not goals,
        "participants_elected": activity.participants_elected,
        "participants_employees": activity.participants_employees,
        "participants_residents": activity.participants_residents,
        "participants_young": activity.participants_young,
        "participants_total": activity.participants_total,
        "own_costs": activity.own_costs,
        "external_funding": Decimal(activity.external_funding_sek).quantize(CENT),
        "purpose": activity.purpose,
        "traveller_selection": activity.traveller_selection,
        "travellers": activity.travellers,
        "results": activity.results,
        "lessons": activity.lessons,
        "agenda_2030_goals": sorted(activity.agenda_2030_goals or []),
        "parent": activity.parent_id,
        "parent_title": parent.title if parent is not None else None,
        "weight": activity.weight,
        "progress": activity.progress,
        "rolled_up_progress": activity.rolled_up_progress(),
        "external_id": activity.external_id,
        "is_public": activity.is_public,
        "eu_priority": activity.eu_priority,
        "is_demo": activity.is_demo,
        "version": activity.version,
    }


def activity_rows(request, activities: list[Activity]) -> list[dict]:
    """`activity_row` for each of `activities`, their related rows read in 5 queries."""
    related = related_values(request, [activity.pk for activity in activities])
    return [activity_row(activity, related) for activity in activities]
