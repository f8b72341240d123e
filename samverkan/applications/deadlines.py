"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines)."""


def application_deadlines(user, municipality, start, end) -> list:
    """The applications deadlines between start and end (inclusive) this user should hear about."""
    return []
