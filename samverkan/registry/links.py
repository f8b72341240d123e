"""Links to the registry's record pages, for any app's pages and reports (not a views
module, so that other apps may import it: ADR 5)."""

from django.urls import NoReverseMatch, reverse

# Each register's detail page, by model. The relation pages may name theirs in more
# than one way, so the first name that resolves wins and a missing page gives None.
DETAIL_URL_NAMES = {
    "partner": ("partner-detail",),
    "contact": ("contact-detail",),
    "decision": ("decision-detail",),
    "agreement": ("agreement-detail",),
    "twintown": ("twintown-detail", "twin-town-detail"),
    "networkmembership": ("membership-detail", "networkmembership-detail"),
}


def record_url(record) -> str | None:
    """The detail page of a register record, or None when there is no such page yet."""
    for name in DETAIL_URL_NAMES.get(record._meta.model_name, ()):
        try:
            return reverse(name, args=[record.pk])
        except NoReverseMatch:
            continue
    return None


def with_urls(records) -> list[dict]:
    """Records paired with their detail page, for templates that list mixed records."""
    return [{"record": record, "url": record_url(record)} for record in records]
