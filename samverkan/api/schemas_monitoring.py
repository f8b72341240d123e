"""What the watch-item API takes and gives (P8): watch items and their influence actions."""

import datetime
from typing import Literal

from ninja import Field, Schema

from samverkan.monitoring.models import InfluenceAction, WatchItem

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
