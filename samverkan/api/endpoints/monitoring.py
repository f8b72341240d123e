"""Watch items (P8) and their influence actions, through the pages' forms and actions.

API routers of the monitoring app; api.py mounts every router listed in `routers`.
Records are fetched through samverkan.monitoring.access and changed through
samverkan.monitoring.actions, as on the pages: an influence action with a contact moves
the contact's last contact date (P9).
"""

import datetime
from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.monitoring import access, actions
from samverkan.monitoring.forms import InfluenceActionForm, WatchItemForm
from samverkan.monitoring.models import InfluenceAction, WatchItem
from samverkan.organisation.access import require_create

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas import Error, InvalidInput

router = Router(auth=SIGNED_IN, tags=["watch-items"])

# The error answers each kind of operation may give, for the OpenAPI document.
LIST = {400: InvalidInput, 401: Error, 403: Error}
READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: InvalidInput, **READ}
DELETE = {204: None, **READ, 409: Error}


# Schemas -----------------------------------------------------------------------------------

WatchItemKind = Literal[tuple(WatchItem.Kind.values)]
WatchItemStatus = Literal[tuple(WatchItem.Status.values)]
ActionKind = Literal[tuple(InfluenceAction.Kind.values)]
WatchItemSort = Literal[
    tuple(
        key
        for name in ("title", "next_date", "feedback_closes_on", "status")
        for key in (name, f"-{name}")
    )
]

VERSION = Field(description="The version you read; a newer one answers 409.")


class InfluenceActionOut(Schema):
    id: int
    watch_item: int
    kind: ActionKind
    kind_label: str
    taken_on: datetime.date
    channel: int | None = Field(description="Id of the partner (institution, network, office).")
    channel_name: str | None
    contact: int | None = Field(
        description="Id of the registry contact; null for roles that may not see contacts."
    )
    description: str
    outcome: str
    version: int

    @staticmethod
    def resolve_watch_item(obj):
        return obj.watch_item_id

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_channel(obj):
        return obj.channel_id

    @staticmethod
    def resolve_channel_name(obj):
        return obj.channel.name if obj.channel_id else None

    @staticmethod
    def resolve_contact(obj, context):
        request = context["request"] if context else None
        sees = request is not None and request.user.has_perm("samverkan.view_personal_data", obj)
        return obj.contact_id if sees else None


class InfluenceActionIn(Schema):
    kind: ActionKind
    taken_on: datetime.date
    channel: int | None = Field(None, description="Id of a partner of your municipality.")
    contact: int | None = Field(
        None,
        description="Id of a contact at the channel; their last contact date moves up to taken_on.",
    )
    description: str = ""
    outcome: str = ""


class InfluenceActionUpdate(InfluenceActionIn):
    version: int = VERSION


class InfluenceActionConflict(Schema):
    message: str
    current: InfluenceActionOut


class WatchItemOut(Schema):
    id: int
    title: str
    eu_reference: str
    kind: WatchItemKind
    kind_label: str
    subject_area: int | None
    subject_area_name: str | None
    committee: int | None = Field(description="Id of the responsible committee.")
    committee_name: str | None
    responsible_person: int | None = Field(description="Id of the responsible user.")
    responsible_person_name: str | None
    has_owner: bool = Field(description="A responsible committee or person is named.")
    status: WatchItemStatus
    feedback_opens_on: datetime.date | None
    feedback_closes_on: datetime.date | None
    next_date: datetime.date | None
    next_step: str
    url: str
    notes: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_subject_area(obj):
        return obj.subject_area_id

    @staticmethod
    def resolve_subject_area_name(obj):
        return obj.subject_area.name if obj.subject_area_id else None

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None

    @staticmethod
    def resolve_responsible_person(obj):
        return obj.responsible_person_id

    @staticmethod
    def resolve_responsible_person_name(obj):
        person = obj.responsible_person
        return (person.get_full_name() or person.get_username()) if person else None


class WatchItemDetailOut(WatchItemOut):
    actions: list[InfluenceActionOut]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.all())


class WatchItemIn(Schema):
    title: str
    eu_reference: str = ""
    kind: WatchItemKind = "other"
    subject_area: int | None = Field(None, description="Id of a subject area.")
    committee: int | None = Field(
        None, description="Id of the responsible committee or the executive board."
    )
    responsible_person: int | None = Field(
        None, description="Id of a user with a role in your municipality."
    )
    status: WatchItemStatus = "watching"
    feedback_opens_on: datetime.date | None = None
    feedback_closes_on: datetime.date | None = Field(None, description="Not before it opens.")
    next_date: datetime.date | None = None
    next_step: str = ""
    url: str = ""
    notes: str = ""


class WatchItemUpdate(WatchItemIn):
    version: int = VERSION


class WatchItemFilter(Schema):
    status: WatchItemStatus | None = None
    kind: WatchItemKind | None = None
    subject_area: int | None = Field(None, description="Id of a subject area.")
    committee: int | None = Field(None, description="Id of the responsible committee.")
    no_owner: bool | None = Field(
        None, description="true: only items with neither a responsible committee nor person."
    )
    q: str | None = Field(None, description="Part of the title, EU reference or notes.")
    sort: WatchItemSort = "title"


class WatchItemConflict(Schema):
    message: str
    current: WatchItemDetailOut


# Watch items -------------------------------------------------------------------------------


def _item_form(request, payload, item):
    return adapters.parse(
        WatchItemForm(adapters.form_data(payload), instance=item, municipality=request.municipality)
    )


def _item(request, item_id, perm="samverkan.view_record"):
    return access.get_watch_item_for(request, item_id, perm=perm, with_actions=True)


@router.get("/watch-items", response={200: list[WatchItemOut], **LIST})
@paginate(PageNumberPagination)
def list_watch_items(request, filters: Query[WatchItemFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    items = access.watch_items_for(request)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.subject_area is not None:
        items = items.filter(subject_area_id=filters.subject_area)
    if filters.committee is not None:
        items = items.filter(committee_id=filters.committee)
    if filters.no_owner is True:
        items = items.without_owner()
    elif filters.no_owner is False:
        items = items.exclude(committee__isnull=True, responsible_person__isnull=True)
    if filters.q:
        q = filters.q.strip()
        items = items.filter(
            Q(title__icontains=q) | Q(eu_reference__icontains=q) | Q(notes__icontains=q)
        )
    return items.order_by(filters.sort, "pk")


@router.get("/watch-items/{item_id}", response={200: WatchItemDetailOut, **READ})
def get_watch_item(request, item_id: int):
    return _item(request, item_id)


@router.post("/watch-items", response={201: WatchItemDetailOut, **WRITE})
def create_watch_item(request, payload: WatchItemIn):
    # Refused before the payload is read, as the page refuses its form: a committee editor
    # adds their own committee's items only (the action checks the record as it will be).
    require_create(
        request, lambda body: WatchItem(municipality=request.municipality, committee=body)
    )
    form = _item_form(request, payload, WatchItem(municipality=request.municipality))
    item = actions.create_watch_item(request.municipality, form.changes(), acting_user=request.user)
    return Status(201, _item(request, item.pk))


@router.put(
    "/watch-items/{item_id}", response={200: WatchItemDetailOut, **WRITE, 409: WatchItemConflict}
)
def update_watch_item(request, item_id: int, payload: WatchItemUpdate):
    item = _item(request, item_id, perm="samverkan.change_record")
    form = _item_form(request, payload, item)
    try:
        actions.update_watch_item(
            item, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, _item(request, conflict.current.pk))
    return _item(request, item_id)


@router.delete("/watch-items/{item_id}", response=DELETE)
def delete_watch_item(request, item_id: int):
    item = _item(request, item_id)
    actions.delete_watch_item(item, acting_user=request.user)
    return Status(204, None)


# Influence actions: a sub-resource of their watch item -----------------------------------


def _action(request, item_id, action_id, perm="samverkan.view_record"):
    item = _item(request, item_id)
    return access.get_influence_action_for(request, action_id, perm=perm, watch_item=item)


def _action_form(request, payload, action):
    # Contacts are personal data: for a role that may not see them the form has no contact
    # field, so a contact sent is ignored, as on the page.
    sees = request.user.has_perm("samverkan.view_personal_data", action)
    return adapters.parse(
        InfluenceActionForm(
            adapters.form_data(payload),
            instance=action,
            municipality=request.municipality,
            sees_contacts=sees,
        )
    )


@router.get(
    "/watch-items/{item_id}/influence-actions",
    response={200: list[InfluenceActionOut], **READ},
)
def list_influence_actions(request, item_id: int):
    return list(_item(request, item_id).actions.all())


@router.get(
    "/watch-items/{item_id}/influence-actions/{action_id}",
    response={200: InfluenceActionOut, **READ},
)
def get_influence_action(request, item_id: int, action_id: int):
    return _action(request, item_id, action_id)


@router.post(
    "/watch-items/{item_id}/influence-actions", response={201: InfluenceActionOut, **WRITE}
)
def create_influence_action(request, item_id: int, payload: InfluenceActionIn):
    item = _item(request, item_id)
    new = InfluenceAction(municipality=request.municipality, watch_item=item)
    authorize(request.user, "samverkan.add_record", new)
    form = _action_form(request, payload, new)
    action = actions.create_influence_action(item, form.changes(), acting_user=request.user)
    return Status(201, _action(request, item.pk, action.pk))


@router.put(
    "/watch-items/{item_id}/influence-actions/{action_id}",
    response={200: InfluenceActionOut, **WRITE, 409: InfluenceActionConflict},
)
def update_influence_action(request, item_id: int, action_id: int, payload: InfluenceActionUpdate):
    action = _action(request, item_id, action_id, perm="samverkan.change_record")
    form = _action_form(request, payload, action)
    try:
        actions.update_influence_action(
            action, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, _action(request, item_id, conflict.current.pk))
    return _action(request, item_id, action_id)


@router.delete("/watch-items/{item_id}/influence-actions/{action_id}", response=DELETE)
def delete_influence_action(request, item_id: int, action_id: int):
    action = _action(request, item_id, action_id)
    actions.delete_influence_action(action, acting_user=request.user)
    return Status(204, None)


routers: list = [router]
