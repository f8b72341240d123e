"""The one way pages and the API fetch a municipality's policy documents and clauses."""

from samverkan.organisation import tenancy

from .models import Clause, PolicyDocument


def policies_for(request):
    return tenancy.scoped(request, PolicyDocument)


def get_policy_for(request, pk, *, perm="samverkan.view_record") -> PolicyDocument:
    return tenancy.get_for(request, PolicyDocument, pk, perm=perm)


def clauses_for(request):
    return tenancy.scoped(request, Clause)
