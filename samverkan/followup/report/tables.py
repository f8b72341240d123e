"""Figures (a samverkan.followup.figures.Overview) as tables a page can show.

The account page and each account in the compiled report show the same tables: first the
single numbers, then one table per list of figures, with translated column headings.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samverkan.lib.countries import country_name

from ..figures import CountryCount, Overview


def label(key) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def number(value):
    """A figure as the reader's language writes it: grouped thousands, money with öre.

    Text (a name, a code) and None pass through unchanged.
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float | Decimal):
        places = (
            0
            if value == int(value) and isinstance(value, float)
            else (1 if isinstance(value, float) else max(0, -Decimal(value).as_tuple().exponent))
        )
        return number_format(value, decimal_pos=places, force_grouping=True)
    return value


# (attribute of the overview, title, [(field, column heading), ...]); the first column is the
# row's name.
TABLES = [
    (
        "activities_per_committee",
        _("Activities per committee"),
        [("name", _("Committee")), ("count", _("Activities"))],
    ),
    (
        "activities_per_country",
        _("Activities per country"),
        [("name", _("Country")), ("count", _("Activities"))],
    ),
    (
        "activities_per_region",
        _("Activities per region"),
        [("label", _("Region")), ("count", _("Activities"))],
    ),
    (
        "activities_by_kind",
        _("Activities by kind"),
        [("label", _("Kind")), ("count", _("Activities"))],
    ),
    ("partners_by_kind", _("Partners by kind"), [("label", _("Kind")), ("count", _("Partners"))]),
    (
        "goals_served",
        _("Development goals served"),
        [("title", _("Goal")), ("code", _("Code")), ("count", _("Activities"))],
    ),
    (
        "participants_by_group",
        _("Participants in activities"),
        [("label", _("Group")), ("count", _("Participants"))],
    ),
    (
        "trainings_per_audience",
        _("Training participants per audience"),
        [
            ("label", _("Audience")),
            ("count", _("Participants")),
            ("participant_hours", _("Participant-hours")),
        ],
    ),
    (
        "funding",
        _("External funding granted and own costs"),
        [("label", _("Kind")), ("value", _("SEK"))],
    ),
    (
        "eu_share_five_years",
        _("EU share of activities, last five years"),
        [
            ("label", _("Year")),
            ("eu_activities", _("EU activities")),
            ("all_activities", _("All activities")),
            ("share", _("Share (%)")),
        ],
    ),
    (
        "partner_countries",
        _("Partner countries"),
        [("name", _("Country")), ("count", _("Partners"))],
    ),
    (
        "memberships",
        _("Memberships taken part in"),
        [
            ("name", _("Organisation")),
            ("participation", _("Participation entries")),
            ("activities", _("Activities")),
        ],
    ),
    (
        "twin_town_contacts",
        _("Twin-town contacts"),
        [
            ("name", _("Twin town")),
            ("country", _("Country")),
            ("activities", _("Activities")),
            ("dialogue_notes", _("Dialogue notes")),
        ],
    ),
]


TEXT_FIELDS = {"name", "label", "title", "code", "country"}


def _cell(item, field):
    value = getattr(item, field)
    # Countries by their code in the reader's language: frozen figures keep the name in the
    # language of the day they were frozen.
    if isinstance(item, CountryCount) and field == "name":
        return country_name(item.code)
    if field == "country":
        return country_name(value)
    return value if field in TEXT_FIELDS else number(value)


def figure_tables(figures: Overview | None) -> list[dict]:
    """The key figures table, then a table per list of figures the overview holds."""
    from .build import key_figure_rows

    if figures is None:
        return []
    tables = [
        {
            "title": _("Key figures"),
            "columns": [_("Figure"), _("Value")],
            "rows": key_figure_rows(figures),
        }
    ]
    for name, title, columns in TABLES:
        items = getattr(figures, name)
        if name == "activities_per_committee" and figures.body is not None:
            continue  # a body's own account: the one row is the body itself
        tables.append(
            {
                "title": title,
                "columns": [heading for _field, heading in columns],
                "rows": [[_cell(item, field) for field, _heading in columns] for item in items],
            }
        )
    return tables
