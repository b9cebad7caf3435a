"""The compiled bank on disk: read when nothing it depends on changed, never
when something did, and never trusted when it is damaged."""
from __future__ import annotations

import exercises.compiled as compiled
from exercises.compiled import load_compiled
from tests.test_bank_loading import GOOD, write_bank


def test_the_second_load_comes_from_the_cache_and_equals_the_first(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DLMATH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "bank").mkdir()
    bank_dir = write_bank(tmp_path / "bank", GOOD)
    first = load_compiled(bank_dir)
    assert len(list((tmp_path / "cache").glob("bank-*.pickle"))) == 1

    def must_not_compile(directory):
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled, "load_bank", must_not_compile)
    second = load_compiled(bank_dir)
    assert second.get("17.3.1").main_part.answer.reference == first.get("17.3.1").main_part.answer.reference
    assert str(second.get("17.3.1").main_part.answer.reference) == "2*x"


def test_an_edited_bank_is_compiled_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DLMATH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "bank").mkdir()
    bank_dir = write_bank(tmp_path / "bank", GOOD)
    load_compiled(bank_dir)
    write_bank(bank_dir, GOOD.replace('"2*x"', '"2*x + 0*x**2 + 1 - 1"').replace("derivative of", "slope of"))
    edited = load_compiled(bank_dir)
    assert "slope of" in edited.get("17.3.1").statement
    assert len(list((tmp_path / "cache").glob("bank-*.pickle"))) == 2


def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DLMATH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "bank").mkdir()
    bank_dir = write_bank(tmp_path / "bank", GOOD)
    load_compiled(bank_dir)
    [cached] = (tmp_path / "cache").glob("bank-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_compiled(bank_dir).get("17.3.1").title == "Derivative"
    assert cached.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DLMATH_CACHE_DIR", str(blocker / "cache"))  # a directory under a file cannot exist
    (tmp_path / "bank").mkdir()
    assert load_compiled(write_bank(tmp_path / "bank", GOOD)).get("17.3.1").title == "Derivative"
