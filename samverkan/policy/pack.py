"""The policy pack: a YAML file that encodes a municipality's policy, validated on load.

A pack holds the policy document's metadata, its clauses (P1…), decision rules
(decision type → the kind of body authorised to decide it) and indicators
(clause → indicator key → target). `read_pack` validates and reports every
problem as "file: field.path: what is wrong"; `apply_pack` writes a valid pack
to a municipality, idempotently.
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

from .models import Clause, DecisionRule, Indicator, PolicyDocument
from .sections import SECTION_KEYS

PACKS_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = PACKS_DIR / "motala.yaml"
FORMAT = "samverkan-policy-pack/1"

BodyKind = Literal[tuple(Body.Kind.values)]  # type: ignore[valid-type]


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
        return self


class ClauseSpec(_Strict):
    id: str = Field(pattern=r"^P[1-9][0-9]*$")
    section: Literal[tuple(SECTION_KEYS)]  # type: ignore[valid-type]
    summary: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)


class DecisionRuleSpec(_Strict):
    decision_type: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=50)
    label: str = Field(min_length=1, max_length=200)
    authorised_body: BodyKind
    scope: str = ""
    clause: str | None = None
    message: str = Field(min_length=1, max_length=300)


class IndicatorSpec(_Strict):
    clause: str
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)
    label: str = Field(min_length=1, max_length=300)
    unit: str = ""
    comparison: Literal["at_least", "at_most", "equals"] = "at_least"
    target: Decimal


class PolicyPack(_Strict):
    format: Literal[FORMAT]  # type: ignore[valid-type]
    municipality: str | None = Field(default=None, pattern=r"^\d{4}$")
    policy: PolicyMeta
    clauses: list[ClauseSpec] = Field(min_length=1)
    decision_rules: list[DecisionRuleSpec] = []
    indicators: list[IndicatorSpec] = []

    @model_validator(mode="after")
    def _references(self):
        problems = []
        ids = [clause.id for clause in self.clauses]
        for index, clause_id in enumerate(ids):
            if ids.index(clause_id) != index:
                problems.append(f"clauses.{index}.id: {clause_id} appears twice")
        known = set(ids)
        seen_types = set()
        for index, rule in enumerate(self.decision_rules):
            if rule.clause is not None and rule.clause not in known:
                problems.append(f"decision_rules.{index}.clause: no clause {rule.clause}")
            if rule.decision_type in seen_types:
                problems.append(
                    f"decision_rules.{index}.decision_type: {rule.decision_type} appears twice"
                )
            seen_types.add(rule.decision_type)
        seen_keys = set()
        for index, indicator in enumerate(self.indicators):
            if indicator.clause not in known:
                problems.append(f"indicators.{index}.clause: no clause {indicator.clause}")
            if indicator.key in seen_keys:
                problems.append(f"indicators.{index}.key: {indicator.key} appears twice")
            seen_keys.add(indicator.key)
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
        "source_file": source_file,
    }
    document = _upsert(
        PolicyDocument.objects.filter(municipality=municipality),
        {"key": meta.key},
        values,
        municipality=municipality,
    )
    clauses = {}
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
            {"decision_type": spec.decision_type},
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
    DecisionRule.objects.filter(policy=document).exclude(
        decision_type__in=[spec.decision_type for spec in pack.decision_rules]
    ).delete()
    Clause.objects.filter(policy=document).exclude(key__in=list(clauses)).delete()
    return document


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
