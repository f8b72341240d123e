"""Training pages: who learned what (P5), with participants and participant-hours per audience."""

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
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

from .. import access, actions, queries
from ..forms import TrainingForm
from ..models import Training
from .helpers import sort_context

SORTS = {"held_on": gettext_lazy("Date"), "title": gettext_lazy("Title")}
DEFAULT_SORT = "-held_on"
TOPIC_LABELS = dict(Training.Topic.choices)
# The list's filters, by name, as the training QuerySet's methods (activities/queries.py).
FILTER_LOOKUPS = {
    "year": lambda trainings, value: trainings.for_year(int(value)),
    "committee": lambda trainings, value: trainings.for_committee(int(value)),
    "topic": lambda trainings, value: trainings.on_topic(value),
    "audience": lambda trainings, value: trainings.with_audience(value),
}


@login_required
def training_list(request):
    require(request, "samverkan.view_record", request.municipality)
    scoped = access.trainings_for(request)
    span = scoped.aggregate(first=Min("held_on"), last=Max("held_on"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = span["last"].year if span["last"] else this_year
    committees = tenancy.scoped(request, Body).exclude(kind=Body.Kind.COUNCIL)
    filters = {
        "year": [(str(y), str(y)) for y in range(last, first - 1, -1)],
        "committee": [(str(c.pk), c.name) for c in committees],
        "topic": Training.Topic.choices,
        "audience": queries.AUDIENCES,
    }
    labels = {
        "year": _("Year"),
        "committee": _("Committee"),
        "topic": _("Topic"),
        "audience": _("Audience"),
    }
    sort = request.GET.get("sort", "")
    sort = sort if sort.lstrip("-") in SORTS else DEFAULT_SORT
    # The search and the filters are the training QuerySet's, as for the API's list.
    trainings = scoped.search(request.GET.get("q")).select_related("committee")
    listing = Listing(
        request,
        trainings.order_by(sort, "title", "pk"),
        filters=filters,
        filter_lookups=FILTER_LOOKUPS,
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
            "totals": listing.queryset.totals(),
            "can_add": can_create(request, access.training_maker(request)),
        },
    )


@login_required
def training_detail(request, pk):
    training = access.get_training_for(request, pk)
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


def _save_training(request):
    def save(form):
        if form.instance._state.adding:
            return actions.create_training(
                request.municipality, form.changes(), acting_user=request.user
            )
        return actions.update_training(
            form.instance,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )

    return save


@login_required
def training_create(request):
    require_create(request, access.training_maker(request))
    return form_page(
        request,
        _form(request, Training(municipality=request.municipality)),
        # The committee chosen decides: an editor may add only their own committee's.
        save=_save_training(request),
        title=_("New training"),
        cancel_url=reverse("training-list"),
        saved_message=_("The training was saved."),
        detail_url_name="training-detail",
    )


@login_required
def training_edit(request, pk):
    training = access.get_training_for(request, pk, perm="samverkan.change_record")
    return form_page(
        request,
        _form(request, training),
        save=_save_training(request),
        title=_("Edit %(title)s") % {"title": training.title},
        cancel_url=reverse("training-detail", args=[training.pk]),
        saved_message=_("The training was saved."),
        detail_url_name="training-detail",
    )


@login_required
def training_delete(request, pk):
    training = access.get_training_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        training,
        reverse("training-list"),
        reverse("training-detail", args=[pk]),
        delete=lambda obj: actions.delete_training(obj, acting_user=request.user),
    )
