"""Pages: watch items with their influence actions, subject areas, and the calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.history.display import history_entries
from samverkan.lib.actions import VersionConflict
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, conflict_context, form_page, require, run_action
from samverkan.organisation import tenancy
from samverkan.organisation.access import can_create, limit_committee_field, require_create
from samverkan.organisation.models import Body
from samverkan.registry.models import Contact

from . import access, actions, calendar, figures
from .forms import RESPONSIBLE_BODIES, InfluenceActionForm, SubjectAreaForm, WatchItemForm
from .models import CalendarFeed, InfluenceAction, SubjectArea, WatchItem

OWNER_CHOICES = [
    ("none", gettext_lazy("No owner")),
    ("me", gettext_lazy("I am responsible")),
]


def _owner(request):
    def lookup(queryset, value):
        if value == "none":
            return queryset.without_owner()
        return queryset.filter(responsible_person=request.user)

    return lookup


def _item_maker(request):
    return lambda body: WatchItem(municipality=request.municipality, committee=body)


@login_required
def watch_item_list(request):
    require(request, "samverkan.view_record", request.municipality)
    areas = access.subject_areas_for(request)
    committees = tenancy.scoped(request, Body).filter(**RESPONSIBLE_BODIES)
    listing = Listing(
        request,
        access.watch_items_for(request).annotate(action_count=Count("actions")),
        search=["title", "eu_reference", "notes"],
        filters={
            "status": WatchItem.Status.choices,
            "subject_area": [(str(a.pk), a.name) for a in areas],
            "committee": [(str(c.pk), c.name) for c in committees],
            "kind": WatchItem.Kind.choices,
            "owner": OWNER_CHOICES,
        },
        filter_lookups={
            "subject_area": "subject_area_id",
            "committee": "committee_id",
            "owner": _owner(request),
        },
        sorts={
            "title": _("Title"),
            "next_date": _("Next date"),
            "feedback_closes_on": _("Feedback closes"),
            "status": _("Status"),
        },
        default_sort="title",
    )
    labels = {
        "status": _("Status"),
        "subject_area": _("Subject area"),
        "committee": _("Responsible committee"),
        "kind": _("Kind"),
        "owner": _("Owner"),
    }
    return TemplateResponse(
        request,
        "monitoring/watchitem_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                labels,
                label=_("Filter watch items"),
                search_label=_("Search title, EU reference or notes"),
            ),
            "can_add": can_create(request, _item_maker(request)),
            "without_owner": figures.open_items_without_owner(request.municipality).count(),
            "can_manage_areas": request.user.has_perm(
                "samverkan.manage_structure", request.municipality
            ),
        },
    )


@login_required
def watch_item_detail(request, pk):
    item = access.get_watch_item_for(request, pk)
    user = request.user
    sees_contacts = user.has_perm("samverkan.view_personal_data", item)
    item_actions = item.actions.select_related("channel", "contact")
    return TemplateResponse(
        request,
        "monitoring/watchitem_detail.html",
        {
            "item": item,
            "actions": item_actions,
            "sees_contacts": sees_contacts,
            "today": timezone.localdate(),
            "history": history_entries(item),
            "can_change": user.has_perm("samverkan.change_record", item),
            "can_delete": user.has_perm("samverkan.delete_record", item),
        },
    )


def _item_form(request, item):
    form = WatchItemForm(request.POST or None, instance=item, municipality=request.municipality)
    limit_committee_field(request, form, "committee")
    return form


@login_required
def watch_item_create(request):
    require_create(request, _item_maker(request))
    initial_area = request.GET.get("subject_area", "")
    item = WatchItem(municipality=request.municipality)
    form = _item_form(request, item)
    if not form.is_bound and initial_area.isdigit():
        form.initial["subject_area"] = initial_area
    return form_page(
        request,
        form,
        save=lambda form: actions.create_watch_item(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New watch item"),
        cancel_url=reverse("watchitem-list"),
        saved_message=_("The watch item was saved."),
        detail_url_name="watchitem-detail",
    )


@login_required
def watch_item_edit(request, pk):
    item = access.get_watch_item_for(request, pk, perm="samverkan.change_record")
    title = item.title
    form = _item_form(request, item)
    return form_page(
        request,
        form,
        # The action checks the item as it would be: an editor may not hand it away.
        save=lambda form: actions.update_watch_item(
            item, form.changes(), expected_version=form.expected_version, acting_user=request.user
        ),
        title=_("Edit %(title)s") % {"title": title},
        cancel_url=reverse("watchitem-detail", args=[item.pk]),
        saved_message=_("The watch item was saved."),
        detail_url_name="watchitem-detail",
    )


@login_required
def watch_item_delete(request, pk):
    item = access.get_watch_item_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        item,
        reverse("watchitem-list"),
        reverse("watchitem-detail", args=[pk]),
        delete=lambda item: actions.delete_watch_item(item, acting_user=request.user),
    )


# Influence actions ---------------------------------------------------------------------


def _action_form(request, action):
    return InfluenceActionForm(
        request.POST or None,
        instance=action,
        municipality=request.municipality,
        sees_contacts=request.user.has_perm("samverkan.view_personal_data", action),
    )


def _action_page(request, form, item, title, save):
    """Run the influence action's action on a valid POST (it moves the contact's last
    contact date), or show the form; a stale edit comes back with both versions (409)."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            action, ok = run_action(form, lambda: save(form))
        except VersionConflict as error:
            form, conflict = conflict_context(request, form, error.current)
            ok = False
        if ok:
            message = _("The influence action was saved.")
            if action.contact_id:
                contact = Contact.objects.get(pk=action.contact_id)
                message = _(
                    "The influence action was saved. The last contact with %(contact)s "
                    "is now %(date)s."
                ) % {"contact": contact, "date": date_format(contact.last_contact_on)}
            messages.success(request, message)
            return redirect("watchitem-detail", pk=item.pk)
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {
            "form": form,
            "conflict": conflict,
            "title": title,
            "cancel_url": reverse("watchitem-detail", args=[item.pk]),
        },
        status=409 if conflict else 200,
    )


@login_required
def influence_action_create(request, pk):
    item = access.get_watch_item_for(request, pk)
    action = InfluenceAction(municipality=request.municipality, watch_item=item)
    require(request, "samverkan.add_record", action)
    form = _action_form(request, action)
    if not form.is_bound:
        form.initial["taken_on"] = timezone.localdate()
        if request.GET.get("contact", "").isdigit() and "contact" in form.fields:
            form.initial["contact"] = request.GET["contact"]
    return _action_page(
        request,
        form,
        item,
        _("New influence action on %(title)s") % {"title": item.title},
        save=lambda form: actions.create_influence_action(
            item, form.changes(), acting_user=request.user
        ),
    )


@login_required
def influence_action_edit(request, pk):
    action = access.get_influence_action_for(request, pk, perm="samverkan.change_record")
    return _action_page(
        request,
        _action_form(request, action),
        action.watch_item,
        _("Edit the influence action on %(title)s") % {"title": action.watch_item.title},
        save=lambda form: actions.update_influence_action(
            action, form.changes(), expected_version=form.expected_version, acting_user=request.user
        ),
    )


@login_required
def influence_action_delete(request, pk):
    action = access.get_influence_action_for(request, pk, perm="samverkan.delete_record")
    detail = reverse("watchitem-detail", args=[action.watch_item_id])
    return confirm_delete(
        request,
        action,
        detail,
        detail,
        delete=lambda action: actions.delete_influence_action(action, acting_user=request.user),
    )


# Subject areas ---------------------------------------------------------------------------


@login_required
def subject_area_list(request):
    require(request, "samverkan.view_record", request.municipality)
    areas = (
        access.subject_areas_for(request)
        .select_related("committee")
        .annotate(item_count=Count("watch_items"))
        .order_by("name")
    )
    return TemplateResponse(
        request,
        "monitoring/subjectarea_list.html",
        {
            "areas": areas,
            "can_manage": request.user.has_perm("samverkan.manage_structure", request.municipality),
        },
    )


@login_required
def subject_area_create(request):
    area = SubjectArea(municipality=request.municipality)
    require(request, "samverkan.manage_structure", area)
    form = SubjectAreaForm(request.POST or None, instance=area, municipality=request.municipality)
    return _area_page(
        request,
        form,
        _("New subject area"),
        save=lambda form: actions.create_subject_area(
            request.municipality, form.changes(), acting_user=request.user
        ),
    )


@login_required
def subject_area_edit(request, pk):
    area = access.get_subject_area_for(request, pk)
    title = _("Edit %(name)s") % {"name": area.name}
    form = SubjectAreaForm(request.POST or None, instance=area, municipality=request.municipality)
    return _area_page(
        request,
        form,
        title,
        save=lambda form: actions.update_subject_area(
            area, form.changes(), expected_version=form.expected_version, acting_user=request.user
        ),
    )


def _area_page(request, form, title, save):
    return form_page(
        request,
        form,
        save=save,
        title=title,
        cancel_url=reverse("subjectarea-list"),
        saved_message=_("The subject area was saved."),
        success_url=reverse("subjectarea-list"),
    )


@login_required
def subject_area_delete(request, pk):
    area = access.get_subject_area_for(request, pk)
    return confirm_delete(
        request,
        area,
        reverse("subjectarea-list"),
        reverse("subjectarea-list"),
        delete=lambda area: actions.delete_subject_area(area, acting_user=request.user),
    )


# Calendar feed -----------------------------------------------------------------------------


@login_required
def calendar_feed_page(request):
    feed = access.active_feed(request.user)
    return TemplateResponse(
        request,
        "monitoring/calendar_feed.html",
        {
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
            if feed
            else None,
            "previous": access.revoked_feed_count(request.user),
        },
    )


@login_required
@require_POST
def calendar_feed_change(request):
    action = request.POST.get("action")
    if action in {"create", "renew"}:
        actions.renew_feed(request.user, acting_user=request.user)
        messages.success(
            request,
            _("Your new calendar address is ready. Any old address no longer works.")
            if action == "renew"
            else _("Your calendar address is ready."),
        )
    elif action == "revoke":
        actions.revoke_feed(request.user, acting_user=request.user)
        messages.success(request, _("Your calendar address was revoked. It no longer works."))
    else:
        messages.error(request, _("Choose what to do with your calendar address."))
    return redirect("calendar-feed-page")


def calendar_feed(request, token):
    """The feed itself: no sign-in, the secret address is the key; revoked or unknown → 404."""
    feed = CalendarFeed.objects.active().select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404("No such calendar")
    today = timezone.localdate()
    body = calendar.feed_for(
        feed.user,
        start=today - datetime.timedelta(days=calendar.PAST_DAYS),
        end=today + datetime.timedelta(days=calendar.FUTURE_DAYS),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samverkan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
