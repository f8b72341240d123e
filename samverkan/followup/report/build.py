"""The compiled report of a year: what every format (HTML, DOCX, PDF) shows, built once.

The figures come from samverkan.followup.figures.overview (one source of truth); this
module only picks the series the charts show and turns them into Chart objects, each
with its text alternative and its data table. The formats in html.py and docx.py lay out
the same Report.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib.countries import collation_key, country_name
from samverkan.policy.models import layers_in_force

from .. import compliance
from .. import figures as figures_module
from ..figures import Overview
from ..models import AccountRound, YearlyAccount
from ..queries import figures_of
from .charts import Chart
from .tables import figure_tables, number


@dataclass
class AccountSection:
    account: YearlyAccount
    sections: list[dict]
    tables: list[dict]


@dataclass
class Report:
    municipality: object
    year: int
    round: AccountRound | None
    introduction: list[str]
    key_figures: list[list]
    charts: list[Chart]
    accounts: list[AccountSection] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # bodies with no approved account yet
    # The municipality's steering documents in force at the end of the year.
    documents: list[str] = field(default_factory=list)
    # [clause, indicator, value, target, status] for each indicator of those documents.
    compliance: list[list] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("International cooperation %(year)s – %(municipality)s") % {
            "year": self.year,
            "municipality": self.municipality.name,
        }


def _series(items, *, name: str, value: str = "count", code: str = "code") -> list:
    """(label, number, code) rows of a list of figures, read by their fields."""
    return [
        (
            str(getattr(item, name) or "–"),
            getattr(item, value),
            str(getattr(item, code, "") or ""),
        )
        for item in items
    ]


def _country_series(items) -> list:
    """(name, count, code) rows of country figures, named by code in the reader's language
    (frozen figures keep the name in the language of the day they were frozen)."""
    return [(country_name(item.code), item.count, item.code) for item in items]


def _bar(key, title, column, rows, alt_template, kind="bar", unit="", value_column=None) -> Chart:
    parts = [f"{name} {number(value)}{unit}" for name, value, _code in rows]
    alt = alt_template % {"items": "; ".join(parts) if parts else _("none")}
    return Chart(
        key=key,
        title=title,
        columns=[column, value_column or _("Activities")],
        rows=[[name, value] for name, value, _code in rows],
        alt=alt,
        kind=kind,
        unit=unit,
    )


def charts_from(figures: Overview) -> list[Chart]:
    charts = []
    per_committee = _series(figures.activities_per_committee, name="name")
    charts.append(
        _bar(
            "per_committee",
            _("Activities per committee"),
            _("Committee"),
            per_committee,
            _("Bar chart of the number of activities per committee: %(items)s."),
        )
    )
    per_country = sorted(
        _country_series(figures.activities_per_country),
        key=lambda row: -float(row[1] or 0),
    )
    charts.append(
        _bar(
            "per_country",
            _("Activities per country"),
            _("Country"),
            per_country[:15],
            _("Bar chart of the number of activities per country, the fifteen largest: %(items)s."),
        )
    )
    charts.append(
        _bar(
            "per_region",
            _("Activities per region"),
            _("Region"),
            _series(figures.activities_per_region, name="label"),
            _("Bar chart of the number of activities per region: %(items)s."),
            kind="columns",
        )
    )
    eu_share = _series(figures.eu_share_five_years, name="label", value="share")
    charts.append(
        _bar(
            "eu_share",
            _("EU share of activities, last five years"),
            _("Year"),
            eu_share,
            _("Column chart of the EU share of activities by year: %(items)s."),
            kind="columns",
            unit=" %",
            value_column=_("Share (%)"),
        )
    )
    funding = _series(figures.funding, name="label", value="value")
    charts.append(
        _bar(
            "funding",
            _("External funding granted and own costs (SEK)"),
            _("Kind"),
            funding,
            _("Columns of external funding granted and own costs, in kronor: %(items)s."),
            kind="pair",
            value_column=_("SEK"),
        )
    )
    charts.append(
        _bar(
            "trainings",
            _("Training participants per audience"),
            _("Audience"),
            _series(figures.trainings_per_audience, name="label"),
            _("Bar chart of training participants per audience: %(items)s."),
            value_column=_("Participants"),
        )
    )
    countries = sorted(
        _country_series(figures.partner_countries),
        key=lambda row: (-float(row[1] or 0), collation_key(row[0])),
    )
    parts = [f"{name} {number(value)}" for name, value, _code in countries]
    charts.append(
        Chart(
            key="map",
            title=_("Partner countries"),
            columns=[_("Country"), _("Partners"), _("Code")],
            rows=[[name, value, code] for name, value, code in countries],
            alt=_(
                "Map of Europe and the world with the partner countries shaded by count: %(items)s."
            )
            % {"items": "; ".join(parts) if parts else _("none")},
            kind="map",
            extra={"legend": _("Partners"), "credit": _("Map: Natural Earth (public domain)")},
        )
    )
    return charts


# (attribute path in the overview, label); a list counts its items.
KEY_FIGURES = [
    ("activities", gettext_lazy("Activities")),
    ("participants_total", gettext_lazy("Participants in activities")),
    ("own_costs_sek", gettext_lazy("Own costs (SEK)")),
    ("external_funding_sek", gettext_lazy("External funding granted (SEK)")),
    ("partners_involved", gettext_lazy("Partners")),
    ("partner_countries", gettext_lazy("Partner countries")),
    ("goals_served", gettext_lazy("Development goals served")),
    ("trainings_held", gettext_lazy("Trainings")),
    ("training_participants", gettext_lazy("Training participants")),
    ("resources.budget_sek", gettext_lazy("Budget for international work (SEK)")),
    ("resources.staff_fte", gettext_lazy("Staff for international work (FTE)")),
    ("memberships", gettext_lazy("Memberships taken part in")),
    ("twin_town_contacts", gettext_lazy("Twin towns in contact")),
    ("applications.submitted", gettext_lazy("Applications submitted")),
    ("applications.granted", gettext_lazy("Applications granted")),
    ("applications.granted_amount_sek", gettext_lazy("Funding granted (SEK)")),
]


def build_report(municipality, year: int) -> Report:
    figures = figures_module.overview(municipality, year)
    round_ = AccountRound.objects.for_municipality(municipality).filter(year=year).first()
    approved, missing = [], []
    if round_ is not None:
        for account in round_.accounts.select_related("body", "decision").order_by(
            "body__kind", "body__name"
        ):
            if account.is_approved:
                approved.append(
                    AccountSection(
                        account=account,
                        sections=account.section_rows(),
                        tables=figure_tables(figures_of(account)),
                    )
                )
            else:
                missing.append(account.body.name)
    documents = [
        _("“%(title)s” (%(body)s, %(date)s)")
        % {
            "title": document.title,
            "body": document.get_decision_body_kind_display().lower(),
            "date": document.decided_on.isoformat(),
        }
        for document in layers_in_force(municipality.pk, datetime.date(year, 12, 31))
    ]
    introduction = [
        _("This is %(municipality)s's account of its international cooperation in %(year)s.")
        % {"municipality": municipality.name, "year": year},
    ]
    if documents:
        introduction.append(
            _("It follows up the municipality's steering documents: %(documents)s.")
            % {"documents": "; ".join(documents)}
        )
    introduction.append(
        _(
            "First come the overview figures for the whole municipality, each chart with its "
            "figures in a table; then how the year measured up to the steering documents, "
            "clause by clause; then each body's approved account."
        )
    )
    if round_ is None:
        introduction.append(_("No round of yearly accounts has been opened for this year."))
    elif missing:
        introduction.append(
            _("%(approved)s of %(total)s accounts are approved; not yet approved: %(bodies)s.")
            % {
                "approved": len(approved),
                "total": len(approved) + len(missing),
                "bodies": ", ".join(missing),
            }
        )
    else:
        introduction.append(_("Every body's account is approved."))
    key_figures = key_figure_rows(figures)
    return Report(
        municipality=municipality,
        year=year,
        round=round_,
        introduction=introduction,
        key_figures=key_figures,
        charts=charts_from(figures),
        accounts=approved,
        missing=missing,
        documents=documents,
        compliance=compliance_rows(municipality, year),
    )


def compliance_rows(municipality, year: int) -> list[list]:
    """The dashboard of the year in short: each indicator with its clause as the pack
    names it, its value, its target and whether it is met."""
    rows = []
    for row in compliance.dashboard(municipality, year):
        target = f"{row.comparison_label} {number(row.target)}"
        if row.unit:
            target = f"{target} {row.unit}"
        rows.append(
            [
                row.clause,
                row.label,
                "–" if row.value is None else number(row.value),
                target,
                str(row.status_label),
            ]
        )
    return rows


def _get(figures: Overview, path: str):
    value = figures
    for part in path.split("."):
        value = getattr(value, part)
        if value is None:  # applications: none for a body
            return None
    return value


def key_figure_rows(figures: Overview) -> list[list]:
    """The overview's single numbers, each with its label; lists count their items."""
    rows = []
    for path, text in KEY_FIGURES:
        value = _get(figures, path)
        if isinstance(value, list):
            value = len(value)
        if value is not None:
            rows.append([str(text), number(value)])
    return rows
