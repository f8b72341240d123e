"""List pages: search, filters, sorting and pagination, the same way on every register.

A view describes its list once and gets back what the template needs:

    listing = Listing(
        request,
        queryset,
        search=["name", "city"],
        filters={"kind": Partner.Kind.choices, "country": country_choices},
        sorts={"name": _("Name"), "country": _("Country")},
        default_sort="name",
    )
    context = listing.context()  # page, query, filters, sort, querystrings

Unknown filter values and sort keys are ignored, never an error: a list page
answers any query string.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from .views import paginate


class Listing:
    def __init__(
        self,
        request,
        queryset,
        *,
        search: Iterable[str] = (),
        filters: dict[str, Iterable[tuple[str, str]]] | None = None,
        filter_lookups: dict[str, str] | None = None,
        sorts: dict[str, str] | None = None,
        default_sort: str | None = None,
        per_page: int = 25,
    ):
        self.request = request
        self.search_fields = list(search)
        self.filters = {name: list(choices) for name, choices in (filters or {}).items()}
        self.filter_lookups = filter_lookups or {}
        self.sorts = sorts or {}
        self.default_sort = default_sort
        self.per_page = per_page
        self.query = request.GET.get("q", "").strip()
        self.active = {}
        for name, choices in self.filters.items():
            value = request.GET.get(name, "")
            if value in {str(key) for key, _label in choices}:
                self.active[name] = value
        sort = request.GET.get("sort", "")
        self.sort = sort if sort.lstrip("-") in self.sorts else (default_sort or "")
        self.queryset = self._apply(queryset)

    def _apply(self, queryset):
        if self.query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": self.query})
            queryset = queryset.filter(condition)
        for name, value in self.active.items():
            lookup = self.filter_lookups.get(name, name)
            if callable(lookup):
                queryset = lookup(queryset, value)
            else:
                queryset = queryset.filter(**{lookup: value})
        if self.sort:
            queryset = queryset.order_by(self.sort, "pk")
        return queryset

    def querystring(self, **changes) -> str:
        """The current query string with `changes` (None removes a key); page resets."""
        params = QueryDict(mutable=True)
        params.update({k: v for k, v in self.request.GET.items() if k != "page"})
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params.urlencode()

    def sort_links(self) -> list[dict]:
        """Column headers: label, link that sorts by it (toggling), and the current direction."""
        links = []
        for key, label in self.sorts.items():
            current = self.sort.lstrip("-") == key
            descending = current and self.sort.startswith("-")
            target = key if (not current or descending) else f"-{key}"
            links.append(
                {
                    "key": key,
                    "label": label,
                    "url": "?" + self.querystring(sort=target),
                    "current": current,
                    "direction": ("descending" if descending else "ascending") if current else "",
                }
            )
        return links

    def context(self, page=None) -> dict:
        """The template's context; `page` when the caller has made it (from a cache)."""
        if page is None:
            page = paginate(self.request, self.queryset, self.per_page)
        return {
            "page": page,
            "query": self.query,
            "active_filters": self.active,
            "filter_choices": self.filters,
            "sort": self.sort,
            "sort_links": {link["key"]: link for link in self.sort_links()},
            "page_querystring": self.querystring(),
        }


def list_controls(listing, labels: dict, *, label=None, search_label=None, has_search=True):
    """Context for registry/includes/list_controls.html from a lib.listing.Listing.

    `labels` names each filter of the listing (filter name → visible label).
    """
    sort_options = []
    for key, sort_label in listing.sorts.items():
        sort_options.append((key, _("%(label)s, ascending") % {"label": sort_label}))
        sort_options.append((f"-{key}", _("%(label)s, descending") % {"label": sort_label}))
    return {
        "list_filters": [
            {
                "name": name,
                "label": labels.get(name, name),
                "choices": choices,
                "value": listing.active.get(name, ""),
            }
            for name, choices in listing.filters.items()
        ],
        "sort_options": sort_options,
        "list_label": label,
        "search_label": search_label,
        "hide_search": not has_search,
    }
