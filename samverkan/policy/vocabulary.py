"""What a policy pack may name: the decision types and indicator keys the system knows.

The apps that implement them register here when Django starts (registry: decision
types; follow-up: indicators), so that the policy app, below them in the import
direction, can refuse a pack that names something nothing computes.
"""

from collections.abc import Mapping

_decision_types: dict[str, str] = {}
_indicators: dict[str, str] = {}
_agreement_kinds: dict[str, str] = {}


def register_decision_types(types: Mapping[str, str]) -> None:
    """`types`: decision type → its label."""
    _decision_types.update(types)


def register_indicators(indicators: Mapping[str, str]) -> None:
    """`indicators`: key → what it counts (one line)."""
    _indicators.update(indicators)


def register_agreement_kinds(kinds: Mapping[str, str]) -> None:
    """`kinds`: agreement type → its label (what a time rule may be limited to)."""
    _agreement_kinds.update(kinds)


def agreement_kinds() -> dict[str, str]:
    return dict(_agreement_kinds)


def decision_types() -> dict[str, str]:
    return dict(_decision_types)


def indicators() -> dict[str, str]:
    return dict(_indicators)
