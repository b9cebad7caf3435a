"""The practice page in a real headless Chromium (Debian's, through Selenium),
cut off from every network but loopback, against a real `dlmath serve`: a
student picks an exercise, types, watches the preview, submits with the
keyboard, reads the verdict and a hint. Screenshots are kept in the test's
folder, desktop and phone-sized."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import needs_chromium, offline_chromium
from tests.service_server import serving

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> str:
    with serving(tmp_path_factory.mktemp("serve"), "--workers", "1") as base:
        yield base


def _wait(driver, condition, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def test_a_student_previews_submits_and_reads_the_verdict(server: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with offline_chromium(1100, 1300) as driver:
        driver.get(server + "/#17.7.coin")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#statement .katex"))
        assert driver.find_element(By.ID, "title").text.startswith("17.7.coin")
        assert driver.find_element(By.ID, "exercise").get_attribute("value") == "17.7.coin"
        box = driver.find_element(By.ID, "answer")
        assert driver.find_element(By.CSS_SELECTOR, "label[for=answer]").text.startswith("Your answer")

        box.send_keys(r"\frac{9}{13")  # a brace left open: the preview says where
        _wait(driver, lambda d: "never closed" in d.find_element(By.ID, "preview").text)
        assert "column 9" in driver.find_element(By.ID, "preview").text
        box.send_keys("}")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview .katex"))
        preview = driver.find_element(By.CSS_SELECTOR, "#preview .katex-mathml annotation").get_attribute("textContent")
        assert preview == r"\frac{9}{13}"

        box.send_keys(Keys.ENTER)  # submitted with the keyboard
        _wait(driver, lambda d: d.find_element(By.ID, "result").is_displayed())
        assert "correct" in driver.find_element(By.ID, "result").get_attribute("class").split()
        assert driver.find_element(By.ID, "verdict").text == "Correct"
        assert "Correct" in driver.find_element(By.ID, "feedback").text

        hint = driver.find_element(By.ID, "hint")
        hint.send_keys(Keys.SPACE)  # a button works from the keyboard
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#hints li"))
        assert "log" in driver.find_element(By.CSS_SELECTOR, "#hints li").text.lower()
        driver.save_screenshot(str(tmp_path / "practice.png"))

        box.clear()
        box.send_keys("4/13" + Keys.ENTER)
        _wait(driver, lambda d: "incorrect" in d.find_element(By.ID, "result").get_attribute("class"))
        assert "tails" in driver.find_element(By.ID, "feedback").text
        assert not driver.find_elements(By.CSS_SELECTOR, "#steps li")  # no solution without the instructor
        print(f"screenshot: {tmp_path / 'practice.png'}")


def test_the_page_fits_a_phone(server: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with offline_chromium(390, 844) as driver:
        driver.get(server + "/#17.3.1")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#statement .katex"))
        driver.find_element(By.ID, "answer").send_keys("3x^2 - 4")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#preview .katex"))
        driver.find_element(By.ID, "submit").click()
        _wait(driver, lambda d: d.find_element(By.ID, "result").is_displayed())
        assert driver.find_element(By.ID, "verdict").text == "Correct"
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the phone"
        assert not driver.find_element(By.ID, "part-field").is_displayed()  # one part: no part to choose
        driver.execute_script("document.getElementById('answer').scrollIntoView()")
        driver.save_screenshot(str(tmp_path / "practice-phone.png"))


def test_with_variants_a_student_reads_and_is_graded_on_their_own_numbers(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from exercises import default_bank, instantiate, seed_for

    alice = instantiate(default_bank().get("17.7.coin"), seed_for("alice", "week 7"))
    heads, tails = (int(alice.variant.values[k]) for k in ("n_H", "n_T"))
    with serving(tmp_path, "--workers", "1", "--variants", "--assignment", "week 7") as base, \
            offline_chromium(1100, 1300) as driver:
        driver.get(base + "/#17.7.coin")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#statement .katex"))
        assert driver.find_element(By.ID, "variant").is_displayed()  # before an id: the session's own variant
        student = driver.find_element(By.ID, "student")
        student.send_keys("alice", Keys.TAB)  # a change event: the page loads alice's variant
        _wait(driver, lambda d: f"{heads} heads and {tails} tails" in d.find_element(By.ID, "title").text)
        assert f"variant {alice.variant.seed}" in driver.find_element(By.ID, "variant").text
        assert alice.variant.note not in driver.page_source  # the note is the teacher's: it may name the answer
        chosen = driver.find_element(By.CSS_SELECTOR, "#exercise option:checked").text
        assert f"{heads} heads" in chosen  # the list names the student's variant too, not the text's numbers
        box = driver.find_element(By.ID, "answer")
        box.send_keys(rf"\frac{{{heads}}}{{{heads + tails}}}", Keys.ENTER)
        _wait(driver, lambda d: d.find_element(By.ID, "result").is_displayed())
        assert driver.find_element(By.ID, "verdict").text == "Correct"
        driver.save_screenshot(str(tmp_path / "practice-variant.png"))
