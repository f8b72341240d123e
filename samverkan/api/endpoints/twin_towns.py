"""Twin towns: the relation's life cycle, its decisions (P12) and its consideration (P11).

Contacts are personal data: their ids are given, and may be changed, only by the
roles that may see personal data.
"""

from django.db.models import Q
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions
from samverkan.registry.forms import TwinTownForm, TwinTownNoteForm
from samverkan.registry.models import TwinTown, TwinTownNote

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas_registry import (
    TwinTownConflict,
    TwinTownDetail,
    TwinTownFilter,
    TwinTownIn,
    TwinTownNoteIn,
    TwinTownNoteOut,
    TwinTownOut,
    TwinTownUpdate,
)
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["twin-towns"])


def _twin_towns(request):
    twin_towns = access.twin_towns_for(request)
    if access.sees_personal_data(request):
        twin_towns = twin_towns.prefetch_related("contacts")
    return twin_towns


def _get(request, twin_town_id, perm="samverkan.view_record"):
    # The twin town as the answer shows it (its contacts read at once when shown).
    return access.get_twin_town_for(request, twin_town_id, perm=perm, queryset=_twin_towns(request))


def _form(request, payload, twin_town):
    data = adapters.form_data(payload)
    if not access.sees_personal_data(request):
        # Whoever may not see the contacts keeps them as they are.
        data["contacts"] = [c.pk for c in twin_town.contacts.all()] if twin_town.pk else []
    return adapters.parse(TwinTownForm(data, instance=twin_town, municipality=request.municipality))


@router.get("/twin-towns", response={200: list[TwinTownOut], **LIST})
@paginate(PageNumberPagination)
def list_twin_towns(request, filters: Query[TwinTownFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    twin_towns = _twin_towns(request).order_by("partner__name", "pk")
    if filters.status:
        twin_towns = twin_towns.filter(status=filters.status)
    if filters.kind:
        twin_towns = twin_towns.filter(kind=filters.kind)
    if filters.country:
        twin_towns = twin_towns.filter(partner__country=filters.country)
    if filters.q:
        q = filters.q.strip()
        twin_towns = twin_towns.filter(
            Q(partner__name__icontains=q) | Q(partner__local_name__icontains=q)
        )
    return twin_towns


@router.get("/twin-towns/{twin_town_id}", response={200: TwinTownDetail, **READ})
def get_twin_town(request, twin_town_id: int):
    return _get(request, twin_town_id)


@router.post("/twin-towns", response={201: TwinTownDetail, **WRITE})
def create_twin_town(request, payload: TwinTownIn):
    authorize(request.user, "samverkan.add_record", TwinTown(municipality=request.municipality))
    form = _form(request, payload, TwinTown(municipality=request.municipality))
    twin_town = actions.create_twin_town(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, _get(request, twin_town.pk))


@router.put(
    "/twin-towns/{twin_town_id}",
    response={200: TwinTownDetail, **WRITE, 409: TwinTownConflict},
)
def update_twin_town(request, twin_town_id: int, payload: TwinTownUpdate):
    twin_town = _get(request, twin_town_id, perm="samverkan.change_record")
    form = _form(request, payload, twin_town)
    try:
        actions.update_twin_town(
            twin_town, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(payload.version, _get(request, error.current.pk))
    return _get(request, twin_town.pk)


@router.delete("/twin-towns/{twin_town_id}", response=DELETE)
def delete_twin_town(request, twin_town_id: int):
    twin_town = _get(request, twin_town_id, perm="samverkan.delete_record")
    actions.delete_twin_town(twin_town, acting_user=request.user)
    return Status(204, None)


@router.post("/twin-towns/{twin_town_id}/notes", response={201: TwinTownNoteOut, **WRITE})
def add_twin_town_note(request, twin_town_id: int, payload: TwinTownNoteIn):
    """A note of the dialogue with the twin town (P10)."""
    twin_town = _get(request, twin_town_id, perm="samverkan.change_record")
    note = TwinTownNote(municipality=request.municipality, twin_town=twin_town)
    form = adapters.parse(
        TwinTownNoteForm(
            adapters.form_data(payload), instance=note, municipality=request.municipality
        )
    )
    return Status(
        201, actions.add_twin_town_note(twin_town, form.changes(), acting_user=request.user)
    )
