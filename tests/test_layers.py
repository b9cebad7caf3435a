"""The packages import downwards only: exercises <- grader <- deriver <- dlmath,
and every import of the project's own packages is at module level, where a
cycle would fail at once instead of hiding inside a function."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["exercises", "grader", "deriver", "dlmath"]  # each may import only those before it


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported top-level package, at module level?) for every import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    module_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(name.split(".")[0], id(node) in module_level) for name in names]
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    allowed = set(LAYERS[:LAYERS.index(package) + 1])
    upward = [f"{path.relative_to(ROOT)} imports {name}" for path in _files(package)
              for name, _ in _imports(path) if name in LAYERS and name not in allowed]
    assert not upward, upward


@pytest.mark.parametrize("package", LAYERS)
def test_the_project_is_imported_at_module_level_only(package: str) -> None:
    hidden = [f"{path.relative_to(ROOT)} imports {name} inside a function" for path in _files(package)
              for name, at_top in _imports(path) if name in LAYERS and not at_top]
    assert not hidden, hidden


def test_the_check_sees_an_upward_import(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom deriver import derive\n\ndef f():\n    from dlmath import cli\n")
    assert _imports(sample) == [("os", True), ("deriver", True), ("dlmath", False)]
