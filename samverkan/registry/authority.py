"""Who may decide what: the policy pack's decision rules applied to decisions and register items.

A decision by a body without authority is refused with the rule's message, which the
pack writes and which cites the pack's own clause. Records that break the rules anyway
(imported, or made before a rule changed) are found by `violations()` and flagged,
never hidden; the compliance indicators count exactly that list. Nothing here knows a
municipality's clause numbers or bodies: every message and reference comes from its pack.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.organisation.models import Body
from samverkan.policy.models import (
    DecisionRule,
    PolicyDocument,
    base_document,
    layers_in_force,
)


def current_policy(municipality_id, on: datetime.date | None = None) -> PolicyDocument | None:
    """The municipality's main document in force on `on` (today when not given)."""
    return base_document(municipality_id, on)


def rules_for(municipality_id, on: datetime.date | None = None) -> dict[str, DecisionRule]:
    """The decision rules in force on `on` (today when not given): the main document's,
    added to and overridden by its supplements in force then. A decision is judged by the
    rules in force on its meeting date, never by a later or an ended document's."""
    layers = layers_in_force(municipality_id, on)
    if not layers:
        return {}
    rules: dict[str, DecisionRule] = {}
    by_layer = {layer.pk: index for index, layer in enumerate(layers)}
    found = DecisionRule.objects.filter(policy__in=layers).select_related("clause")
    for rule in sorted(found, key=lambda rule: by_layer[rule.policy_id]):
        rules[rule.decision_type] = rule
    return rules


def authority_error(rule: DecisionRule | None, body: Body | None) -> str | None:
    """The rule's message when `body` may not take a decision the rule governs."""
    if rule is None or body is None or body.kind == rule.authorised_body_kind:
        return None
    return rule.message


def check_decision(decision) -> None:
    """Refuse a decision by a body without authority, a malformed or duplicate number."""
    from .models import Decision

    errors = {}
    if decision.body_id and decision.body.municipality_id != decision.municipality_id:
        errors["body"] = _("Choose a body of your own municipality.")
    elif decision.body_id and decision.decision_type:
        message = authority_error(
            rules_for(decision.municipality_id, decision.meeting_date).get(decision.decision_type),
            decision.body,
        )
        if message:
            errors["body"] = message
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
    rules = rules_for(item.municipality_id, decision.meeting_date)
    message = authority_error(rules.get(decision_type), decision.body)
    if message:
        raise ValidationError({field: message})


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
            rule = rules_for(twin_town.municipality_id).get("twin_town_end")
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

    rule: the decision rule broken (None for the consideration);
    clause: the pack's clause the rule cites ("" when it cites none);
    authorised_body_kind: the kind of body the rule gives the decision to ("" for the
        consideration), what the authority indicators count by.
    """

    record: object
    message: str
    rule: DecisionRule | None = None
    clause: str = ""
    authorised_body_kind: str = ""

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
        self.rules: dict[int, list[DecisionRule]] = {}
        for rule in DecisionRule.objects.filter(municipality_id=municipality_id).select_related(
            "clause"
        ):
            self.rules.setdefault(rule.policy_id, []).append(rule)
        self._memo: dict[datetime.date, dict[str, DecisionRule]] = {}

    @staticmethod
    def _in_force(document, day) -> bool:
        return document.valid_from <= day and (
            document.valid_to is None or document.valid_to >= day
        )

    def at(self, day: datetime.date) -> dict[str, DecisionRule]:
        if day not in self._memo:
            bases = [
                d for d in self.documents if d.supplements_id is None and self._in_force(d, day)
            ]
            rules: dict[str, DecisionRule] = {}
            if bases:
                base = max(bases, key=lambda d: (d.valid_from, d.pk))
                layers = [base] + [
                    d
                    for d in self.documents
                    if d.supplements_id == base.pk and self._in_force(d, day)
                ]
                for layer in layers:
                    for rule in self.rules.get(layer.pk, []):
                        rules[rule.decision_type] = rule
            self._memo[day] = rules
        return self._memo[day]

    def governed_types(self) -> set[str]:
        return {rule.decision_type for rules in self.rules.values() for rule in rules}


def decisions_without_authority(queryset, municipality_id):
    """Decisions taken by a body the rules in force on their meeting date do not authorise."""
    by_date = RulesByDate(municipality_id)
    candidates = queryset.filter(decision_type__in=by_date.governed_types())
    return queryset.filter(pk__in=[v.record.pk for v in _decision_violations(by_date, candidates)])


def _decision_violations(by_date: RulesByDate, decisions) -> list[Violation]:
    found = []
    for decision in decisions.select_related("body"):
        rule = by_date.at(decision.meeting_date).get(decision.decision_type)
        if authority_error(rule, decision.body):
            found.append(_broken(decision, rule))
    return found


def _broken(record, rule: DecisionRule, message: str | None = None) -> Violation:
    return Violation(
        record,
        message or rule.message,
        rule=rule,
        clause=rule.clause.key if rule.clause_id else "",
        authorised_body_kind=rule.authorised_body_kind,
    )


def violations(municipality_id) -> list[Violation]:
    """Every register item that breaks the rules of the pack, with the pack's message."""
    from .models import Agreement, Decision, NetworkMembership, TwinTown

    by_date = RulesByDate(municipality_id)
    rules = by_date.at(timezone.localdate())
    policy = current_policy(municipality_id)
    found: list[Violation] = []
    found += _decision_violations(
        by_date,
        Decision.objects.filter(
            municipality_id=municipality_id, decision_type__in=by_date.governed_types()
        ),
    )
    items = [
        (Agreement.objects.filter(municipality_id=municipality_id), lambda a: a.decision_type),
        (
            NetworkMembership.objects.filter(municipality_id=municipality_id),
            lambda m: m.decision_type,
        ),
    ]
    for queryset, type_of in items:
        for item in queryset.filter(decision__isnull=False).select_related("decision__body"):
            rule = by_date.at(item.decision.meeting_date).get(type_of(item))
            if authority_error(rule, item.decision.body):
                found.append(_broken(item, rule))
    relation_rule = rules.get("twin_town_relation")
    for twin_town in TwinTown.objects.filter(municipality_id=municipality_id).select_related(
        "partner", "decision__body"
    ):
        if twin_town.status in TwinTown.DECIDED_STATUSES and twin_town.decision is None:
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
            rule = by_date.at(twin_town.decision.meeting_date).get("twin_town_relation")
            if authority_error(rule, twin_town.decision.body):
                found.append(_broken(twin_town, rule))
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
    return found


def violations_of(record) -> list[str]:
    """The rule messages `record` breaks, for a flag on its page."""
    return [v.message for v in violations(record.municipality_id) if v.record == record]
