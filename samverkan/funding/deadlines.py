"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines)."""


def funding_deadlines(user, municipality, start, end) -> list:
    """The funding deadlines between start and end (inclusive) this user should hear about."""
    return []
