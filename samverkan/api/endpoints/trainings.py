"""Trainings (P5): who learned what, with participants per audience and optionally by name.

The list takes the list page's filters, read by the page's own filter functions.
"""

from django.db.models import Q
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.activities.forms import TrainingForm
from samverkan.activities.models import Training
from samverkan.activities.views import trainings as pages
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.access import require_create
from samverkan.organisation.models import Body

from .. import records
from ..auth import SIGNED_IN
from ..schemas_activities import (
    TrainingConflict,
    TrainingFilter,
    TrainingIn,
    TrainingOut,
    TrainingUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new

router = Router(auth=SIGNED_IN, tags=["trainings"])


def _trainings(request):
    return (
        tenancy.scoped(request, Training)
        .select_related("committee")
        .prefetch_related("named_participants")
    )


def _get(request, training_id):
    training = tenancy.get_scoped_or_404(request, Training, training_id, _trainings(request))
    require(request, "samverkan.view_record", training)
    return training


def _form(request, payload, training):
    form = TrainingForm(
        records.form_data(payload), instance=training, municipality=request.municipality
    )
    # As on the page: the council holds no trainings of its own.
    committee = form.fields["committee"]
    committee.queryset = committee.queryset.exclude(kind=Body.Kind.COUNCIL)
    return form


@router.get("/trainings", response={200: list[TrainingOut], **LIST})
@paginate(PageNumberPagination)
def list_trainings(request, filters: Query[TrainingFilter]):
    require(request, "samverkan.view_record", request.municipality)
    trainings = _trainings(request).order_by("-held_on", "title", "pk")
    if filters.year is not None:
        trainings = pages._year(trainings, filters.year)
    if filters.committee is not None:
        trainings = trainings.filter(committee_id=filters.committee)
    if filters.topic:
        trainings = pages._topic(trainings, filters.topic)
    if filters.audience:
        trainings = pages._audience(trainings, filters.audience)
    if filters.q:
        q = filters.q.strip()
        trainings = trainings.filter(Q(title__icontains=q) | Q(organiser__icontains=q))
    return trainings


@router.get("/trainings/{training_id}", response={200: TrainingOut, **READ})
def get_training(request, training_id: int):
    return _get(request, training_id)


@router.post("/trainings", response={201: TrainingOut, **WRITE})
def create_training(request, payload: TrainingIn):
    # A committee editor adds their own committee's trainings only (checked on the record).
    def maker(body):
        return Training(municipality=request.municipality, committee=body)

    require_create(request, maker)
    training = Training(municipality=request.municipality)
    save_new(request, _form(request, payload, training), "samverkan.add_record")
    return Status(201, _get(request, training.pk))


@router.put("/trainings/{training_id}", response={200: TrainingOut, **WRITE, 409: TrainingConflict})
def update_training(request, training_id: int, payload: TrainingUpdate):
    training = _get(request, training_id)
    require(request, "samverkan.change_record", training)
    return save_changed(
        request,
        _form(request, payload, training),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
    )


@router.delete("/trainings/{training_id}", response=DELETE)
def delete_training(request, training_id: int):
    training = _get(request, training_id)
    require(request, "samverkan.delete_record", training)
    records.delete(training, acting_user=request.user)
    return Status(204, None)
