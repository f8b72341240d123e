"""Training pages: who learned what (P5), with participants and participant-hours per audience."""

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing
from samverkan.lib.views import confirm_delete, form_page, require
from samverkan.organisation import tenancy
from samverkan.organisation.access import can_create, limit_committee_field, require_create
from samverkan.organisation.models import Body

from ..forms import TrainingForm
from ..models import Training
from .helpers import sort_context

ELECTED, EMPLOYEES = "elected", "employees"
AUDIENCES = [(ELECTED, gettext_lazy("Elected officials")), (EMPLOYEES, gettext_lazy("Employees"))]
SORTS = {"held_on": gettext_lazy("Date"), "title": gettext_lazy("Title")}
DEFAULT_SORT = "-held_on"
TOPIC_LABELS = dict(Training.Topic.choices)


def _year(queryset, value):
    year = int(value)
    return queryset.filter(
        held_on__gte=datetime.date(year, 1, 1), held_on__lte=datetime.date(year, 12, 31)
    )


def _topic(queryset, value):
    # The topics are a JSON list; matching the quoted value in its text works on SQLite and
    # PostgreSQL alike (JSON "contains" is not available on SQLite), and no topic's name
    # is part of another's.
    return queryset.alias(topics_text=Cast("topics", output_field=TextField())).filter(
        topics_text__contains=f'"{value}"'
    )


def _audience(queryset, value):
    field = "participants_elected" if value == ELECTED else "participants_employees"
    return queryset.filter(**{f"{field}__gt": 0})


def training_totals(queryset) -> dict:
    """Participants and participant-hours per audience for the whole filtered set (one query)."""
    hours = DecimalField(max_digits=20, decimal_places=1)

    def hours_of(field):
        return Coalesce(
            Sum(ExpressionWrapper(F("hours") * F(field), output_field=hours)),
            Decimal("0"),
            output_field=hours,
        )

    figures = queryset.order_by().aggregate(
        elected=Coalesce(Sum("participants_elected"), 0, output_field=IntegerField()),
        employees=Coalesce(Sum("participants_employees"), 0, output_field=IntegerField()),
        elected_hours=hours_of("participants_elected"),
        employee_hours=hours_of("participants_employees"),
    )
    figures["participants"] = figures["elected"] + figures["employees"]
    figures["participant_hours"] = figures["elected_hours"] + figures["employee_hours"]
    return figures


def _training_maker(request):
    return lambda body: Training(municipality=request.municipality, committee=body)


def _get(request, pk):
    queryset = tenancy.scoped(request, Training).select_related("committee")
    training = tenancy.get_scoped_or_404(request, Training, pk, queryset)
    require(request, "samverkan.view_record", training)
    return training


@login_required
def training_list(request):
    require(request, "samverkan.view_record", request.municipality)
    scoped = tenancy.scoped(request, Training)
    span = scoped.aggregate(first=Min("held_on"), last=Max("held_on"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = span["last"].year if span["last"] else this_year
    committees = tenancy.scoped(request, Body).exclude(kind=Body.Kind.COUNCIL)
    filters = {
        "year": [(str(y), str(y)) for y in range(last, first - 1, -1)],
        "committee": [(str(c.pk), c.name) for c in committees],
        "topic": Training.Topic.choices,
        "audience": AUDIENCES,
    }
    labels = {
        "year": _("Year"),
        "committee": _("Committee"),
        "topic": _("Topic"),
        "audience": _("Audience"),
    }
    sort = request.GET.get("sort", "")
    sort = sort if sort.lstrip("-") in SORTS else DEFAULT_SORT
    listing = Listing(
        request,
        scoped.select_related("committee").order_by(sort, "title", "pk"),
        search=["title", "organiser"],
        filters=filters,
        filter_lookups={
            "year": _year,
            "committee": "committee_id",
            "topic": _topic,
            "audience": _audience,
        },
    )
    context = listing.context()
    for training in context["page"]:
        training.topic_labels = [str(TOPIC_LABELS.get(t, t)) for t in training.topics or []]
    return TemplateResponse(
        request,
        "activities/training_list.html",
        {
            **context,
            **sort_context(listing.querystring, SORTS, sort),
            "list_filters": [
                {
                    "name": name,
                    "label": labels[name],
                    "choices": choices,
                    "value": listing.active.get(name, ""),
                }
                for name, choices in filters.items()
            ],
            "list_label": _("Filter trainings"),
            "search_label": _("Search title or organiser"),
            "totals": training_totals(listing.queryset),
            "can_add": can_create(request, _training_maker(request)),
        },
    )


@login_required
def training_detail(request, pk):
    training = _get(request, pk)
    return TemplateResponse(
        request,
        "activities/training_detail.html",
        {
            "training": training,
            "topic_labels": [str(TOPIC_LABELS.get(t, t)) for t in training.topics or []],
            "named_participants": training.named_participants.all(),
            "elected_hours": training.hours * training.participants_elected,
            "employee_hours": training.hours * training.participants_employees,
            "history": history_entries(training),
            "can_change": request.user.has_perm("samverkan.change_record", training),
            "can_delete": request.user.has_perm("samverkan.delete_record", training),
        },
    )


def _form(request, training):
    form = TrainingForm(request.POST or None, instance=training, municipality=request.municipality)
    limit_committee_field(request, form, "committee")
    form.fields["committee"].queryset = form.fields["committee"].queryset.exclude(
        kind=Body.Kind.COUNCIL
    )
    return form


@login_required
def training_create(request):
    require_create(request, _training_maker(request))
    form = _form(request, Training(municipality=request.municipality))
    if request.method == "POST" and form.is_valid():
        require(request, "samverkan.add_record", form.instance)
    return form_page(
        request,
        form,
        title=_("New training"),
        cancel_url=reverse("training-list"),
        saved_message=_("The training was saved."),
        detail_url_name="training-detail",
    )


@login_required
def training_edit(request, pk):
    training = _get(request, pk)
    require(request, "samverkan.change_record", training)
    return form_page(
        request,
        _form(request, training),
        title=_("Edit %(title)s") % {"title": training.title},
        cancel_url=reverse("training-detail", args=[training.pk]),
        saved_message=_("The training was saved."),
        detail_url_name="training-detail",
    )


@login_required
def training_delete(request, pk):
    training = _get(request, pk)
    require(request, "samverkan.delete_record", training)
    return confirm_delete(
        request, training, reverse("training-list"), reverse("training-detail", args=[pk])
    )
