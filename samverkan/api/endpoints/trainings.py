"""Trainings (P5): who learned what, with participants per audience and optionally by name.

The list takes the list page's filters, read by the same training QuerySet methods
(samverkan/activities/queries.py); changes go through the same actions as the pages.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.activities import access, actions, queries
from samverkan.activities.forms import TrainingForm
from samverkan.activities.models import Training
from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.lib.inputs import INT_MAX
from samverkan.organisation.access import require_create
from samverkan.organisation.models import Body

from .. import adapters
from ..auth import SIGNED_IN
from .activities_schemas import VERSION
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["trainings"])

TrainingTopic = Literal[tuple(Training.Topic.values)]
Audience = Literal[tuple(code for code, _label in queries.AUDIENCES)]


class TrainingOut(Schema):
    id: int
    title: str
    organiser: str
    committee: int | None
    committee_name: str | None
    held_on: datetime.date
    hours: Decimal
    participants_elected: int
    participants_employees: int
    participants_total: int
    participant_hours: Decimal
    named_participants: list[int] = Field(description="Ids of users who took part.")
    named_participant_names: list[str]
    topics: list[TrainingTopic]
    topic_labels: list[str]
    description: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None

    @staticmethod
    def resolve_named_participants(obj):
        return [user.pk for user in obj.named_participants.all()]

    @staticmethod
    def resolve_named_participant_names(obj):
        users = obj.named_participants.all()
        return [user.get_full_name() or user.get_username() for user in users]

    @staticmethod
    def resolve_topic_labels(obj):
        labels = dict(Training.Topic.choices)
        return [str(labels.get(topic, topic)) for topic in obj.topics or []]


class TrainingIn(Schema):
    title: str
    organiser: str = ""
    committee: int | None = Field(None, description="Id of the body whose people took part.")
    held_on: datetime.date
    hours: Decimal = Field(description="Not negative.")
    participants_elected: int = Field(0, le=INT_MAX)
    participants_employees: int = Field(0, le=INT_MAX)
    named_participants: list[int] = Field(
        default_factory=list, description="Ids of users with a role in your municipality."
    )
    topics: list[TrainingTopic] = Field(default_factory=list)
    description: str = ""


class TrainingUpdate(TrainingIn):
    version: int = VERSION


class TrainingFilter(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    committee: int | None = Field(None, description="Id of a committee.")
    topic: TrainingTopic | None = None
    audience: Audience | None = Field(None, description="Trainings with this audience present.")
    q: str | None = Field(None, description="Part of the title or the organiser.")

    def to_filters(self) -> queries.TrainingFilters:
        """The typed filters of the list page (`TrainingQuerySet.filtered`)."""
        return queries.TrainingFilters(**self.dict())


class TrainingConflict(Schema):
    message: str
    current: TrainingOut


def _trainings(request):
    return (
        access.trainings_for(request)
        .select_related("committee")
        .prefetch_related("named_participants")
    )


def _form(request, payload, training):
    form = TrainingForm(
        adapters.form_data(payload), instance=training, municipality=request.municipality
    )
    # As on the page: the council holds no trainings of its own.
    committee = form.fields["committee"]
    committee.queryset = committee.queryset.exclude(kind=Body.Kind.COUNCIL)
    return adapters.parse(form)


@router.get("/trainings", response={200: list[TrainingOut], **LIST})
@paginate(PageNumberPagination)
def list_trainings(request, filters: Query[TrainingFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    return _trainings(request).filtered(filters.to_filters()).order_by("-held_on", "title", "pk")


@router.get("/trainings/{training_id}", response={200: TrainingOut, **READ})
def get_training(request, training_id: int):
    return access.get_training_for(request, training_id)


@router.post("/trainings", response={201: TrainingOut, **WRITE})
def create_training(request, payload: TrainingIn):
    # A committee editor adds their own committee's trainings only (checked on the record).
    require_create(request, access.training_maker(request))
    form = _form(request, payload, Training(municipality=request.municipality))
    training = actions.create_training(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_training_for(request, training.pk))


@router.put("/trainings/{training_id}", response={200: TrainingOut, **WRITE, 409: TrainingConflict})
def update_training(request, training_id: int, payload: TrainingUpdate):
    training = access.get_training_for(request, training_id, perm="samverkan.change_record")
    form = _form(request, payload, training)
    try:
        actions.update_training(
            training,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )
    except VersionConflict as conflict:
        return adapters.conflict(
            payload.version, access.get_training_for(request, conflict.current.pk)
        )
    return access.get_training_for(request, training.pk)


@router.delete("/trainings/{training_id}", response=DELETE)
def delete_training(request, training_id: int):
    training = access.get_training_for(request, training_id, perm="samverkan.delete_record")
    actions.delete_training(training, acting_user=request.user)
    return Status(204, None)
