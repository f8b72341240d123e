"""Agreements: parties, validity and renewal, the signing body and the deciding decision.

`renewal_within_days=90` lists what ends or must be renewed within 90 days, like the
renewal page. A committee editor may change the agreements their committee signed.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry.forms import AgreementForm
from samverkan.registry.models import Agreement

from .. import records
from ..auth import SIGNED_IN
from ..schemas_registry import (
    AgreementConflict,
    AgreementDetail,
    AgreementFilter,
    AgreementIn,
    AgreementOut,
    AgreementUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new, sees_personal_data

router = Router(auth=SIGNED_IN, tags=["agreements"])


def _agreements(request):
    return (
        tenancy.scoped(request, Agreement)
        .select_related("signing_body", "decision__body")
        .prefetch_related("parties")
    )


def _get(request, agreement_id):
    agreement = tenancy.get_scoped_or_404(request, Agreement, agreement_id, _agreements(request))
    require(request, "samverkan.view_record", agreement)
    return agreement


def _form(request, payload, agreement):
    data = records.form_data(payload)
    if agreement.pk and not sees_personal_data(request):
        # Parties this caller cannot see (citizens) stay parties.
        hidden = [p.pk for p in agreement.parties.all() if not p.is_public]
        data["parties"] = [*data["parties"], *hidden]
    return AgreementForm(data, instance=agreement, municipality=request.municipality)


@router.get("/agreements", response={200: list[AgreementOut], **LIST})
@paginate(PageNumberPagination)
def list_agreements(request, filters: Query[AgreementFilter]):
    require(request, "samverkan.view_record", request.municipality)
    agreements = _agreements(request).order_by("title", "pk")
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.signing_body is not None:
        agreements = agreements.filter(signing_body_id=filters.signing_body)
    if filters.party is not None:
        agreements = agreements.filter(parties=filters.party)
    if filters.renewal_within_days is not None:
        today = timezone.localdate()
        window = (today, today + datetime.timedelta(days=filters.renewal_within_days))
        agreements = agreements.filter(
            Q(valid_until__range=window) | Q(renewal_due_on__range=window)
        )
    if filters.q:
        agreements = agreements.filter(title__icontains=filters.q.strip())
    return agreements


@router.get("/agreements/{agreement_id}", response={200: AgreementDetail, **READ})
def get_agreement(request, agreement_id: int):
    return _get(request, agreement_id)


@router.post("/agreements", response={201: AgreementDetail, **WRITE})
def create_agreement(request, payload: AgreementIn):
    agreement = Agreement(municipality=request.municipality)
    require(request, "samverkan.add_record", agreement)
    save_new(request, _form(request, payload, agreement), "samverkan.add_record")
    return Status(201, _get(request, agreement.pk))


@router.put(
    "/agreements/{agreement_id}",
    response={200: AgreementDetail, **WRITE, 409: AgreementConflict},
)
def update_agreement(request, agreement_id: int, payload: AgreementUpdate):
    agreement = _get(request, agreement_id)
    require(request, "samverkan.change_record", agreement)
    return save_changed(
        request,
        _form(request, payload, agreement),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
    )


@router.delete("/agreements/{agreement_id}", response=DELETE)
def delete_agreement(request, agreement_id: int):
    agreement = _get(request, agreement_id)
    require(request, "samverkan.delete_record", agreement)
    records.delete(agreement, acting_user=request.user)
    return Status(204, None)
