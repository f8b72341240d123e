"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines)."""


def account_deadlines(user, municipality, start, end) -> list:
    """The followup deadlines between start and end (inclusive) this user should hear about."""
    return []
