"""Size limits of the app code: short modules and short functions keep each change local."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
APPS = ("congress", "programme", "speakers", "registrations", "cms", "demo")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            yield relative, path


def test_modules_stay_under_the_line_limit():
    too_long = {
        name: count
        for name, path in _modules()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_functions_stay_under_the_line_limit():
    too_long = {}
    for name, path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # without decorators
                if lines > MAX_FUNCTION_LINES:
                    too_long[f"{name}:{node.lineno} {node.name}"] = lines
    assert too_long == {}
