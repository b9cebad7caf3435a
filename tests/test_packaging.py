"""The wheel a user installs (`pip install .`) works on its own: built here,
installed into a fresh virtual environment, and run from outside the
source tree, so nothing is found by accident in the checkout."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin` folder of a fresh virtual environment with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(ROOT)],
                   check=True, capture_output=True, text=True)
    [wheel] = work.glob("dlmath-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   capture_output=True, text=True)
    return bin_dir


def _run(bin_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DLMATH_BANK")}
    return subprocess.run([str(bin_dir / "dlmath"), *args], capture_output=True, text=True, cwd=bin_dir, env=env,
                          timeout=300)


def test_the_installed_wheel_derives_a_worked_solution(installed: Path) -> None:
    result = _run(installed, "derive", "coin-mle")
    assert result.returncode == 0, result.stderr
    assert "coin-mle" in result.stdout and "9/13" in result.stdout.replace(r"\frac{9}{13}", "9/13")


def test_the_installed_wheel_grades_an_answer(installed: Path) -> None:
    result = _run(installed, "grade", "--exercise", "17.3.1", "--answer", "3x^2-4", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "correct"


def test_the_installed_wheel_ships_the_bank_and_the_templates(installed: Path) -> None:
    result = _run(installed, "exercises", "show", "17.7.coin")
    assert result.returncode == 0, result.stderr
    assert "17.7.coin" in result.stdout


def test_the_installed_wheel_ships_the_practice_page_and_names_the_serve_extra(installed: Path) -> None:
    """Installed without [serve]: the page's files are in the package, and `dlmath serve` says what to install."""
    shipped = subprocess.run([str(installed / "python"), "-c", "import importlib.resources as r; "
                              "print(sorted(p.name for p in r.files('dlmath.service').joinpath('static').iterdir()))"],
                             capture_output=True, text=True, cwd=installed)
    assert shipped.stdout.strip() == "['index.html', 'practice.css', 'practice.js']", shipped.stderr
    result = _run(installed, "serve")
    assert result.returncode == 1 and "pip install 'dlmath[serve]'" in result.stderr, result.stderr
