"""The control log of each register item (decisions, agreements, twin towns, memberships,
partners): dated reviews that show the board exercises control, as on the item's page.

GET lists an item's reviews, newest first; POST records one (whoever may change the item).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from ninja import Router, Schema, Status

from samverkan.registry import access, actions
from samverkan.registry.forms import ControlLogEntryForm
from samverkan.registry.models import (
    ControlLogEntry,
)

from .. import adapters
from ..auth import SIGNED_IN
from .registry import READ, WRITE

router = Router(auth=SIGNED_IN, tags=["control-log"])

# The path of each register in the API, its model, and the name its operations carry.
REGISTERS = [
    ("decisions", access.CONTROLLED["decision"], "decision"),
    ("agreements", access.CONTROLLED["agreement"], "agreement"),
    ("twin-towns", access.CONTROLLED["twin-town"], "twin_town"),
    ("memberships", access.CONTROLLED["membership"], "membership"),
    ("partners", access.CONTROLLED["partner"], "partner"),
]


class ControlLogEntryIn(Schema):
    reviewed_on: datetime.date
    reviewed_by: str
    findings: str


class ControlLogEntryOut(Schema):
    id: int
    reviewed_on: datetime.date
    reviewed_by: str
    findings: str


def _entries(item):
    content_type = ContentType.objects.get_for_model(type(item))
    return ControlLogEntry.objects.filter(
        municipality_id=item.municipality_id, content_type=content_type, object_id=item.pk
    )


def _register(path, model, name):
    def list_log(request, item_id: int):
        return list(_entries(access.get_controlled_item_for(request, model, item_id)))

    def add_to_log(request, item_id: int, payload: ControlLogEntryIn):
        item = access.get_controlled_item_for(request, model, item_id)
        form = adapters.parse(
            ControlLogEntryForm(adapters.form_data(payload), municipality=request.municipality)
        )
        entry = actions.record_review(item, acting_user=request.user, **form.changes())
        return Status(201, entry)

    # Operation ids come from the function names: one pair per register.
    list_log.__name__ = f"list_{name}_control_log"
    add_to_log.__name__ = f"add_{name}_control_log"
    list_log.__doc__ = f"The control log of one of the {path}: its dated reviews, newest first."
    add_to_log.__doc__ = f"Record a review of one of the {path} in its control log."
    router.get(
        f"/{path}/{{item_id}}/control-log", response={200: list[ControlLogEntryOut], **READ}
    )(list_log)
    router.post(f"/{path}/{{item_id}}/control-log", response={201: ControlLogEntryOut, **WRITE})(
        add_to_log
    )


for _path, _model, _name in REGISTERS:
    _register(_path, _model, _name)
