"""Named changes to the organisation: each is atomic and writes its history (lib.actions).

Pages, the API, commands and the demo change bodies and goals only through these.
"""

import csv
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.history.actions import trash
from samverkan.lib.actions import (
    RuleViolation,
    apply_values,
    authorize,
    save_changes,
    save_new,
)

from .models import Body, County, Goal, Municipality, RoleAssignment

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_municipalities() -> tuple[int, int]:
    """Create or update the 21 counties and 290 municipalities; returns the counts."""
    counties = {}
    with open(DATA_DIR / "counties.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            county, _created = County.objects.update_or_create(
                code=row["county_code"], defaults={"name": row["county_name"]}
            )
            counties[county.code] = county
    existing = {m.code: m for m in Municipality.objects.all()}
    count = 0
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["municipality_code"]
            # The short name is the reliable one ("Falun", not the machine-made "Faluns kommun").
            name = row["municipality_name_short"]
            county = counties[row["county_code"]]
            current = existing.get(code)
            if current is None:
                Municipality.objects.create(code=code, name=name, county=county)
            elif (current.name, current.county_id) != (name, county.pk):
                current.name, current.county = name, county
                current.save(update_fields=["name", "county"])
            count += 1
    return len(counties), count


# Decision bodies ---------------------------------------------------------------------

# What a committee editor may change about their own committee: its description, not
# its name or kind (those are the structure, kept by administrators and coordinators).
COMMITTEE_EDITABLE = ("administration", "description")


def _name_taken(name) -> RuleViolation:
    return RuleViolation(_("There is already a body with this name."), "name")


def _check_body(body) -> None:
    # The unique constraint includes the municipality, which no form shows: check it here
    # (ignoring case, as people read names) instead of failing on save.
    clash = Body.objects.filter(municipality_id=body.municipality_id, name__iexact=body.name)
    if clash.exclude(pk=body.pk).exists():
        raise _name_taken(body.name)


def create_body(municipality, values: dict, *, acting_user) -> Body:
    body = Body(municipality=municipality)
    apply_values(body, values)
    authorize(acting_user, "samverkan.manage_structure", body)
    _check_body(body)
    return save_new(
        body, acting_user=acting_user, perm=None, on_integrity_error=_name_taken(body.name)
    )


def update_body(body, values: dict, *, expected_version, acting_user) -> Body:
    """Change a body; a committee editor may change only what COMMITTEE_EDITABLE names."""
    authorize(acting_user, "samverkan.change_record", body)
    if not acting_user.has_perm("samverkan.manage_structure", body):
        locked = [
            name
            for name, value in values.items()
            if name not in COMMITTEE_EDITABLE and value != getattr(body, name)
        ]
        if locked:
            raise PermissionDenied(
                _("You may change only the administration and the description of this body.")
            )
        values = {name: values[name] for name in COMMITTEE_EDITABLE if name in values}
    fields, _m2m = apply_values(body, values)
    _check_body(body)
    return save_changes(
        body,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        on_integrity_error=_name_taken(body.name),
    )


def delete_body(body, *, acting_user) -> None:
    trash(body, acting_user=acting_user, perm="samverkan.manage_structure")


# Development programme (LUP) goals ---------------------------------------------------

EXPECTED_PARENT_LEVEL = {
    Goal.Level.VISION: None,
    Goal.Level.AREA: Goal.Level.VISION,
    Goal.Level.GOAL: Goal.Level.AREA,
}


def _check_goal(goal) -> None:
    """A goal's place in the tree (vision > area > goal), within one municipality."""
    errors = []
    parent = goal.parent
    if parent is not None and (parent.municipality_id != goal.municipality_id or parent == goal):
        errors.append(("parent", _("Choose a goal of this municipality as the parent.")))
    elif goal.level:
        wanted = EXPECTED_PARENT_LEVEL[goal.level]
        if wanted is None and parent is not None:
            errors.append(("parent", _("A vision is the top of the tree and has no parent.")))
        elif wanted is not None and (parent is None or parent.level != wanted):
            errors.append(
                (
                    "parent",
                    _("A %(level)s must be part of a %(parent_level)s.")
                    % {
                        "level": Goal.Level(goal.level).label.lower(),
                        "parent_level": Goal.Level(wanted).label.lower(),
                    },
                )
            )
    start, end = goal.valid_from_year, goal.valid_to_year
    if start and end and end < start:
        errors.append(("valid_to_year", _("The last year comes before the first year.")))
    if errors:
        raise RuleViolation(errors=errors)


def create_goal(municipality, values: dict, *, acting_user) -> Goal:
    goal = Goal(municipality=municipality)
    apply_values(goal, values)
    authorize(acting_user, "samverkan.manage_structure", goal)
    _check_goal(goal)
    return save_new(goal, acting_user=acting_user, perm=None)


def update_goal(goal, values: dict, *, expected_version, acting_user) -> Goal:
    authorize(acting_user, "samverkan.manage_structure", goal)
    fields, _m2m = apply_values(goal, values)
    _check_goal(goal)
    return save_changes(
        goal,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.manage_structure",
    )


def delete_goal(goal, *, acting_user) -> None:
    trash(goal, acting_user=acting_user, perm="samverkan.manage_structure")


# People's roles ----------------------------------------------------------------------


def assign_role(user, municipality, role, *, committees=(), acting_user) -> RoleAssignment:
    """Give `user` a role in `municipality` (a committee editor edits only `committees`)."""
    assignment = RoleAssignment(user=user, municipality=municipality, role=role)
    authorize(acting_user, "samverkan.manage_users", municipality)
    if any(body.municipality_id != municipality.pk for body in committees):
        raise RuleViolation(_("Choose committees of this municipality."), "committees")
    return save_new(
        assignment,
        acting_user=acting_user,
        perm=None,
        m2m={"committees": list(committees)} if committees else None,
        on_integrity_error=_("The person already has a role in this municipality."),
    )
