"""Headless Chromium for the tests that look at a page, cut off from the
network (all but loopback, where `dlmath serve` runs in its tests) so that a
page which needs it shows it."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from typing import Iterator

import pytest

needs_chromium = pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                    reason="Chromium and chromedriver are not installed (.ci/run installs them)")


@contextmanager
def offline_chromium(width: int = 1100, height: int = 1400) -> Iterator[object]:
    from selenium import webdriver  # the test extra; only these tests need it
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--window-size={width},{height}",
                 "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()
