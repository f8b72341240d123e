"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines)."""


def monitoring_deadlines(user, municipality, start, end) -> list:
    """The monitoring deadlines between start and end (inclusive) this user should hear about."""
    return []
