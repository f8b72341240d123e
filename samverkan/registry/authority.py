"""Who may decide what: the policy pack's decision rules applied to decisions and register items.

A decision by a body without authority is refused with the rule's message, which the
pack writes and which cites the pack's own clause. Records that break the rules anyway
(imported, or made before a rule changed) are found by `violations()` and flagged,
never hidden; the compliance indicators count exactly that list. Nothing here knows a
municipality's clause numbers or bodies: every message and reference comes from its pack.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.organisation.models import Body
from samverkan.policy.models import (
    DecisionRule,
    Delegation,
    PolicyDocument,
    TimeRule,
    base_document,
    layers_in_force,
)

from . import countries


def current_policy(municipality_id, on: datetime.date | None = None) -> PolicyDocument | None:
    """The municipality's main document in force on `on` (today when not given)."""
    return base_document(municipality_id, on)


def partners_match(condition: str, partners, day: datetime.date) -> bool:
    """Whether a rule limited to `condition` ("non_nordic", "eu", …) applies to a relation
    with `partners` (countries' groups as on `day`): any partner matching is enough."""
    if not condition:
        return True
    negated = condition.startswith("non_")
    group = condition.removeprefix("non_")
    for partner in partners:
        inside = group in countries.groups_of(partner.country.code, day)
        if inside != negated:
            return True
    return False


def partners_of(record) -> list | None:
    """The partners a conditional rule looks at; None for a record without partners
    (a decision on its own), which the general rules judge."""
    model = record._meta.model_name
    if model == "twintown":
        return [record.partner] if record.partner_id else []
    if model == "agreement":
        pending = getattr(record, "_pending_m2m", {}).get("parties")
        if pending is not None:
            from .models import Partner

            ids = [p if isinstance(p, int) else p.pk for p in pending]
            return list(Partner.objects.filter(pk__in=ids))
        return list(record.parties.all()) if record.pk else []
    if model == "networkmembership":
        return [record.organisation] if record.organisation_id else []
    return None


@dataclass
class RuleBook:
    """The rules in force on one day: decision rules (by type, conditional ones first),
    delegations and time rules, from the main document and its supplements."""

    day: datetime.date
    rules: dict[str, list[DecisionRule]] = field(default_factory=dict)
    time_rules: list[TimeRule] = field(default_factory=list)
    # Read only when a working committee or officer decided (most decisions are not).
    delegations_of: Callable[[], list[Delegation]] = list

    @cached_property
    def delegations(self) -> list[Delegation]:
        return self.delegations_of()

    def __iter__(self):
        """The decision types governed."""
        return iter(self.rules)

    def __contains__(self, decision_type) -> bool:
        return decision_type in self.rules

    def get(self, decision_type, partners=None) -> DecisionRule | None:
        """The rule that governs `decision_type` for a relation with `partners` (None:
        not known, the general rule)."""
        for rule in self.rules.get(decision_type, []):
            if not rule.condition or (
                partners is not None and partners_match(rule.condition, partners, self.day)
            ):
                return rule
        return None

    def error(self, decision_type, body, partners=None) -> tuple[DecisionRule, str] | None:
        """(the rule, its message) when `body` may not take the decision, else None."""
        if body is None or not decision_type:
            return None
        candidates = self.rules.get(decision_type, [])
        if partners is None:
            # Partners unknown: any rule's body may decide; the general rule speaks.
            if not candidates or any(self._may(rule, body) for rule in candidates):
                return None
            rule = self.get(decision_type) or candidates[-1]
            return rule, rule.message
        rule = self.get(decision_type, partners)
        if rule is None or self._may(rule, body):
            return None
        return rule, rule.message

    def _may(self, rule: DecisionRule, body) -> bool:
        if body.kind == rule.authorised_body_kind:
            return True
        return self.delegated(rule.decision_type, body, rule.authorised_body_kind)

    def delegated(self, decision_type, body, authorised_kind) -> bool:
        """A working committee or officer deciding for the authorised body, by a
        delegation of this decision type in force."""
        if body.kind not in Body.DELEGATE_KINDS or not body.delegated_by_id:
            return False
        delegating = body.delegated_by
        if delegating is None or delegating.kind != authorised_kind:
            return False
        return any(
            d.delegating_body_kind == authorised_kind
            and d.delegate_kind == body.kind
            and decision_type in d.decision_types
            for d in self.delegations
        )


def _book(day, layers, rules_by_layer, delegations_by_layer, time_rules_by_layer) -> RuleBook:
    """`delegations_by_layer`: a callable giving them by layer, called when first needed."""
    book = RuleBook(
        day,
        delegations_of=lambda: [
            delegation
            for layer in layers
            for delegation in delegations_by_layer().get(layer.pk, [])
        ],
    )
    by_type: dict[tuple[str, str], DecisionRule] = {}
    for layer in layers:
        for rule in rules_by_layer.get(layer.pk, []):
            by_type[(rule.decision_type, rule.condition)] = rule  # later layers override
        book.time_rules += time_rules_by_layer.get(layer.pk, [])
    for (decision_type, _condition), rule in sorted(
        by_type.items(), key=lambda item: (item[0][0], item[0][1] == "")
    ):
        book.rules.setdefault(decision_type, []).append(rule)
    return book


def _by_layer(model, layers, related=("clause",)):
    found: dict[int, list] = {}
    for item in model.objects.filter(policy__in=layers).select_related(*related):
        found.setdefault(item.policy_id, []).append(item)
    return found


def rules_for(municipality_id, on: datetime.date | None = None) -> RuleBook:
    """The rules in force on `on` (today when not given): the main document's, added to
    and overridden by its supplements in force then. A decision is judged by the rules
    in force on its meeting date, never by a later or an ended document's."""
    day = on or timezone.localdate()
    layers = layers_in_force(municipality_id, day)
    return _book(
        day,
        layers,
        _by_layer(DecisionRule, layers),
        lambda: _by_layer(Delegation, layers),
        _by_layer(TimeRule, layers),
    )


def check_decision(decision) -> None:
    """Refuse a decision by a body without authority, a malformed or duplicate number."""
    from .models import Decision

    errors = {}
    if decision.body_id and decision.body.municipality_id != decision.municipality_id:
        errors["body"] = _("Choose a body of your own municipality.")
    elif decision.body_id and decision.decision_type and decision.meeting_date:
        broken = rules_for(decision.municipality_id, decision.meeting_date).error(
            decision.decision_type, decision.body
        )
        if broken:
            errors["body"] = broken[1]
    policy = current_policy(decision.municipality_id)
    pattern = policy.registration_number_pattern if policy else ""
    number = (decision.registration_number or "").strip()
    decision.registration_number = number
    if number and pattern and not re.fullmatch(pattern, number):
        example = policy.registration_number_example
        if example:
            errors["registration_number"] = _(
                "%(number)s is not a registration number as this municipality writes them "
                "(for example %(example)s)."
            ) % {"number": number, "example": example}
        else:
            errors["registration_number"] = _(
                "%(number)s is not a registration number as this municipality writes them."
            ) % {"number": number}
    if decision.body_id and decision.meeting_date and decision.paragraph:
        others = Decision.objects.filter(body_id=decision.body_id).exclude(pk=decision.pk)
        if others.filter(year=decision.meeting_date.year, paragraph=decision.paragraph).exists():
            errors["paragraph"] = _(
                "%(body)s already has a decision § %(paragraph)s in %(year)s."
            ) % {
                "body": decision.body,
                "paragraph": decision.paragraph,
                "year": decision.meeting_date.year,
            }
        if (
            number
            and others.filter(
                meeting_date=decision.meeting_date, registration_number=number
            ).exists()
        ):
            errors["registration_number"] = _(
                "%(body)s already has a decision in case %(number)s at this meeting."
            ) % {"body": decision.body, "number": number}
    if errors:
        raise ValidationError(errors)


def check_item_decision(item, decision, decision_type, field: str = "decision") -> None:
    """A register item's decision must be of the right type and by an authorised body."""
    if decision is None:
        return
    if decision.municipality_id != item.municipality_id:
        raise ValidationError({field: _("Choose a decision of your own municipality.")})
    if decision_type and decision.decision_type not in (decision_type,):
        from .models import DecisionType

        raise ValidationError(
            {
                field: _(
                    "The decision is recorded as “%(recorded)s”, but this needs a decision "
                    "on “%(needed)s”."
                )
                % {
                    "recorded": decision.get_decision_type_display(),
                    "needed": DecisionType(decision_type).label,
                }
            }
        )
    broken = rules_for(item.municipality_id, decision.meeting_date).error(
        decision_type, decision.body, partners_of(item)
    )
    if broken:
        raise ValidationError({field: broken[1]})


def consideration_message(policy: PolicyDocument, missing: list[str]) -> str:
    """Why a twin town may not be decided yet: the pack's message, and what is missing."""
    if policy.consideration_message:
        lead = policy.consideration_message
    elif policy.consideration_clause:
        lead = _(
            "A new twin town must be carefully considered before it is decided (%(clause)s)."
        ) % {"clause": policy.consideration_clause}
    else:
        lead = _("A new twin town must be carefully considered before it is decided.")
    return _("%(rule)s Complete the consideration first: %(missing)s.") % {
        "rule": lead,
        "missing": ", ".join(missing),
    }


def check_twin_town(twin_town) -> None:
    from .models import Partner, TwinTown

    errors = {}
    status = twin_town.status
    partner = twin_town.partner if twin_town.partner_id else None
    if partner and (partner.kind not in Partner.TWIN_KINDS or partner.country.code == "SE"):
        errors["partner"] = _("A twin town is a municipality or a region abroad.")
    if (
        status in (TwinTown.Status.PAUSED, TwinTown.Status.ENDED)
        and not (twin_town.status_reason or "").strip()
    ):
        errors["status_reason"] = _("Give the reason why the relation is paused or ended.")
    if status == TwinTown.Status.ENDED:
        if twin_town.end_decision_id is None:
            rule = rules_for(twin_town.municipality_id).get(
                "twin_town_end", [partner] if partner else None
            )
            errors["end_decision"] = (
                _("Choose the decision that ended the relation. %(rule)s") % {"rule": rule.message}
                if rule
                else _("Choose the decision that ended the relation.")
            )
        if twin_town.ended_on is None:
            errors["ended_on"] = _("Give the date the relation ended.")
    if twin_town.decision_id:
        policy = current_policy(twin_town.municipality_id)
        missing = missing_consideration(twin_town, policy)
        if missing:
            errors["decision"] = consideration_message(policy, missing)
    if errors:
        raise ValidationError(errors)


def needs_consideration(twin_town, policy=None) -> bool:
    """The pack's consideration applies to relations decided under the document that asks
    for it, not to those decided before it."""
    # `policy` lets a caller that checks many twin towns look the policy up once.
    policy = policy or current_policy(twin_town.municipality_id)
    if policy is None or not policy.consideration_required:
        return False
    decision = twin_town.decision
    if decision is None:
        return True
    return decision.meeting_date >= policy.decided_on


def missing_consideration(twin_town, policy=None) -> list[str]:
    """The consideration's parts the pack asks for that are still empty (labels);
    empty when nothing is asked for."""
    policy = policy or current_policy(twin_town.municipality_id)
    if not needs_consideration(twin_town, policy):
        return []
    wanted = policy.consideration_fields or list(twin_town.CONSIDERATION_FIELDS)
    return [
        str(twin_town._meta.get_field(name).verbose_name)
        for name in wanted
        if not (getattr(twin_town, name) or "").strip()
    ]


# Flagging: records that break the rules anyway ----------------------------------------


@dataclass(frozen=True)
class Violation:
    """A record that breaks a rule of the pack.

    rule: the decision rule broken (None for the consideration and time rules);
    time_rule: the time rule broken, if that is what is broken;
    clause: the pack's clause the rule cites ("" when it cites none);
    authorised_body_kind: the kind of body the rule gives the decision to ("" for the
        consideration and time rules), what the authority indicators count by.
    """

    record: object
    message: str
    rule: DecisionRule | None = None
    clause: str = ""
    authorised_body_kind: str = ""
    time_rule: TimeRule | None = None

    @property
    def decided_on(self):
        """The meeting date of the decision behind the record, if any."""
        record = self.record
        decision = (
            record if record._meta.model_name == "decision" else getattr(record, "decision", None)
        )
        return decision.meeting_date if decision is not None else None


class RulesByDate:
    """The rules in force on any day, from the municipality's documents read once: what
    `violations()` needs to judge each record by the rules of its own meeting date."""

    def __init__(self, municipality_id):
        self.documents = list(
            PolicyDocument.objects.filter(municipality_id=municipality_id).order_by(
                "valid_from", "pk"
            )
        )
        self.rules = _by_layer(DecisionRule, self.documents)
        self.time_rules = _by_layer(TimeRule, self.documents)
        self._delegations = None
        self._memo: dict[datetime.date, RuleBook] = {}

    @staticmethod
    def _in_force(document, day) -> bool:
        return document.valid_from <= day and (
            document.valid_to is None or document.valid_to >= day
        )

    def at(self, day: datetime.date) -> RuleBook:
        if day not in self._memo:
            bases = [
                d for d in self.documents if d.supplements_id is None and self._in_force(d, day)
            ]
            layers = []
            if bases:
                base = max(bases, key=lambda d: (d.valid_from, d.pk))
                layers = [base] + [
                    d
                    for d in self.documents
                    if d.supplements_id == base.pk and self._in_force(d, day)
                ]
            self._memo[day] = _book(day, layers, self.rules, self.delegations, self.time_rules)

        return self._memo[day]

    def delegations(self) -> dict[int, list[Delegation]]:
        if self._delegations is None:
            self._delegations = _by_layer(Delegation, self.documents)
        return self._delegations

    def governed_types(self) -> set[str]:
        return {rule.decision_type for rules in self.rules.values() for rule in rules}


def decisions_without_authority(queryset, municipality_id):
    """Decisions taken by a body the rules in force on their meeting date do not authorise."""
    by_date = RulesByDate(municipality_id)
    candidates = queryset.filter(decision_type__in=by_date.governed_types())
    return queryset.filter(pk__in=[v.record.pk for v in _decision_violations(by_date, candidates)])


def _decision_violations(by_date: RulesByDate, decisions) -> list[Violation]:
    found = []
    for decision in decisions.select_related("body__delegated_by"):
        broken = by_date.at(decision.meeting_date).error(decision.decision_type, decision.body)
        if broken:
            found.append(_broken(decision, broken[0]))
    return found


def _broken(record, rule: DecisionRule, message: str | None = None) -> Violation:
    return Violation(
        record,
        message or rule.message,
        rule=rule,
        clause=rule.clause.key if rule.clause_id else "",
        authorised_body_kind=rule.authorised_body_kind,
    )


def _item_violations(by_date, queryset, type_of) -> list[Violation]:
    found = []
    for item in queryset:
        broken = by_date.at(item.decision.meeting_date).error(
            type_of(item), item.decision.body, partners_of(item)
        )
        if broken:
            found.append(_broken(item, broken[0]))
    return found


# Time rules: how long a relation may last -------------------------------------------


def start_of(record) -> datetime.date | None:
    model = record._meta.model_name
    if model == "agreement":
        return record.valid_from or record.signed_on
    if model == "networkmembership":
        return record.started_on
    return record.since


def _end_of(record) -> datetime.date | None:
    return record.valid_until if record._meta.model_name == "agreement" else record.ended_on


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def time_rule_applies(rule: TimeRule, record, day: datetime.date) -> bool:
    applies_to = {"agreement": "agreement", "twintown": "twin_town"}.get(
        record._meta.model_name, "membership"
    )
    if rule.applies_to != applies_to:
        return False
    if rule.agreement_kind and rule.agreement_kind != record.kind:
        return False
    return partners_match(rule.condition, partners_of(record) or [], day)


def time_rule_broken(rule: TimeRule, record, today: datetime.date) -> bool:
    """Whether `record` breaks `rule`: no end though it must have one, an end later than
    the maximum, or still going (or planned to) past the date it must end by."""
    start, end = start_of(record), _end_of(record)
    if rule.time_limited and end is None:
        return True
    if rule.max_years and start and end and end > _add_years(start, rule.max_years):
        return True
    if rule.end_by:
        if record._meta.model_name == "twintown":
            ended = record.status == record.Status.ENDED
            return (today > rule.end_by and not ended) or (
                ended and end is not None and end > rule.end_by
            )
        return end is None or end > rule.end_by
    return False


def time_rule_errors(record) -> list[str]:
    """The messages of the time rules a new or changed record would break: the rules in
    force on its start (a later rule never judges an earlier relation), and those that
    say relations must end by a date."""
    start = start_of(record) or timezone.localdate()
    today = timezone.localdate()
    book = rules_for(record.municipality_id, start)
    rules = {rule.pk: rule for rule in book.time_rules if not rule.end_by}
    rules.update(
        {rule.pk: rule for rule in rules_for(record.municipality_id).time_rules if rule.end_by}
    )
    if record._meta.model_name == "twintown":
        return []  # a relation still going is flagged, never refused: it must be ended
    return [
        rule.message
        for rule in rules.values()
        if time_rule_applies(rule, record, start) and time_rule_broken(rule, record, today)
    ]


def check_time_rules(record, field: str) -> None:
    errors = time_rule_errors(record)
    if errors:
        raise ValidationError({field: " ".join(errors)})


def _time_violations(by_date: RulesByDate, records, today) -> list[Violation]:
    found = []
    current = [rule for rule in by_date.at(today).time_rules if rule.end_by]
    for record in records:
        start = start_of(record)
        rules = [rule for rule in by_date.at(start).time_rules if not rule.end_by] if start else []
        for rule in rules + current:
            if time_rule_applies(rule, record, start or today) and time_rule_broken(
                rule, record, today
            ):
                found.append(
                    Violation(
                        record,
                        rule.message,
                        clause=rule.clause.key if rule.clause_id else "",
                        time_rule=rule,
                    )
                )
    return found


def violations(municipality_id) -> list[Violation]:
    """Every register item that breaks the rules of the pack, with the pack's message."""
    from .models import Agreement, Decision, NetworkMembership, TwinTown

    today = timezone.localdate()
    by_date = RulesByDate(municipality_id)
    rules = by_date.at(today)
    policy = current_policy(municipality_id)
    found: list[Violation] = []
    found += _decision_violations(
        by_date,
        Decision.objects.filter(
            municipality_id=municipality_id, decision_type__in=by_date.governed_types()
        ),
    )
    agreements = list(
        Agreement.objects.filter(municipality_id=municipality_id)
        .select_related("decision__body__delegated_by")
        .prefetch_related("parties")
    )
    memberships = list(
        NetworkMembership.objects.filter(municipality_id=municipality_id).select_related(
            "decision__body__delegated_by", "organisation"
        )
    )
    found += _item_violations(
        by_date, [a for a in agreements if a.decision_id], lambda a: a.decision_type
    )
    found += _item_violations(
        by_date, [m for m in memberships if m.decision_id], lambda m: m.decision_type
    )
    twin_towns = list(
        TwinTown.objects.filter(municipality_id=municipality_id).select_related(
            "partner", "decision__body__delegated_by"
        )
    )
    for twin_town in twin_towns:
        partners = partners_of(twin_town)
        if twin_town.status in TwinTown.DECIDED_STATUSES and twin_town.decision is None:
            relation_rule = rules.get("twin_town_relation", partners)
            if relation_rule is not None:
                found.append(
                    _broken(
                        twin_town,
                        relation_rule,
                        _("No decision is recorded for this twin town. %(rule)s")
                        % {"rule": relation_rule.message},
                    )
                )
        elif twin_town.decision is not None:
            broken = by_date.at(twin_town.decision.meeting_date).error(
                "twin_town_relation", twin_town.decision.body, partners
            )
            if broken:
                found.append(_broken(twin_town, broken[0]))
            elif missing_consideration(twin_town, policy):
                found.append(
                    Violation(
                        twin_town,
                        _("Decided without a complete consideration (%(clause)s).")
                        % {"clause": policy.consideration_clause}
                        if policy.consideration_clause
                        else _("Decided without a complete consideration."),
                        clause=policy.consideration_clause,
                    )
                )
    if by_date.time_rules:
        found += _time_violations(by_date, agreements + memberships + twin_towns, today)
    return found


def delegated_decisions(municipality_id, body, start: datetime.date, end: datetime.date):
    """The decisions working committees and officers took for `body` from start to end
    (inclusive): what is reported back to the body (anmälan av delegationsbeslut)."""
    from .models import Decision

    return (
        Decision.objects.filter(
            municipality_id=municipality_id,
            body__delegated_by=body,
            meeting_date__range=(start, end),
        )
        .select_related("body")
        .order_by("meeting_date", "body__name", "paragraph")
    )


def violations_of(record) -> list[str]:
    """The rule messages `record` breaks, for a flag on its page."""
    return [v.message for v in violations(record.municipality_id) if v.record == record]
