"""The control log of each register item (decisions, agreements, twin towns, memberships,
partners): dated reviews that show the board exercises control, as on the item's page.

GET lists an item's reviews, newest first; POST records one (whoever may change the item).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from ninja import Router, Schema, Status

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry.forms import ControlLogEntryForm
from samverkan.registry.models import (
    Agreement,
    ControlLogEntry,
    Decision,
    NetworkMembership,
    Partner,
    TwinTown,
)

from .. import records
from ..auth import SIGNED_IN
from .registry import READ, WRITE, visible_partners

router = Router(auth=SIGNED_IN, tags=["control-log"])

# The path of each register in the API, its model, and the name its operations carry.
REGISTERS = [
    ("decisions", Decision, "decision"),
    ("agreements", Agreement, "agreement"),
    ("twin-towns", TwinTown, "twin_town"),
    ("memberships", NetworkMembership, "membership"),
    ("partners", Partner, "partner"),
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


def _item(request, model, item_id):
    queryset = tenancy.scoped(request, model)
    if model is Partner:
        # Citizens are personal data: a role that may not see them cannot find their log.
        queryset = visible_partners(request, queryset)
    item = tenancy.get_scoped_or_404(request, model, item_id, queryset)
    require(request, "samverkan.view_record", item)
    return item


def _entries(item):
    content_type = ContentType.objects.get_for_model(type(item))
    return ControlLogEntry.objects.filter(
        municipality_id=item.municipality_id, content_type=content_type, object_id=item.pk
    )


def _register(path, model, name):
    def list_log(request, item_id: int):
        return list(_entries(_item(request, model, item_id)))

    def add_to_log(request, item_id: int, payload: ControlLogEntryIn):
        item = _item(request, model, item_id)
        require(request, "samverkan.change_record", item)
        entry = ControlLogEntry(
            municipality=request.municipality,
            content_type=ContentType.objects.get_for_model(model),
            object_id=item.pk,
        )
        form = ControlLogEntryForm(
            records.form_data(payload), instance=entry, municipality=request.municipality
        )
        records.check(form)
        records.save(form)
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
