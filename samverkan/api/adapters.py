"""The API's side of an action: parse a payload, call the app's action, answer.

Endpoints parse with the app's form or schema (shape only), fetch records through the
app's access helpers, and change them only through the app's actions. The actions'
refusals become JSON answers in one place (errors.install): RuleViolation 400,
PermissionDenied 403, StillInUse 409, VersionConflict 409 (`conflict` gives the
record as it is now, where the endpoint documents it).
"""

from django.utils.translation import gettext as _
from ninja import Status

from .errors import InvalidInputError, form_errors


def form_data(payload) -> dict:
    """A payload as form data; `version` becomes the form's opened_version."""
    data = payload.dict()
    if "version" in data:
        data["opened_version"] = data.pop("version")
    return data


def parse(form):
    """The form if its shape is valid; 400 with each field's message otherwise."""
    if not form.is_valid():
        raise InvalidInputError(form_errors(form))
    return form


def conflict_message(sent, current) -> str:
    # `current` is a record, or a record already turned into the answer's fields.
    version = current["version"] if isinstance(current, dict) else current.version
    return _(
        "Someone else changed this record: you sent version %(sent)s, it is now at "
        "version %(current)s. Read it again and repeat your change."
    ) % {"sent": sent, "current": version}


def conflict(sent, current):
    """409 with the record as it is now (read the way the endpoint shows it)."""
    return Status(409, {"message": conflict_message(sent, current), "current": current})
