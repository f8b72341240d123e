"""What every app's named actions are made of.

A change of state is one named function in the app's `actions.py` (`record_review`,
`end_twin_town`, `approve_account`, …). Pages, the API, management commands, importers
and the demo call those functions, never `Model.save()` or a form's `save()`. Each
action, built from the primitives here:

1. checks that the acting user may do it (`authorize`, the rules in organisation.rules);
2. checks the policy's and the domain's rules (`check_rules`, raising `RuleViolation`);
3. writes in one transaction, taking the version check when the caller opened a version
   (`save_changes`), and leaves one history row with who and why (`stamp`);
4. does its side effects (derived dates, totals) in the same transaction, and sends
   e-mail only after commit (`transaction.on_commit`).

Forms and API schemas only parse and check the shape of the input. A page shows a
`RuleViolation` in its form and a `VersionConflict` as the two versions side by side;
the API answers 400 and 409 with a JSON error.

`SYSTEM` acts for the server itself (management commands run by the operator, the
demo, scheduled imports): it passes every permission check and is recorded in the
history as no user.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ManyToManyField
from django.utils.translation import gettext as _

from . import changes
from .history_rows import write_links
from .versioning import VersionConflict, save_versioned

__all__ = [
    "SYSTEM",
    "RuleViolation",
    "StillInUse",
    "VersionConflict",
    "apply_values",
    "authorize",
    "check_rules",
    "history_user",
    "save_changes",
    "save_new",
    "stamp",
]


class _System:
    """The server acting on its own (a command, the demo): not a person, so no user."""

    is_authenticated = True
    is_active = True
    pk = None

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def get_username(self) -> str:
        return "system"

    def get_full_name(self) -> str:
        return ""

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


class RuleViolation(Exception):
    """A change the domain or the municipality's policy refuses.

    `errors` holds (field, message) pairs; field "" is the change as a whole. A page
    shows them in its form, the API answers 400 with them.
    """

    def __init__(self, message=None, field: str = "", *, errors=None):
        self.errors: list[tuple[str, str]] = list(errors or [])
        if message is not None:
            self.errors.insert(0, (field, str(message)))
        super().__init__("; ".join(message for _field, message in self.errors))

    @property
    def message(self) -> str:
        return self.errors[0][1] if self.errors else ""

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "RuleViolation":
        if hasattr(error, "error_dict"):
            return cls(
                errors=[
                    ("" if field == NON_FIELD_ERRORS else field, message)
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
            )
        return cls(errors=[("", message) for message in error.messages])


class StillInUse(Exception):
    """A record other records still refer to: it cannot be deleted (a page says so, 409)."""

    def __init__(self, record):
        self.record = record
        super().__init__(
            _("%(record)s is still in use and cannot be deleted.") % {"record": record}
        )

    @property
    def message(self) -> str:
        return str(self)


def authorize(acting_user, perm: str, obj) -> None:
    """Raise PermissionDenied unless `acting_user` has `perm` on `obj` (organisation.rules)."""
    if acting_user is None or not acting_user.has_perm(perm, obj):
        raise PermissionDenied
    if ".view_" not in perm:
        # Every action asks here first: its municipality's cached figures go stale.
        changes.record_changed(obj)


def history_user(acting_user):
    """The user a history row names: None for SYSTEM."""
    return None if acting_user is SYSTEM else acting_user


def stamp(obj, acting_user, reason=None) -> None:
    """Name who makes the next save of `obj` and why, for its history row."""
    obj._history_user = history_user(acting_user)
    changes.record_changed(obj)
    if reason is not None:
        obj._change_reason = str(reason)


def check_rules(obj, *, exclude=None) -> None:
    """Run the model's own rules (`clean()` and field checks); RuleViolation if broken."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise RuleViolation.from_validation_error(error) from None


def apply_values(obj, values: dict) -> tuple[list[str], dict]:
    """Set the column fields of `values` on `obj`; returns (their names, the many-to-many).

    Many-to-many values are returned to be written after the row (`save_new`,
    `save_changes`). A name that is no field of the model is a programming error.
    """
    fields, m2m = [], {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if isinstance(field, ManyToManyField):
            m2m[name] = value
        else:
            setattr(obj, field.attname if field.is_relation and _is_id(value) else name, value)
            fields.append(field.name)
    return fields, m2m


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _write_m2m(obj, m2m: dict | None) -> None:
    if not m2m:
        return

    def write():
        for name, value in m2m.items():
            getattr(obj, name).set(value)

    # The links belong to the save just made: one history row per save.
    write_links(obj, write)


def save_new(
    obj,
    *,
    acting_user,
    perm: str | None = "samverkan.add_record",
    m2m: dict | None = None,
    reason=None,
    on_integrity_error=None,
):
    """Insert `obj` (its values set) and its many-to-many values in one transaction.

    The permission is checked against the record as it will be, so a committee editor
    can add only their own committee's records.
    """
    if perm:
        authorize(acting_user, perm, obj)
    stamp(obj, acting_user, reason)
    try:
        with transaction.atomic():
            changes.record_changed(obj)
            obj.save()
            _write_m2m(obj, m2m)
    except IntegrityError:
        if on_integrity_error is None:
            raise
        raise RuleViolation(on_integrity_error) from None
    return obj


def save_changes(
    obj,
    fields: list[str],
    *,
    expected_version: int | None,
    acting_user,
    perm: str | None = "samverkan.change_record",
    m2m: dict | None = None,
    reason=None,
    on_integrity_error=None,
):
    """Write `fields` (already set on `obj`) and its many-to-many values in one transaction.

    With `expected_version` the write happens only if nobody saved the record since the
    editor opened it (VersionConflict otherwise, with the record as it is now); without
    it the version is still raised, so an editor who has the record open is told.
    The permission is checked against the record as it will be: nobody can move a record
    out of their reach.
    """
    if perm:
        authorize(acting_user, perm, obj)
    stamp(obj, acting_user, reason)
    versioned = hasattr(obj, "version")
    try:
        with transaction.atomic():
            changes.record_changed(obj)
            if versioned and expected_version is not None:
                save_versioned(obj, expected_version=expected_version, fields=list(fields))
            elif versioned:
                current = type(obj)._base_manager.select_for_update().get(pk=obj.pk).version
                save_versioned(obj, expected_version=current, fields=list(fields))
            else:
                obj.save(update_fields=list(fields) or None)
            _write_m2m(obj, m2m)
    except IntegrityError:
        if on_integrity_error is None:
            raise
        raise RuleViolation(on_integrity_error) from None
    return obj
