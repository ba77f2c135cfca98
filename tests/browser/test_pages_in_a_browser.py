"""The pages in a real browser: Debian's headless Chromium driven by selenium over real HTTP.

`make test` installs chromium and chromium-driver first (`make browser`); when
they are missing this test fails, it does not skip.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.server.pages_fixture import build_fixture_store, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,1400")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings, store = build_fixture_store(tmp_path_factory.mktemp("browser"), hub_links=3)
    with serving(settings, store) as url:
        yield url


@pytest.fixture
def browser():
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "Chromium is missing: run `make browser`"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def heading(driver) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


def test_a_reader_switches_language_follows_a_link_searches_and_sees_markup_as_text(site, browser, tmp_path):
    wait = WebDriverWait(browser, 10)
    browser.get(site + "/id/organization/agencia-de-prueba")
    assert heading(browser).startswith("Agencia Federal de Pruebas")
    assert browser.find_element(By.ID, "roles-heading").text == "Qué dirige, publica o financia"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"

    browser.find_element(By.LINK_TEXT, "English").click()
    wait.until(expected_conditions.text_to_be_present_in_element((By.ID, "roles-heading"), "What it leads"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.save_screenshot(str(tmp_path / "agency.png"))

    browser.find_element(By.LINK_TEXT, "Open procurement data").click()
    wait.until(expected_conditions.url_contains("/id/commitment/XX0001"))
    assert heading(browser) == "Open procurement data"  # the language choice is remembered
    assert "Transformative" in browser.find_element(By.CSS_SELECTOR, "table.ratings").text

    box = browser.find_element(By.ID, "site-search")
    box.send_keys("participacion", Keys.ENTER)  # keyboard only, no accent typed
    wait.until(expected_conditions.url_contains("/search?q=participacion"))
    browser.find_element(By.PARTIAL_LINK_TEXT, "participación ciudadana").click()
    wait.until(expected_conditions.url_contains("/id/commitment/XX0002"))
    browser.save_screenshot(str(tmp_path / "commitment.png"))

    shown = browser.find_element(By.XPATH, "//dd/span[contains(., 'alert')]").text
    assert shown.startswith("<script>alert('x')</script> & <b>negrita</b>")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    scripts = browser.execute_script(
        "return Array.from(document.scripts).map(s => s.type)")
    assert scripts == ["application/ld+json"]
    assert browser.execute_script("return document.getElementsByTagName('b').length") == 0
