"""Demo data for the applications app (filled as the app grows)."""


def create_applications_demo() -> None:
    """Create the applications demo for Motala and Vadstena, unless it exists already.

    `samverkan demo_data --if-empty` calls this on an older demo database too, so it
    must do nothing when the app's demo records are there.
    """
