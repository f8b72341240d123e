"""Twin towns: the relation's life cycle, its decisions (P12) and its consideration (P11).

Contacts are personal data: their ids are given, and may be changed, only by the
roles that may see personal data.
"""

from django.db.models import Q
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry.forms import TwinTownForm, TwinTownNoteForm
from samverkan.registry.models import TwinTown, TwinTownNote

from .. import records
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
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new, sees_personal_data

router = Router(auth=SIGNED_IN, tags=["twin-towns"])


def _twin_towns(request):
    twin_towns = tenancy.scoped(request, TwinTown).select_related(
        "partner", "agreement", "decision__body", "end_decision__body"
    )
    if sees_personal_data(request):
        twin_towns = twin_towns.prefetch_related("contacts")
    return twin_towns


def _get(request, twin_town_id):
    twin_town = tenancy.get_scoped_or_404(request, TwinTown, twin_town_id, _twin_towns(request))
    require(request, "samverkan.view_record", twin_town)
    return twin_town


def _form(request, payload, twin_town):
    data = records.form_data(payload)
    if not sees_personal_data(request):
        # Whoever may not see the contacts keeps them as they are.
        data["contacts"] = [c.pk for c in twin_town.contacts.all()] if twin_town.pk else []
    return TwinTownForm(data, instance=twin_town, municipality=request.municipality)


@router.get("/twin-towns", response={200: list[TwinTownOut], **LIST})
@paginate(PageNumberPagination)
def list_twin_towns(request, filters: Query[TwinTownFilter]):
    require(request, "samverkan.view_record", request.municipality)
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
    twin_town = TwinTown(municipality=request.municipality)
    require(request, "samverkan.add_record", twin_town)
    save_new(request, _form(request, payload, twin_town), "samverkan.add_record")
    return Status(201, _get(request, twin_town.pk))


@router.put(
    "/twin-towns/{twin_town_id}",
    response={200: TwinTownDetail, **WRITE, 409: TwinTownConflict},
)
def update_twin_town(request, twin_town_id: int, payload: TwinTownUpdate):
    twin_town = _get(request, twin_town_id)
    require(request, "samverkan.change_record", twin_town)
    return save_changed(
        request,
        _form(request, payload, twin_town),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
    )


@router.delete("/twin-towns/{twin_town_id}", response=DELETE)
def delete_twin_town(request, twin_town_id: int):
    twin_town = _get(request, twin_town_id)
    require(request, "samverkan.delete_record", twin_town)
    records.delete(twin_town, acting_user=request.user)
    return Status(204, None)


@router.post("/twin-towns/{twin_town_id}/notes", response={201: TwinTownNoteOut, **WRITE})
def add_twin_town_note(request, twin_town_id: int, payload: TwinTownNoteIn):
    """A note of the dialogue with the twin town (P10)."""
    twin_town = _get(request, twin_town_id)
    require(request, "samverkan.change_record", twin_town)
    note = TwinTownNote(municipality=request.municipality, twin_town=twin_town)
    form = TwinTownNoteForm(
        records.form_data(payload), instance=note, municipality=request.municipality
    )
    records.check(form)
    records.save(form)
    return Status(201, note)
