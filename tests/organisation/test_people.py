"""People and roles in the app: invite, accept, role, deactivate; the same from the
command line; and the rules that keep a municipality administered."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from samverkan.api.actions import create_token
from samverkan.organisation.models import Role, RoleAssignment

PASSWORD = "Ett-langt-losenord-2026"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_invite_accept_role_deactivate(demo, client, caller, django_capture_on_commit_callbacks):
    client.force_login(demo.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people-invite"),
            {
                "email": "Nora.Ny@motala.example",
                "first_name": "Nora",
                "last_name": "Ny",
                "role": Role.COMMITTEE_EDITOR,
                "committees": [demo.own_committee.pk],
            },
        )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__email="nora.ny@motala.example")
    assert list(assignment.committees.all()) == [demo.own_committee]
    assert not assignment.user.has_usable_password()
    assert assignment.history.first().history_user == demo.users["admin"]
    (invitation,) = mail.outbox
    assert invitation.to == ["nora.ny@motala.example"]
    assert "Motala" in invitation.subject

    # Accept: the link lets her choose a password, then she signs in.
    client.logout()
    link = _link(invitation).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + link, follow=True)
    assert page.context["validlink"]
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    signed_in = client.post(
        reverse("login"), {"username": "nora.ny@motala.example", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    home = client.get("/")
    assert home.context["role_assignment"] == assignment

    # The role: she edits her committee's records, as any committee editor does.
    user = assignment.user
    assert user.has_perm("samverkan.change_record", demo.own_committee)
    assert not user.has_perm("samverkan.change_record", demo.other_committee)
    _token, raw = create_token(user)
    assert caller(client, raw).get("/bodies").status_code == 200

    # Deactivate: no more signing in, and her token dies with the account.
    client.force_login(demo.users["admin"])
    response = client.post(reverse("people-deactivate", args=[assignment.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert user.history.first().history_user == demo.users["admin"]
    client.logout()
    refused = client.post(
        reverse("login"), {"username": "nora.ny@motala.example", "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert caller(client, raw).get("/bodies").status_code == 401


def test_the_admin_changes_and_removes_a_role(demo, client):
    client.force_login(demo.users["admin"])
    reader = RoleAssignment.objects.get(user=demo.users["reader"], municipality=demo.motala)
    response = client.post(
        reverse("people-role", args=[reader.pk]),
        {"role": Role.COMMITTEE_EDITOR, "committees": [demo.other_committee.pk]},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.role == Role.COMMITTEE_EDITOR
    assert list(reader.committees.all()) == [demo.other_committee]

    # A committee editor without a committee is refused, with the reason in the form.
    response = client.post(reverse("people-role", args=[reader.pk]), {"role": "committee_editor"})
    assert response.status_code == 200
    assert "committee" in str(response.context["form"].errors)

    listing = client.get(reverse("people-list")).content.decode()
    assert "Leo" in listing

    assert client.post(reverse("people-remove", args=[reader.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=reader.pk).exists()


def test_the_last_administrator_stays(demo, client):
    client.force_login(demo.users["admin"])
    own = RoleAssignment.objects.get(user=demo.users["admin"], municipality=demo.motala)
    response = client.post(
        reverse("people-role", args=[own.pk]), {"role": Role.READER}, follow=False
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR


@pytest.mark.parametrize("username", ["coordinator", "editor", "registrar", "reader"])
def test_only_administrators_manage_people(demo, client, username):
    client.force_login(demo.users[username])
    assert client.get(reverse("people-list")).status_code == 403
    assert client.get(reverse("people-invite")).status_code == 403


def test_another_municipalitys_roles_are_out_of_reach(demo, client):
    client.force_login(demo.users["admin"])
    foreign = RoleAssignment.objects.get(user=demo.users["vadstena-coordinator"])
    assert client.get(reverse("people-role", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("people-deactivate", args=[foreign.pk])).status_code == 404
    assert demo.users["vadstena-coordinator"].is_active


def test_the_commands_invite_and_deactivate(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_user",
            "ny.redaktor@motala.example",
            "--municipality",
            "0583",
            "--role",
            "committee_editor",
            "--body",
            str(demo.own_committee.pk),
        )
    assignment = RoleAssignment.objects.get(user__username="ny.redaktor@motala.example")
    assert assignment.municipality == demo.motala
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="nämnd"):
        call_command(
            "invite_user",
            "x@motala.example",
            "--municipality",
            "0583",
            "--role",
            "committee_editor",
        )
    call_command("deactivate_user", "ny.redaktor@motala.example")
    assignment.user.refresh_from_db()
    assert not assignment.user.is_active
    with pytest.raises(CommandError):
        call_command("deactivate_user", "nobody")


def test_a_user_changes_their_own_password(demo, client):
    user = demo.users["reader"]
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": demo.password, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Still signed in, and Django's password validators refuse a weak one.
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_a_forgotten_password_is_reset_by_e_mail(demo, client):
    user = demo.users["registrar"]
    user.email = "rut@motala.example"
    user.save(update_fields=["email"])
    assert client.post(reverse("password_reset"), {"email": user.email}).status_code == 302
    (message,) = mail.outbox
    assert "/password-reset/" in message.body


def test_a_malformed_role_map_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    from samverkan.organisation.sso import role_map

    settings.SAMVERKAN_OIDC_ROLE_MAP = "koord=0583:coordinator; admin=0583:administrator"
    assert role_map() == [("koord", "0583", "coordinator"), ("admin", "0583", "administrator")]
    settings.SAMVERKAN_OIDC_ROLE_MAP = "koord=0583:chief"
    with pytest.raises(ImproperlyConfigured, match="koord=0583:chief"):
        role_map()
