"""Demo data: Motala (0583) with its bodies, goals and one user per role, and Vadstena.

(Motala's policy is loaded by samverkan.demo, above the policy app.)

Facts from ../shared/data/motala (the policy, the municipality); the committees'
administrations and the development goals are invented for the demo and say so.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.lib.actions import SYSTEM

from . import actions
from .actions import load_municipalities
from .models import Body, Goal, Municipality, Role, RoleAssignment

DEMO_NOTE = "Demodata."

MOTALA_BODIES = [
    (Body.Kind.COUNCIL, "Kommunfullmäktige", "KF", ""),
    (Body.Kind.EXECUTIVE_BOARD, "Kommunstyrelsen", "KS", "Kommunledningsförvaltningen"),
    (Body.Kind.COMMITTEE, "Bildningsnämnden", "BIN", "Bildningsförvaltningen"),
    (Body.Kind.COMMITTEE, "Socialnämnden", "SN", "Socialförvaltningen"),
    (Body.Kind.COMMITTEE, "Samhällsbyggnadsnämnden", "SBN", "Samhällsbyggnadsförvaltningen"),
    (Body.Kind.COMMITTEE, "Kultur- och fritidsnämnden", "KFN", "Kultur- och fritidsförvaltningen"),
    (Body.Kind.COMMITTEE, "Miljö- och hälsoskyddsnämnden", "MHN", "Samhällsbyggnadsförvaltningen"),
]

MOTALA_GOALS = {
    ("V", "Motala – en hållbar och attraktiv kommun att leva, bo och verka i"): {
        ("1", "Utbildning och kompetens"): [
            ("1.1", "Fler elever når kunskapsmålen"),
            ("1.2", "Fler unga och vuxna har internationell erfarenhet"),
        ],
        ("2", "Hållbar miljö och energi"): [
            ("2.1", "Minskad klimatpåverkan från kommunens verksamhet"),
            ("2.2", "Renare sjöar och vattendrag"),
        ],
        ("3", "Näringsliv och arbete"): [
            ("3.1", "Fler företag och arbetstillfällen"),
            ("3.2", "Fler i egen försörjning"),
        ],
        ("4", "Trygghet, hälsa och delaktighet"): [
            ("4.1", "Invånarna känner sig trygga och delaktiga"),
        ],
    }
}

VADSTENA_BODIES = [
    (Body.Kind.COUNCIL, "Kommunfullmäktige", "KF", ""),
    (Body.Kind.EXECUTIVE_BOARD, "Kommunstyrelsen", "KS", "Kommunledningskontoret"),
    (Body.Kind.COMMITTEE, "Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningskontoret"),
]

# Invented people ("Exempel" is Swedish for example); the role shows beside the name.
MOTALA_USERS = [
    ("admin", "Astrid Exempel", Role.ADMINISTRATOR, []),
    ("coordinator", "Kim Exempel", Role.COORDINATOR, []),
    ("editor", "Eva Exempel", Role.COMMITTEE_EDITOR, ["Bildningsnämnden"]),
    ("registrar", "Rut Exempel", Role.REGISTRAR, []),
    ("reader", "Leo Exempel", Role.READER, []),
]


# The platform's operator, who runs the installation and alone enters /admin/.
OPERATOR = "operator"


def demo_password() -> str:
    """SAMVERKAN_DEMO_PASSWORD, or one random password kept in the data folder."""
    if password := os.environ.get("SAMVERKAN_DEMO_PASSWORD"):
        return password
    path = settings.DATA_DIR / "demo-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def _bodies(municipality, specs):
    existing = {body.name: body for body in Body.objects.filter(municipality=municipality)}
    bodies = {}
    for kind, name, abbreviation, administration in specs:
        bodies[name] = existing.get(name) or actions.create_body(
            municipality,
            {
                "kind": kind,
                "name": name,
                "abbreviation": abbreviation,
                "administration": administration,
                "description": DEMO_NOTE if administration else "",
            },
            acting_user=SYSTEM,
        )
    return bodies


def _goals(
    municipality,
    tree,
    parent=None,
    level_order=(Goal.Level.VISION, Goal.Level.AREA, Goal.Level.GOAL),
):
    level, *lower = level_order
    items = tree.items() if isinstance(tree, dict) else ((item, None) for item in tree)
    for (code, title), children in items:
        goal = Goal.objects.filter(
            municipality=municipality, code=code, title=title
        ).first() or actions.create_goal(
            municipality,
            {
                "code": code,
                "title": title,
                "parent": parent,
                "level": level,
                "valid_from_year": 2023,
                "valid_to_year": 2030,
                "description": DEMO_NOTE,
            },
            acting_user=SYSTEM,
        )
        if children:
            _goals(municipality, children, goal, tuple(lower))


def _user(username, full_name, municipality, role, committees, password):
    User = get_user_model()
    first, _space, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        user.save()
    if not RoleAssignment.objects.filter(user=user, municipality=municipality).exists():
        actions.assign_role(user, municipality, role, committees=committees, acting_user=SYSTEM)
    return user


@transaction.atomic
def create_demo_data() -> list[tuple[str, str, str]]:
    """Create the demo (idempotent); returns (username, municipality, role) for each demo user."""
    if Municipality.objects.filter(code__in=["0583", "0584"]).count() != 2:
        load_municipalities()
    motala = Municipality.objects.get(code="0583")
    vadstena = Municipality.objects.get(code="0584")
    password = demo_password()

    motala_bodies = _bodies(motala, MOTALA_BODIES)
    _goals(motala, MOTALA_GOALS)
    logins = []
    for username, full_name, role, committee_names in MOTALA_USERS:
        committees = [motala_bodies[name] for name in committee_names]
        _user(username, full_name, motala, role, committees, password)
        logins.append((username, motala.name, Role(role).label))

    _bodies(vadstena, VADSTENA_BODIES)
    _goals(
        vadstena,
        {
            ("V", "Vadstena – världsarv och livskvalitet"): {
                ("1", "Besöksnäring och kultur"): [("1.1", "Fler besökare året runt")]
            }
        },
    )
    _user("vadstena-coordinator", "Vera Exempel", vadstena, Role.COORDINATOR, [], password)
    logins.append(("vadstena-coordinator", vadstena.name, Role(Role.COORDINATOR).label))
    _operator(OPERATOR, password)
    return logins


def _operator(username, password):
    """The platform operator: the back office (/admin/), no role in any municipality."""
    User = get_user_model()
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(
            username, "", password, first_name="Olle", last_name="Exempel"
        )
