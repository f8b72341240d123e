"""The policy pack: a YAML file that encodes a municipality's policy, validated on load.

A pack holds the policy document's metadata, its clauses (ids as the document numbers
them), decision rules (decision type → the kind of body authorised to decide it) and
indicators (clause → indicator key → target). Format 2 adds the municipality's own
sections, the words its interface uses, an example registration number and the twin-town
consideration; format 1 packs are still read. `read_pack` validates and reports every
problem as "file: field.path: what is wrong" (nothing is half-loaded); `apply_pack`
writes a valid pack to a municipality, idempotently. docs/policy-pack.md documents it.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from samverkan.organisation.models import Body

from . import vocabulary
from .models import (
    Clause,
    DecisionRule,
    Delegation,
    Indicator,
    PartnerCondition,
    PolicyDocument,
    TimeRule,
)
from .sections import MENU_KEYS, SECTION_KEYS, refresh_sections

PACKS_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = PACKS_DIR / "motala.yaml"
FORMAT = "samverkan-policy-pack/2"
FORMATS = ("samverkan-policy-pack/1", FORMAT)
CLAUSE_ID = r"^[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö.§ _-]{0,9}$"

BodyKind = Literal[tuple(Body.Kind.values)]  # type: ignore[valid-type]
Partners = Literal[tuple(value for value in PartnerCondition.values if value)]  # type: ignore[valid-type]


class PackError(Exception):
    """A pack that cannot be loaded; `problems` lists each as 'file: field: message'."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PolicyMeta(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)
    title: str = Field(min_length=1, max_length=300)
    decided_by: BodyKind
    decided_on: datetime.date
    registration_number: str = Field(min_length=1, max_length=50)
    paragraph: str = Field(min_length=1, max_length=20)
    valid_from: datetime.date
    revised_by: BodyKind | None = None
    revised_on: datetime.date | None = None
    review_interval_years: int = Field(default=4, ge=1, le=20)
    registration_number_pattern: str = ""
    registration_number_example: str = Field(default="", max_length=50)
    kind: Literal[tuple(PolicyDocument.Kind.values)] = "policy"  # type: ignore[valid-type]
    valid_to: datetime.date | None = None
    # The key of the document this one adds to: it keeps that one's sections, clauses and
    # indicators, and adds or overrides rules.
    supplements: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    # The municipalities (codes) that adopted this one document together.
    municipalities: list[str] = []

    @field_validator("municipalities", mode="before")
    @classmethod
    def _codes(cls, value):
        # YAML reads 0583 as a number (octal-looking codes lose their zero): keep text.
        if isinstance(value, list):
            return [f"{item:04d}" if isinstance(item, int) else item for item in value]
        return value

    @field_validator("municipalities")
    @classmethod
    def _code_format(cls, value):
        for code in value:
            if not re.fullmatch(r"\d{4}", code):
                raise ValueError(f"{code} is not a municipality code (four digits)")
        if len(set(value)) != len(value):
            raise ValueError("a municipality appears twice")
        return value

    @field_validator("paragraph", "registration_number", mode="before")
    @classmethod
    def _text(cls, value):
        # YAML reads `paragraph: 4` as a number; a paragraph is text ("4", "12 a").
        return str(value) if isinstance(value, int) else value

    @field_validator("registration_number_pattern")
    @classmethod
    def _regex(cls, value):
        if value:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value

    @model_validator(mode="after")
    def _revision(self):
        if (self.revised_by is None) != (self.revised_on is None):
            raise ValueError("revised_by and revised_on go together: give both or neither")
        if self.revised_on and self.revised_on < self.decided_on:
            raise ValueError("revised_on comes before decided_on")
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to comes before valid_from")
        if (
            self.registration_number_example
            and self.registration_number_pattern
            and not re.fullmatch(self.registration_number_pattern, self.registration_number_example)
        ):
            raise ValueError("registration_number_example does not match the pattern")
        return self


class SectionSpec(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=50)
    label: str = Field(min_length=1, max_length=100)


class ClauseSpec(_Strict):
    id: str = Field(pattern=CLAUSE_ID)
    section: str = Field(min_length=1, max_length=50)
    summary: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value):
        # YAML reads `id: 2.3` or `id: 4` as a number; a clause id is text.
        return str(value) if isinstance(value, int | float) else value


class BodySpec(_Strict):
    """A body the document expects: made when the municipality is set up, if missing."""

    kind: BodyKind
    name: str = Field(min_length=1, max_length=200)
    abbreviation: str = Field(default="", max_length=20)
    # A working committee or officer: the name or abbreviation of the body it decides for.
    delegated_by: str | None = None


class Terms(_Strict):
    """The words the interface uses where the municipality has its own."""

    committee: str = Field(default="", max_length=50)
    committees: str = Field(default="", max_length=50)
    programme: str = Field(default="", max_length=50)
    programme_goal: str = Field(default="", max_length=80)
    # The task menu's items in the municipality's words, by key (MENU_KEYS).
    menu: dict[str, str] = {}

    @field_validator("menu")
    @classmethod
    def _menu(cls, value):
        for key, label in value.items():
            if key not in MENU_KEYS:
                raise ValueError(f"{key} is not a menu item (the items are {', '.join(MENU_KEYS)})")
            if not label.strip() or len(label) > 40:
                raise ValueError(f"{key}: a menu word is 1 to 40 characters")
        return value


class Consideration(_Strict):
    """What must be considered before a new twin town is decided."""

    required: bool = True
    clause: str | None = None
    fields: list[str] = []
    message: str = Field(default="", max_length=300)


class TwinTownRules(_Strict):
    consideration: Consideration | None = None


class DecisionRuleSpec(_Strict):
    decision_type: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=50)
    label: str = Field(min_length=1, max_length=200)
    authorised_body: BodyKind
    scope: str = ""
    clause: str | None = None
    message: str = Field(min_length=1, max_length=300)
    # Only for relations with these partners (by country); a general rule of the same
    # decision type applies to the others.
    partners: Partners | None = None


class TimeRuleSpec(_Strict):
    """How long a relation may last: time-limited (at most `max_years`), or ended by a date."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    applies_to: Literal[tuple(TimeRule.Applies.values)]  # type: ignore[valid-type]
    agreement_kind: str = ""
    partners: Partners | None = None
    time_limited: bool = False
    max_years: int | None = Field(default=None, ge=1, le=100)
    end_by: datetime.date | None = None
    clause: str | None = None
    message: str = Field(min_length=1, max_length=300)

    @model_validator(mode="after")
    def _what(self):
        if self.end_by is None and self.max_years is None and not self.time_limited:
            raise ValueError("a time rule needs time_limited, max_years or end_by")
        if self.agreement_kind and self.applies_to != "agreement":
            raise ValueError("agreement_kind goes only with applies_to: agreement")
        if (self.max_years or self.time_limited) and self.applies_to == "twin_town":
            raise ValueError("a twin town cannot be time-limited; give end_by")
        return self


class DelegationSpec(_Strict):
    """Decision types a body lets its working committee or an officer take."""

    body: BodyKind
    to: Literal["working_committee", "officer"]
    decision_types: list[str] = Field(min_length=1)
    clause: str | None = None


class IndicatorSpec(_Strict):
    clause: str
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)
    label: str = Field(min_length=1, max_length=300)
    unit: str = ""
    comparison: Literal["at_least", "at_most", "equals"] = "at_least"
    target: Decimal


# The twin town's consideration parts a pack may ask for (registry.TwinTown's fields).
CONSIDERATION_FIELDS = (
    "purpose",
    "administration_benefit",
    "long_term_commitment",
    "nordic_european_link",
    "resources_needed",
    "committee_opinions",
)


class PolicyPack(_Strict):
    format: Literal[FORMATS]  # type: ignore[valid-type]
    municipality: str | None = Field(default=None, pattern=r"^\d{4}$")
    policy: PolicyMeta
    sections: list[SectionSpec] = []
    bodies: list[BodySpec] = []
    terms: Terms = Terms()
    twin_towns: TwinTownRules = TwinTownRules()
    clauses: list[ClauseSpec] = []
    decision_rules: list[DecisionRuleSpec] = []
    time_rules: list[TimeRuleSpec] = []
    delegation: list[DelegationSpec] = []
    indicators: list[IndicatorSpec] = []

    @model_validator(mode="after")
    def _references(self):
        problems = []
        supplementing = self.policy.supplements is not None
        if self.format != FORMAT:
            for name in ("sections", "bodies", "terms", "twin_towns", "time_rules", "delegation"):
                if name in self.model_fields_set:
                    problems.append(f"{name}: needs format {FORMAT}")
            if supplementing:
                problems.append(f"policy.supplements: needs format {FORMAT}")
            if self.policy.municipalities:
                problems.append(f"policy.municipalities: needs format {FORMAT}")
            if any(rule.partners for rule in self.decision_rules):
                problems.append(f"decision_rules: partners needs format {FORMAT}")
        if not self.clauses and not supplementing:
            problems.append("clauses: a document that supplements none needs its clauses")
        if supplementing and self.policy.supplements == self.policy.key:
            problems.append("policy.supplements: a document cannot supplement itself")
        names = [body.name.casefold() for body in self.bodies]
        for index, name in enumerate(names):
            if names.index(name) != index:
                problems.append(f"bodies.{index}.name: {self.bodies[index].name} appears twice")
        deciding = {
            word.casefold(): body
            for body in self.bodies
            if body.kind not in Body.DELEGATE_KINDS
            for word in (body.name, body.abbreviation)
            if word
        }
        for index, body in enumerate(self.bodies):
            delegate = body.kind in Body.DELEGATE_KINDS
            if delegate and not body.delegated_by:
                problems.append(
                    f"bodies.{index}.delegated_by: a {body.kind} needs the body it decides for"
                )
            elif body.delegated_by and not delegate:
                problems.append(
                    f"bodies.{index}.delegated_by: only a working_committee or officer has one"
                )
            elif body.delegated_by and body.delegated_by.casefold() not in deciding:
                problems.append(
                    f"bodies.{index}.delegated_by: no deciding body {body.delegated_by} "
                    "among the pack's bodies"
                )
        section_keys = [section.key for section in self.sections] or SECTION_KEYS
        for index, key in enumerate(section_keys):
            if section_keys.index(key) != index:
                problems.append(f"sections.{index}.key: {key} appears twice")
        ids = [clause.id for clause in self.clauses]
        for index, clause in enumerate(self.clauses):
            if ids.index(clause.id) != index:
                problems.append(f"clauses.{index}.id: {clause.id} appears twice")
            if clause.section not in section_keys and not (supplementing and not self.sections):
                problems.append(
                    f"clauses.{index}.section: no section {clause.section} "
                    f"(the sections are {', '.join(section_keys)})"
                )
        known = set(ids)
        consideration = self.twin_towns.consideration
        if consideration is not None:
            if consideration.clause is not None and consideration.clause not in known:
                problems.append(
                    f"twin_towns.consideration.clause: no clause {consideration.clause}"
                )
            for index, name in enumerate(consideration.fields):
                if name not in CONSIDERATION_FIELDS:
                    problems.append(
                        f"twin_towns.consideration.fields.{index}: {name} is not one of "
                        f"{', '.join(CONSIDERATION_FIELDS)}"
                    )
        known_types = vocabulary.decision_types()
        known_indicators = vocabulary.indicators()
        seen_types = set()
        for index, rule in enumerate(self.decision_rules):
            if rule.clause is not None and rule.clause not in known and not supplementing:
                problems.append(f"decision_rules.{index}.clause: no clause {rule.clause}")
            if (rule.decision_type, rule.partners) in seen_types:
                problems.append(
                    f"decision_rules.{index}.decision_type: {rule.decision_type} appears twice"
                    + (f" for partners {rule.partners}" if rule.partners else "")
                )
            seen_types.add((rule.decision_type, rule.partners))
            if known_types and rule.decision_type not in known_types:
                problems.append(
                    f"decision_rules.{index}.decision_type: unknown decision type "
                    f"{rule.decision_type} (known: {', '.join(sorted(known_types))})"
                )
        known_kinds = vocabulary.agreement_kinds()
        time_keys = set()
        for index, rule in enumerate(self.time_rules):
            if rule.key in time_keys:
                problems.append(f"time_rules.{index}.key: {rule.key} appears twice")
            time_keys.add(rule.key)
            if rule.clause is not None and rule.clause not in known and not supplementing:
                problems.append(f"time_rules.{index}.clause: no clause {rule.clause}")
            if rule.agreement_kind and known_kinds and rule.agreement_kind not in known_kinds:
                problems.append(
                    f"time_rules.{index}.agreement_kind: unknown agreement type "
                    f"{rule.agreement_kind} (known: {', '.join(sorted(known_kinds))})"
                )
        pairs = set()
        for index, delegation in enumerate(self.delegation):
            if (delegation.body, delegation.to) in pairs:
                problems.append(
                    f"delegation.{index}: {delegation.body} to {delegation.to} appears twice"
                )
            pairs.add((delegation.body, delegation.to))
            if (
                delegation.clause is not None
                and delegation.clause not in known
                and not supplementing
            ):
                problems.append(f"delegation.{index}.clause: no clause {delegation.clause}")
            for number, decision_type in enumerate(delegation.decision_types):
                if known_types and decision_type not in known_types:
                    problems.append(
                        f"delegation.{index}.decision_types.{number}: unknown decision type "
                        f"{decision_type} (known: {', '.join(sorted(known_types))})"
                    )
        seen_keys = set()
        for index, indicator in enumerate(self.indicators):
            if indicator.clause not in known and not supplementing:
                problems.append(f"indicators.{index}.clause: no clause {indicator.clause}")
            if indicator.key in seen_keys:
                problems.append(f"indicators.{index}.key: {indicator.key} appears twice")
            seen_keys.add(indicator.key)
            if known_indicators and indicator.key not in known_indicators:
                problems.append(
                    f"indicators.{index}.key: unknown indicator {indicator.key} "
                    "(`samverkan loadpolicy --list-indicators` lists the known ones)"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _location(loc) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_pack(text: str, source: str = "<pack>") -> PolicyPack:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        raise PackError(
            [f"{source}: {where}: not valid YAML ({getattr(error, 'problem', error)})"]
        ) from None
    if not isinstance(data, dict):
        raise PackError(
            [f"{source}: (top level): a pack is a mapping of fields, not {type(data).__name__}"]
        )
    try:
        return PolicyPack.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "value_error" and not item["loc"]:
                # Cross-reference problems carry their own paths.
                problems.extend(f"{source}: {part}" for part in message.split("; "))
            else:
                problems.append(f"{source}: {_location(item['loc'])}: {message}")
        raise PackError(problems) from None


def read_pack(path: Path | str) -> PolicyPack:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError([f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise PackError([f"{path}: not UTF-8 text"]) from None
    return parse_pack(text, str(path))


@transaction.atomic
def apply_pack(pack: PolicyPack, municipality, *, source_file: str = "") -> PolicyDocument:
    """Create or update the municipality's policy from `pack`; running it twice changes nothing."""
    meta = pack.policy
    consideration = pack.twin_towns.consideration
    values = {
        "title": meta.title,
        "decision_body_kind": meta.decided_by,
        "decided_on": meta.decided_on,
        "registration_number": meta.registration_number,
        "paragraph": meta.paragraph,
        "valid_from": meta.valid_from,
        "revised_by_kind": meta.revised_by or "",
        "revised_on": meta.revised_on,
        "review_interval_years": meta.review_interval_years,
        "registration_number_pattern": meta.registration_number_pattern,
        "registration_number_example": meta.registration_number_example,
        "kind": meta.kind,
        "valid_to": meta.valid_to,
        "sections": [section.model_dump() for section in pack.sections],
        "terms": pack.terms.model_dump(exclude_defaults=True),
        "consideration_required": bool(consideration and consideration.required),
        "consideration_fields": list(consideration.fields) if consideration else [],
        "consideration_clause": (consideration.clause or "") if consideration else "",
        "consideration_message": consideration.message if consideration else "",
        "source_file": source_file,
        "shared_with": list(meta.municipalities),
    }
    base = None
    if meta.supplements:
        base = PolicyDocument.objects.filter(
            municipality=municipality, key=meta.supplements, supplements__isnull=True
        ).first()
        if base is None:
            raise PackError(
                [
                    f"{source_file or '<pack>'}: policy.supplements: the municipality has no "
                    f"main document {meta.supplements} to supplement"
                ]
            )
    values["supplements"] = base
    document = _upsert(
        PolicyDocument.objects.filter(municipality=municipality),
        {"key": meta.key},
        values,
        municipality=municipality,
    )
    clauses = {clause.key: clause for clause in base.clauses.all()} if base else {}
    if base is not None:
        _check_against_base(pack, base, clauses, source_file or "<pack>")
    for order, spec in enumerate(pack.clauses, start=1):
        clauses[spec.id] = _upsert(
            Clause.objects.filter(policy=document),
            {"key": spec.id},
            {"section": spec.section, "order": order, "summary": spec.summary, "text": spec.text},
            municipality=municipality,
            policy=document,
        )
    for spec in pack.decision_rules:
        _upsert(
            DecisionRule.objects.filter(policy=document),
            {"decision_type": spec.decision_type, "condition": spec.partners or ""},
            {
                "label": spec.label,
                "authorised_body_kind": spec.authorised_body,
                "scope": spec.scope,
                "clause": clauses.get(spec.clause),
                "message": spec.message,
            },
            municipality=municipality,
            policy=document,
        )
    for spec in pack.time_rules:
        _upsert(
            TimeRule.objects.filter(policy=document),
            {"key": spec.key},
            {
                "applies_to": spec.applies_to,
                "agreement_kind": spec.agreement_kind,
                "condition": spec.partners or "",
                "time_limited": spec.time_limited or spec.max_years is not None,
                "max_years": spec.max_years,
                "end_by": spec.end_by,
                "clause": clauses.get(spec.clause),
                "message": spec.message,
            },
            municipality=municipality,
            policy=document,
        )
    for spec in pack.delegation:
        _upsert(
            Delegation.objects.filter(policy=document),
            {"delegating_body_kind": spec.body, "delegate_kind": spec.to},
            {"decision_types": list(spec.decision_types), "clause": clauses.get(spec.clause)},
            municipality=municipality,
            policy=document,
        )
    for spec in pack.indicators:
        _upsert(
            Indicator.objects.filter(policy=document),
            {"key": spec.key},
            {
                "clause": clauses[spec.clause],
                "label": spec.label,
                "unit": spec.unit,
                "comparison": spec.comparison,
                "target": spec.target,
            },
            municipality=municipality,
            policy=document,
        )
    # What the pack no longer holds goes; history keeps it.
    Indicator.objects.filter(policy=document).exclude(
        key__in=[spec.key for spec in pack.indicators]
    ).delete()
    kept_rules = {(spec.decision_type, spec.partners or "") for spec in pack.decision_rules}
    for rule in DecisionRule.objects.filter(policy=document):
        if (rule.decision_type, rule.condition) not in kept_rules:
            rule.delete()
    TimeRule.objects.filter(policy=document).exclude(
        key__in=[spec.key for spec in pack.time_rules]
    ).delete()
    kept_delegations = {(spec.body, spec.to) for spec in pack.delegation}
    for delegation in Delegation.objects.filter(policy=document):
        if (delegation.delegating_body_kind, delegation.delegate_kind) not in kept_delegations:
            delegation.delete()
    Clause.objects.filter(policy=document).exclude(
        key__in=[spec.id for spec in pack.clauses]
    ).delete()
    refresh_sections(municipality)
    return document


def _check_against_base(pack: PolicyPack, base: PolicyDocument, base_clauses, source) -> None:
    """A supplement's references to the document it supplements: checked when loading,
    as a whole, before anything is written."""
    problems = []
    known = set(base_clauses) | {clause.id for clause in pack.clauses}
    for index, clause in enumerate(pack.clauses):
        if clause.id in base_clauses:
            problems.append(f"{source}: clauses.{index}.id: {clause.id} is {base.key}'s already")
    sections = [section["key"] for section in base.sections] or SECTION_KEYS
    for index, clause in enumerate(pack.clauses):
        if clause.section not in sections and not pack.sections:
            problems.append(f"{source}: clauses.{index}.section: no section {clause.section}")
    for index, rule in enumerate(pack.decision_rules):
        if rule.clause is not None and rule.clause not in known:
            problems.append(f"{source}: decision_rules.{index}.clause: no clause {rule.clause}")
    for index, indicator in enumerate(pack.indicators):
        if indicator.clause not in known:
            problems.append(f"{source}: indicators.{index}.clause: no clause {indicator.clause}")
    for name, specs in (("time_rules", pack.time_rules), ("delegation", pack.delegation)):
        for index, spec in enumerate(specs):
            if spec.clause is not None and spec.clause not in known:
                problems.append(f"{source}: {name}.{index}.clause: no clause {spec.clause}")
    if problems:
        raise PackError(problems)


def _upsert(queryset, lookup: dict, values: dict, **create_with):
    """Update only what differs, so that reloading an unchanged pack writes no history."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        return queryset.model.objects.create(**lookup, **values, **create_with)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.version += 1
        obj.save(update_fields=[*changed, "version"])
    return obj
