"""The one way pages and the API fetch applications and their life-cycle records.

`get_application_for(request, pk)` answers 404 for another municipality's application (or a
missing one) and 403 for one the user may not `perm`. A life-cycle record (co-financing,
grant agreement, payment claim, report, document) belongs to its application's committee:
its right is the application's.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from samverkan.funding.models import Call
from samverkan.organisation import tenancy
from samverkan.registry.access import visible_partners
from samverkan.registry.models import Partner

from .models import Application, ApplicationAttachment


def applications_for(request):
    """The municipality's applications with what the list page and the API show."""
    return tenancy.scoped(request, Application).select_related("lead_body", "programme", "call")


def applications_with_partners_for(request):
    """As applications_for, with the partners the caller may see (the API's records)."""
    partners = visible_partners(request, Partner.objects.order_by("name", "pk"))
    return applications_for(request).prefetch_related(Prefetch("partners", queryset=partners))


def get_application_for(request, pk, *, perm="samverkan.view_record", queryset=None) -> Application:
    queryset = tenancy.scoped(request, Application) if queryset is None else queryset
    return tenancy.get_for(request, Application, pk, queryset=queryset, perm=perm)


def get_part_for(request, model, pk, *, perm="samverkan.change_record"):
    """A life-cycle record of `model`, checked against its application's right."""
    queryset = tenancy.scoped(request, model).select_related("application__lead_body")
    record = tenancy.get_for(request, model, pk, queryset=queryset, perm=None)
    if perm and not request.user.has_perm(perm, record.application):
        raise PermissionDenied
    return record


def get_document_for(request, pk, *, perm="samverkan.view_record") -> ApplicationAttachment:
    return get_part_for(request, ApplicationAttachment, pk, perm=perm)


def get_call_for_new_application(request, pk) -> Call:
    """The call an application is made from (?call=<pk>): one of the municipality's."""
    queryset = tenancy.scoped(request, Call).select_related("programme")
    return tenancy.get_for(request, Call, pk, queryset=queryset)
