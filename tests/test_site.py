"""Site-wide checks: migrations match the models, system checks and deployment checks pass."""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.integration
@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)

    assert out.getvalue().strip() == "No changes detected"


@pytest.mark.unit
def test_system_checks_pass():
    out = StringIO()

    call_command("check", "--fail-level", "WARNING", stdout=out, stderr=out)

    assert out.getvalue().strip() == "System check identified no issues (0 silenced)."


@pytest.mark.unit
def test_deployment_checks_pass_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    assert len(env["SECRET_KEY"]) == 60

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (result.returncode, result.stderr.strip()) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
