"""Watch items (P8) and their influence actions, through the pages' forms and rules.

API routers of the monitoring app; api.py mounts every router listed in `routers`.
An influence action with a contact moves the contact's last contact date (P9), as on
the pages.
"""

from django.db import transaction
from django.db.models import Prefetch, Q
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.versioning import VersionConflict
from samverkan.lib.views import require
from samverkan.monitoring import actions as monitoring_actions
from samverkan.monitoring.forms import InfluenceActionForm, WatchItemForm
from samverkan.monitoring.models import InfluenceAction, WatchItem
from samverkan.organisation import tenancy
from samverkan.organisation.access import require_create

from .. import records
from ..auth import SIGNED_IN
from ..schemas_monitoring import (
    InfluenceActionConflict,
    InfluenceActionIn,
    InfluenceActionOut,
    InfluenceActionUpdate,
    WatchItemConflict,
    WatchItemDetailOut,
    WatchItemFilter,
    WatchItemIn,
    WatchItemOut,
    WatchItemUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, conflict_message, save_changed, save_new

router = Router(auth=SIGNED_IN, tags=["watch-items"])


def _items(request):
    return tenancy.scoped(request, WatchItem).select_related(
        "subject_area", "committee", "responsible_person"
    )


def _get(request, item_id):
    queryset = _items(request).prefetch_related(
        Prefetch("actions", queryset=InfluenceAction.objects.select_related("channel"))
    )
    item = tenancy.get_scoped_or_404(request, WatchItem, item_id, queryset)
    require(request, "samverkan.view_record", item)
    return item


def _form(request, payload, item):
    return WatchItemForm(
        records.form_data(payload), instance=item, municipality=request.municipality
    )


@router.get("/watch-items", response={200: list[WatchItemOut], **LIST})
@paginate(PageNumberPagination)
def list_watch_items(request, filters: Query[WatchItemFilter]):
    require(request, "samverkan.view_record", request.municipality)
    items = _items(request)
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
    return _get(request, item_id)


@router.post("/watch-items", response={201: WatchItemDetailOut, **WRITE})
def create_watch_item(request, payload: WatchItemIn):
    # A committee editor adds their own committee's items only (checked on the record).
    require_create(
        request, lambda body: WatchItem(municipality=request.municipality, committee=body)
    )
    item = WatchItem(municipality=request.municipality)
    save_new(request, _form(request, payload, item), "samverkan.add_record")
    return Status(201, _get(request, item.pk))


@router.put(
    "/watch-items/{item_id}", response={200: WatchItemDetailOut, **WRITE, 409: WatchItemConflict}
)
def update_watch_item(request, item_id: int, payload: WatchItemUpdate):
    item = _get(request, item_id)
    require(request, "samverkan.change_record", item)
    return save_changed(
        request,
        _form(request, payload, item),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
    )


@router.delete("/watch-items/{item_id}", response=DELETE)
def delete_watch_item(request, item_id: int):
    item = _get(request, item_id)
    require(request, "samverkan.delete_record", item)
    records.delete(item, acting_user=request.user)
    return Status(204, None)


# Influence actions: a sub-resource of their watch item -----------------------------------


def _get_action(request, item_id, action_id):
    item = _get(request, item_id)
    queryset = tenancy.scoped(request, InfluenceAction).filter(watch_item=item)
    action = tenancy.get_scoped_or_404(
        request, InfluenceAction, action_id, queryset.select_related("channel", "watch_item")
    )
    return action


def _action_form(request, payload, action):
    sees = request.user.has_perm("samverkan.view_personal_data", action)
    data = records.form_data(payload)
    if not sees and data.get("contact") is not None:
        # Contacts are personal data; a role that may not see them cannot name one.
        data["contact"] = None
    return InfluenceActionForm(
        data, instance=action, municipality=request.municipality, sees_contacts=sees
    )


@router.get(
    "/watch-items/{item_id}/influence-actions",
    response={200: list[InfluenceActionOut], **READ},
)
def list_influence_actions(request, item_id: int):
    item = _get(request, item_id)
    return list(item.actions.all())


@router.get(
    "/watch-items/{item_id}/influence-actions/{action_id}",
    response={200: InfluenceActionOut, **READ},
)
def get_influence_action(request, item_id: int, action_id: int):
    return _get_action(request, item_id, action_id)


@router.post(
    "/watch-items/{item_id}/influence-actions", response={201: InfluenceActionOut, **WRITE}
)
def create_influence_action(request, item_id: int, payload: InfluenceActionIn):
    item = _get(request, item_id)
    action = InfluenceAction(municipality=request.municipality, watch_item=item)
    require(request, "samverkan.add_record", action)
    form = _action_form(request, payload, action)
    records.check(form)
    monitoring_actions.save_influence_action(form, acting_user=request.user)
    return Status(201, _get_action(request, item.pk, action.pk))


@router.put(
    "/watch-items/{item_id}/influence-actions/{action_id}",
    response={200: InfluenceActionOut, **WRITE, 409: InfluenceActionConflict},
)
def update_influence_action(request, item_id: int, action_id: int, payload: InfluenceActionUpdate):
    action = _get_action(request, item_id, action_id)
    require(request, "samverkan.change_record", action)
    form = _action_form(request, payload, action)
    records.check(form)
    try:
        with transaction.atomic():
            records.save(form, version=payload.version)
            monitoring_actions.note_contact(
                form.instance.contact_id, form.instance.taken_on, acting_user=request.user
            )
    except VersionConflict as conflict:
        current = _get_action(request, item_id, conflict.current.pk)
        return Status(
            409, {"message": conflict_message(payload.version, current), "current": current}
        )
    return _get_action(request, item_id, action_id)


@router.delete("/watch-items/{item_id}/influence-actions/{action_id}", response=DELETE)
def delete_influence_action(request, item_id: int, action_id: int):
    action = _get_action(request, item_id, action_id)
    require(request, "samverkan.delete_record", action)
    records.delete(action, acting_user=request.user)
    return Status(204, None)


routers: list = [router]
