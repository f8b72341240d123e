"""Calling the API as one of the cast, through a session or a real bearer token."""

import pytest


@pytest.fixture
def body_payload():
    """body_payload(body, **changes): a body as PUT expects it, with the version read."""
    return _body_payload


@pytest.fixture
def goal_payload():
    """goal_payload(goal, **changes): a goal as PUT expects it, with the version read."""
    return _goal_payload


def _body_payload(body, **changes):
    data = {
        "kind": body.kind,
        "name": body.name,
        "abbreviation": body.abbreviation,
        "administration": body.administration,
        "description": body.description,
        "version": body.version,
    }
    return {**data, **changes}


def _goal_payload(goal, **changes):
    data = {
        "parent": goal.parent_id,
        "level": goal.level,
        "code": goal.code,
        "title": goal.title,
        "description": goal.description,
        "valid_from_year": goal.valid_from_year,
        "valid_to_year": goal.valid_to_year,
        "version": goal.version,
    }
    return {**data, **changes}
