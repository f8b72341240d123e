"""Who may decide what: the policy pack's decision rules applied to decisions and register items.

A decision by a body without authority is refused with the rule's message, which
quotes the clause ("Vänortsavtal beslutas av kommunfullmäktige (P12)"). Records that
break the rules anyway (imported, or made before a rule changed) are found by
`violations()` and flagged, never hidden.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.organisation.models import Body
from samverkan.policy.models import DecisionRule, PolicyDocument


def current_policy(municipality_id) -> PolicyDocument | None:
    """The municipality's policy in force: the one valid from the latest date."""
    return PolicyDocument.objects.filter(municipality_id=municipality_id).first()


def rules_for(municipality_id) -> dict[str, DecisionRule]:
    policy = current_policy(municipality_id)
    if policy is None:
        return {}
    return {
        rule.decision_type: rule
        for rule in DecisionRule.objects.filter(policy=policy).select_related("clause")
    }


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
            rules_for(decision.municipality_id).get(decision.decision_type), decision.body
        )
        if message:
            errors["body"] = message
    policy = current_policy(decision.municipality_id)
    pattern = policy.registration_number_pattern if policy else ""
    number = (decision.registration_number or "").strip()
    decision.registration_number = number
    if number and pattern and not re.fullmatch(pattern, number):
        errors["registration_number"] = _(
            "%(number)s is not a registration number as this municipality writes them "
            "(for example 15/KS 0089)."
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
    message = authority_error(rules_for(item.municipality_id).get(decision_type), decision.body)
    if message:
        raise ValidationError({field: message})


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
            errors["end_decision"] = _(
                "A twin-town relation is ended by a decision of the council: choose it."
            )
        if twin_town.ended_on is None:
            errors["ended_on"] = _("Give the date the relation ended.")
    if (
        twin_town.decision_id
        and needs_consideration(twin_town)
        and not (twin_town.consideration_complete)
    ):
        errors["decision"] = _(
            "A new twin town must be carefully considered before it is decided (P11). "
            "Complete the consideration first: %(missing)s."
        ) % {"missing": ", ".join(twin_town.missing_consideration())}
    if errors:
        raise ValidationError(errors)


def needs_consideration(twin_town, policy=None) -> bool:
    """P11 applies to relations decided under the policy, not to those decided before it."""
    # `policy` lets a caller that checks many twin towns look the policy up once.
    policy = policy or current_policy(twin_town.municipality_id)
    decision = twin_town.decision
    if policy is None or decision is None:
        return True
    return decision.meeting_date >= policy.decided_on


# Flagging: records that break the rules anyway ----------------------------------------


@dataclass(frozen=True)
class Violation:
    record: object
    message: str


def _wrong_body_q(rules: dict[str, DecisionRule], prefix: str = "") -> Q:
    query = Q(pk__in=[])
    for decision_type, rule in rules.items():
        query |= Q(**{f"{prefix}decision_type": decision_type}) & ~Q(
            **{f"{prefix}body__kind": rule.authorised_body_kind}
        )
    return query


def decisions_without_authority(queryset, municipality_id):
    """Decisions taken by a body the policy pack does not authorise (one query)."""
    return queryset.filter(_wrong_body_q(rules_for(municipality_id)))


def violations(municipality_id) -> list[Violation]:
    """Every register item that breaks the decision rules, with the rule's message."""
    from .models import Agreement, Decision, NetworkMembership, TwinTown

    rules = rules_for(municipality_id)
    policy = current_policy(municipality_id)
    found: list[Violation] = []
    for decision in (
        Decision.objects.filter(municipality_id=municipality_id)
        .filter(_wrong_body_q(rules))
        .select_related("body")
    ):
        found.append(Violation(decision, rules[decision.decision_type].message))
    items = [
        (Agreement.objects.filter(municipality_id=municipality_id), lambda a: a.decision_type),
        (
            NetworkMembership.objects.filter(municipality_id=municipality_id),
            lambda m: m.decision_type,
        ),
    ]
    for queryset, type_of in items:
        for item in queryset.filter(decision__isnull=False).select_related("decision__body"):
            message = authority_error(rules.get(type_of(item)), item.decision.body)
            if message:
                found.append(Violation(item, message))
    for twin_town in TwinTown.objects.filter(municipality_id=municipality_id).select_related(
        "partner", "decision__body"
    ):
        if twin_town.status in TwinTown.DECIDED_STATUSES and twin_town.decision is None:
            found.append(
                Violation(
                    twin_town,
                    _("No decision of the council is recorded for this twin town (P12)."),
                )
            )
        elif twin_town.decision is not None:
            message = authority_error(rules.get("twin_town_relation"), twin_town.decision.body)
            if message:
                found.append(Violation(twin_town, message))
            elif needs_consideration(twin_town, policy) and not twin_town.consideration_complete:
                found.append(
                    Violation(
                        twin_town,
                        _("Decided without a complete consideration (P11)."),
                    )
                )
    return found


def violations_of(record) -> list[str]:
    """The rule messages `record` breaks, for a flag on its page."""
    return [v.message for v in violations(record.municipality_id) if v.record == record]
