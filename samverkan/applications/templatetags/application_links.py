"""The applications made from a call, and the way to make one, shown on the call's page."""

from django import template
from django.urls import reverse

from samverkan.organisation.access import can_create

from ..models import Application

register = template.Library()


@register.inclusion_tag("applications/call_applications.html", takes_context=True)
def call_applications(context, call):
    request = context["request"]
    maker = lambda body: Application(municipality=request.municipality, lead_body=body)  # noqa: E731
    create_url = None
    if can_create(request, maker):
        create_url = f"{reverse('application-create')}?call={call.pk}"
    return {
        "applications": list(call.applications.order_by("pk")),
        "create_url": create_url,
    }
