"""Headless Chromium for the web admin's tests (selenium + /usr/bin/chromedriver, from
scripts/setup.sh). `browser_or_reason()` says why a browser test must be skipped."""
import os
import pathlib
import shutil
import sys
import unittest

from kopilka_harness import BUILD

CHROMEDRIVER = "/usr/bin/chromedriver"
# Screenshots and page dumps go here (under the build directory), one run overwriting the last.
OUTPUT = BUILD / "test-output" / "web_admin"


def _import_selenium():
    try:
        import selenium  # noqa: F401
    except ImportError:
        # Debian's python3-selenium lives in the system's dist-packages; an interpreter of
        # the same minor version elsewhere (pyenv, a venv) can load it from there.
        dist = "/usr/lib/python3/dist-packages"
        if f"{sys.version_info.major}.{sys.version_info.minor}" != "3.11" or dist in sys.path:
            return False
        sys.path.append(dist)
        try:
            import selenium  # noqa: F401,F811
        except ImportError:
            return False
    return True


def browser_or_reason():
    """(None, reason) when no headless browser can run here, else (the chromium path, None)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None, "chromium is not installed (scripts/setup.sh installs chromium chromium-driver)"
    if not os.path.exists(CHROMEDRIVER):
        return None, f"{CHROMEDRIVER} is missing (apt-get install chromium-driver)"
    if not _import_selenium():
        return None, "python3-selenium is not importable (apt-get install python3-selenium)"
    return chromium, None


def start_browser(chromium, width=1366, height=768, downloads=None):
    """`downloads`: a folder the browser saves downloaded files into, without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--lang=ru-RU",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    if downloads:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def chromium_or_skip():
    """The chromium path, or unittest.SkipTest saying why no browser can run here."""
    chromium, reason = browser_or_reason()
    if reason:
        raise unittest.SkipTest(reason)
    return chromium


def browser_for_class(cls, chromium, downloads=None):
    """A browser that lives as long as the test class `cls` (quit at its cleanup)."""
    driver = start_browser(chromium, downloads=downloads)
    cls.addClassCleanup(driver.quit)
    return driver

def set_viewport(driver, width, height):
    """Makes the page's viewport (not the window) exactly width×height."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1,
                            "mobile": False})


def console_errors(driver):
    """The browser console's errors and warnings since the last call."""
    return [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "WARNING")]


def horizontal_overflow(driver):
    """How many CSS pixels the page is wider than the viewport (0 when nothing overflows)."""
    return driver.execute_script(
        "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);")


def screenshot(driver, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for(driver, css, timeout=10, text=None):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    wait = WebDriverWait(driver, timeout)
    if text is not None:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def outputs_dir():
    return pathlib.Path(OUTPUT)


def screenshot_into(driver, folder, name):
    """Like screenshot(), into test-output/<folder>/ (one folder per test file, so two
    files that visit the same page keep both pictures)."""
    out = BUILD / "test-output" / folder
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
