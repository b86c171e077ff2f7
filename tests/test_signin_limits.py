"""The sign-in limiter (cms/signin.py) on /admin/login/ and /accounts/login/: an attacking address
is refused, the account stays usable from other addresses, and a password under attack from many
addresses needs a code by email instead of locking the account."""

import time

import pytest
from django.test import override_settings

from .factories.speakers import PASSWORD, UserFactory
from .redis_server import free_port, redis_cache_settings

pytestmark = pytest.mark.integration

ATTACKER = "203.0.113.7"
USER_ADDRESS = "198.51.100.20"


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def admin_login(client, user, password, address):
    return client.post(
        "/admin/login/",
        {"username": user.username, "password": password},
        REMOTE_ADDR=address,
    )


def account_login(client, user, password, address):
    return client.post(
        "/accounts/login/",
        {"login": user.email, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("login", [admin_login, account_login])
def test_signin_wrong_passwords_refuse_the_address_not_the_account(client, staff, login):
    statuses = [login(client, staff, "falsch", ATTACKER).status_code for _ in range(40)]

    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    refused = login(client, staff, PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    signed_in = login(client, staff, PASSWORD, USER_ADDRESS)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.parametrize("login", [admin_login, account_login])
def test_signin_refusal_shows_the_form_with_a_german_message(client, staff, login):
    for _ in range(5):
        login(client, staff, "falsch", ATTACKER)

    response = login(client, staff, "falsch", ATTACKER)

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"].isdigit()
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "Zu viele fehlgeschlagene Anmeldeversuche von Ihrer Adresse." in page
    assert "Bitte versuchen Sie es in " in page
    assert 'name="password"' in page


def test_signin_counts_one_account_across_both_forms(client, staff):
    for _ in range(3):
        admin_login(client, staff, "falsch", ATTACKER)
    for _ in range(2):
        account_login(client, staff, "falsch", ATTACKER)

    assert admin_login(client, staff, PASSWORD, ATTACKER).status_code == 429


def test_signin_refuses_an_address_spraying_many_accounts(client, db):
    users = UserFactory.create_batch(5)
    for user in users:
        for _ in range(4):
            assert account_login(client, user, "falsch", ATTACKER).status_code == 200

    other = UserFactory()
    assert account_login(client, other, PASSWORD, ATTACKER).status_code == 429
    assert account_login(client, other, PASSWORD, USER_ADDRESS).status_code == 302


def test_signin_success_clears_the_count_of_that_address(client, staff):
    for _ in range(4):
        account_login(client, staff, "falsch", USER_ADDRESS)
    assert account_login(client, staff, PASSWORD, USER_ADDRESS).status_code == 302
    client.logout()

    for _ in range(4):
        assert account_login(client, staff, "falsch", USER_ADDRESS).status_code == 200
    assert account_login(client, staff, PASSWORD, USER_ADDRESS).status_code == 302


@override_settings(SIGNIN_LIMITS={"account": (6, 3600)})
def test_signin_account_under_attack_steps_up_to_a_code_by_email(client, staff, mailoutbox):
    for number in range(6):
        account_login(client, staff, "falsch", f"203.0.113.{number + 10}")

    response = account_login(client, staff, PASSWORD, USER_ADDRESS)

    assert response.status_code == 429
    assert "Anmeldecode per E-Mail" in response.content.decode()
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/code/", {"email": staff.email}, REMOTE_ADDR=USER_ADDRESS)
    assert len(mailoutbox) == 1
    assert staff.email in mailoutbox[0].to


@pytest.mark.parametrize("login", [admin_login, account_login])
def test_signin_limiter_fails_open_without_cache(client, staff, settings, login):
    """Refused after five failures, then Redis goes away (a server that refuses connections):
    the limiter lets sign-ins through, on both forms."""
    for _ in range(5):
        login(client, staff, "falsch", ATTACKER)
    assert login(client, staff, PASSWORD, ATTACKER).status_code == 429

    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")

    assert login(client, staff, "falsch", ATTACKER).status_code == 200
    assert login(client, staff, PASSWORD, ATTACKER).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_signin_refusal_in_english_on_english_pages(client, staff):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": staff.email, "password": "falsch"})

    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-in attempts from your address." in response.content.decode()


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def staff_with_totp(staff):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return staff, secret


@override_settings(REQUIRE_ADMIN_MFA=True)
def test_admin_mfa_required_sends_staff_without_totp_to_the_setup(client, staff):
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before an authenticator is set up.
    confirm = client.get(response["Location"], follow=True)
    assert confirm.redirect_chain == [
        ("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F", 302)
    ]
    assert "Für die Verwaltung ist eine Zwei-Faktor-Anmeldung nötig." in confirm.content.decode()
    setup = client.post(confirm.redirect_chain[0][0], {"password": PASSWORD}, follow=True)
    assert setup.redirect_chain == [("/accounts/2fa/totp/activate/", 302)]
    assert 'name="code"' in setup.content.decode()


@override_settings(REQUIRE_ADMIN_MFA=True)
def test_admin_mfa_required_hands_the_admin_login_to_allauth(client, staff):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    posted = admin_login(client, staff, PASSWORD, USER_ADDRESS)
    assert posted["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


@override_settings(REQUIRE_ADMIN_MFA=True)
def test_admin_mfa_with_totp_opens_the_admin_after_the_code(client, staff_with_totp):
    staff, secret = staff_with_totp

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_hands_an_account_with_totp_to_allauth(client, staff_with_totp):
    staff, _secret = staff_with_totp

    response = admin_login(client, staff, PASSWORD, USER_ADDRESS)

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
