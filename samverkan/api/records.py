"""Writing a record from an API payload, through the same forms and rules as the pages.

Each change is one transaction: it is written whole or not at all.
"""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from samverkan.history.actions import delete_record
from samverkan.lib.forms import save_form_versioned

from .errors import InvalidInputError, form_errors


def form_data(payload) -> dict:
    """A payload as form data; `version` becomes the form's opened_version."""
    data = payload.dict()
    if "version" in data:
        data["opened_version"] = data.pop("version")
    return data


def check(form) -> None:
    if not form.is_valid():
        raise InvalidInputError(form_errors(form))


def save(form, *, version: int | None = None, on_integrity_error=None) -> None:
    """Save a valid form: a new record, or an existing one if it is still at `version`.

    Raises VersionConflict (with the record as it is now) when someone else saved first.
    """
    try:
        with transaction.atomic():
            if version is None:
                form.save()
            else:
                save_form_versioned(form, expected_version=version)
    except IntegrityError:
        if on_integrity_error is None:
            raise
        raise InvalidInputError(on_integrity_error) from None


def delete(obj, *, acting_user) -> None:
    """Move `obj` to the trash (an administrator can restore it)."""
    try:
        delete_record(obj, acting_user=acting_user)
    except (ProtectedError, RestrictedError):
        raise HttpError(
            409, _("%(record)s is still in use and cannot be deleted.") % {"record": obj}
        ) from None
