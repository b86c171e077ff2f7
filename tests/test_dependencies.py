"""The lock files (`make lock`) pin every dependency of pyproject.toml to a version it allows,
each with hashes, and the README's commands install from them with hash checking."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")

pytestmark = pytest.mark.unit


def pins(lock_file: str) -> dict[str, str]:
    text = (ROOT / lock_file).read_text()
    found = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{lock_file}: {match[1]} has no hash"
            found[canonicalize_name(match[1])] = match[2]
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"]
    if extra:
        requirements = requirements + project["optional-dependencies"][extra]
    return [Requirement(line) for line in requirements]


@pytest.mark.parametrize(
    ("lock_file", "extra"), [("requirements.txt", None), ("requirements-dev.txt", "dev")]
)
def test_lock_file_pins_every_declared_dependency_within_its_range(lock_file, extra):
    locked = pins(lock_file)
    stale = [
        f"{requirement} (locked: {locked.get(canonicalize_name(requirement.name))})"
        for requirement in declared(extra)
        if not requirement.specifier.contains(
            locked.get(canonicalize_name(requirement.name), "0.0.0.dev0"), prereleases=True
        )
    ]
    assert not stale, f"run `make lock`: {lock_file} does not satisfy {stale}"


def test_production_lock_holds_no_development_tool():
    assert "pytest" not in pins("requirements.txt")
    assert "pytest" in pins("requirements-dev.txt")


def test_install_checks_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile
    assert "-r requirements-dev.txt" in makefile
