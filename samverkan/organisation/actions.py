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
    SYSTEM,
    RuleViolation,
    apply_values,
    authorize,
    save_changes,
    save_new,
    stamp,
)

from .models import Body, County, Goal, Municipality, Role, RoleAssignment

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
    delegating = body.delegated_by
    if body.kind in Body.DELEGATE_KINDS:
        if delegating is None:
            raise RuleViolation(
                _("Choose the body a working committee or officer decides for."), "delegated_by"
            )
        if delegating.municipality_id != body.municipality_id:
            raise RuleViolation(_("Choose a body of your own municipality."), "delegated_by")
        if delegating.kind in Body.DELEGATE_KINDS or delegating.pk == body.pk:
            raise RuleViolation(
                _("Only the council, the executive board or a committee delegates."),
                "delegated_by",
            )
    elif delegating is not None:
        raise RuleViolation(
            _("Only a working committee or an officer decides by delegation."), "delegated_by"
        )


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


# People and their roles ----------------------------------------------------------------
#
# A municipality's administrator invites people by e-mail, gives, changes and removes
# their roles and deactivates leavers; the platform operator does the same from the
# command line (SYSTEM). Every change leaves a history row (roles and users are versioned).


def _check_role(municipality, role, committees) -> None:
    if role not in Role.values:
        raise RuleViolation(_("Choose one of the roles."), "role")
    if any(body.municipality_id != municipality.pk for body in committees):
        raise RuleViolation(_("Choose committees of this municipality."), "committees")
    if role == Role.COMMITTEE_EDITOR and not committees:
        raise RuleViolation(_("A committee editor edits for at least one committee."), "committees")
    if role != Role.COMMITTEE_EDITOR and committees:
        raise RuleViolation(_("Only a committee editor is tied to committees."), "committees")


def assign_role(user, municipality, role, *, committees=(), acting_user) -> RoleAssignment:
    """Give `user` a role in `municipality` (a committee editor edits only `committees`)."""
    authorize(acting_user, "samverkan.manage_users", municipality)
    committees = list(committees)
    _check_role(municipality, role, committees)
    if RoleAssignment.objects.filter(user=user, municipality=municipality).exists():
        raise RuleViolation(_("The person already has a role in this municipality."), "email")
    assignment = RoleAssignment(user=user, municipality=municipality, role=role)
    return save_new(
        assignment,
        acting_user=acting_user,
        perm=None,
        m2m={"committees": committees} if committees else None,
        on_integrity_error=_("The person already has a role in this municipality."),
    )


def _last_administrator(assignment) -> bool:
    return (
        assignment.role == Role.ADMINISTRATOR
        and not RoleAssignment.objects.filter(
            municipality_id=assignment.municipality_id, role=Role.ADMINISTRATOR
        )
        .exclude(pk=assignment.pk)
        .filter(user__is_active=True)
        .exists()
    )


@transaction.atomic
def change_role(assignment, *, role, committees=(), acting_user) -> RoleAssignment:
    authorize(acting_user, "samverkan.manage_users", assignment)
    committees = list(committees)
    _check_role(assignment.municipality, role, committees)
    if role != Role.ADMINISTRATOR and _last_administrator(assignment):
        raise RuleViolation(_("The municipality must keep at least one administrator."), "role")
    assignment.role = role
    stamp(assignment, acting_user, _("Role changed"))
    assignment.save(update_fields=["role"])
    assignment.committees.set(committees)
    return assignment


def remove_role(assignment, *, acting_user) -> None:
    """Take a person's role in the municipality away (restorable from the trash)."""
    authorize(acting_user, "samverkan.manage_users", assignment)
    if _last_administrator(assignment):
        raise RuleViolation(_("The municipality must keep at least one administrator."))
    trash(assignment, acting_user=acting_user, perm=None)


def _invitation_mail(user, municipality, role, *, needs_password: bool) -> None:
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django.utils.translation import override

    link = settings.SAMVERKAN_BASE_URL.rstrip("/")
    if needs_password:
        link += reverse(
            "password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    else:
        link += reverse("login")
    with override(municipality.default_language):
        context = {
            "user": user,
            "municipality": municipality,
            "role": Role(role).label,
            "link": link,
            "needs_password": needs_password,
        }
        subject = _("You are invited to Samverkan, %(municipality)s") % {
            "municipality": municipality.name
        }
        body = render_to_string("organisation/email/invitation.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


@transaction.atomic
def invite_user(
    municipality,
    *,
    email: str,
    role,
    committees=(),
    first_name: str = "",
    last_name: str = "",
    acting_user,
) -> RoleAssignment:
    """Give the person with `email` a role, making their account if they have none.

    A new person gets an e-mail with a link to choose a password (valid as long as a
    password-reset link); someone who already has an account gets word of the new role.
    The e-mail goes out once the change is saved.
    """
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    authorize(acting_user, "samverkan.manage_users", municipality)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RuleViolation(_("Give a valid e-mail address."), "email") from None
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        if User.objects.filter(username__iexact=email).exists():
            raise RuleViolation(_("The address is taken by another account."), "email")
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        stamp(user, acting_user, _("Invited"))
        user.save()
    elif not user.is_active:
        raise RuleViolation(
            _("The account of %(email)s is deactivated: ask the platform operator.")
            % {"email": email},
            "email",
        )
    assignment = assign_role(
        user, municipality, role, committees=committees, acting_user=acting_user
    )
    needs_password = not user.has_usable_password()
    transaction.on_commit(
        lambda: _invitation_mail(user, municipality, role, needs_password=needs_password)
    )
    return assignment


@transaction.atomic
def deactivate_user(user, *, acting_user, municipality=None) -> None:
    """A leaver can no longer sign in, and their API tokens stop working with the account.

    A municipality's administrator (`municipality` given) deactivates only people whose
    every role is in that municipality; the operator (SYSTEM) anyone. Nobody themself.
    """
    if user == acting_user:
        raise RuleViolation(_("You cannot deactivate yourself."))
    if municipality is not None:
        authorize(acting_user, "samverkan.manage_users", municipality)
        roles = RoleAssignment.objects.filter(user=user)
        if not roles.filter(municipality=municipality).exists():
            raise RuleViolation(_("The person has no role in this municipality."))
        if roles.exclude(municipality=municipality).exists():
            raise RuleViolation(
                _("The person also works in another municipality: remove the role here instead.")
            )
        for assignment in roles:
            if _last_administrator(assignment):
                raise RuleViolation(_("The municipality must keep at least one administrator."))
    elif acting_user is not SYSTEM:
        raise PermissionDenied
    if not user.is_active:
        return
    user.is_active = False
    stamp(user, acting_user, _("Deactivated"))
    user.save(update_fields=["is_active"])


def set_data_protection_officer(municipality, contact: str, *, acting_user) -> Municipality:
    """Name the municipality's data protection officer (the record of processing shows
    them): the administrator's, like the record itself."""
    authorize(acting_user, "samverkan.manage_users", municipality)
    contact = contact.strip()
    if "\x00" in contact or len(contact) > 1000:
        raise RuleViolation(
            _("Write the name and contact details in at most 1000 characters."),
            "data_protection_officer",
        )
    with transaction.atomic():
        municipality.data_protection_officer = contact
        stamp(municipality, acting_user)
        municipality.save(update_fields=["data_protection_officer"])
    return municipality
