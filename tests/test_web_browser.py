"""The local page in a real browser (Debian's chromium, driven by Selenium): typing, pasting
LaTeX, switching kinds, copying code, judging a claim, and pointing at a parse error."""
import json
import shutil
import threading
import urllib.request

import pytest

from matcalc.web.server import start

webdriver = pytest.importorskip("selenium.webdriver", reason="the browser tests need selenium: pip install selenium")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="no browser: apt-get install chromium chromium-driver")
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync --window-size=1000,1400").split()
SEED_001_LATEX = (r"\left\| Z - I\odot(H_R^TA + H_I^TB) \right\|_F^2 + \left\|W-\begin{pmatrix} H_R & -H_I\\"
                  r"H_I & H_R\end{pmatrix}P_dS^T \right\|_F^2")
WAIT = 120  # seconds: a loaded machine derives slowly, a fast one returns at once


@pytest.fixture(scope="module")
def url():
    server = start(port=0, workers=2, time_limit=90, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    server.pool.close()


@pytest.fixture(scope="module")
def browser(url):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": url.rstrip("/"),
                                                        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    yield driver
    driver.quit()


def fill(browser, url, **fields):
    """The page opened afresh, with the fields typed in as a person would."""
    browser.get(url)
    for name, value in fields.items():
        element = browser.find_element(By.ID, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def text_of(browser, element_id, expected):
    WebDriverWait(browser, WAIT).until(lambda b: expected in b.find_element(By.ID, element_id).text)
    return browser.find_element(By.ID, element_id).text


def api(url, request):
    data = json.dumps(request).encode()
    with urllib.request.urlopen(urllib.request.Request(url + "api/derive", data=data), timeout=WAIT) as response:
        return json.loads(response.read())


def test_typing_seed_002_shows_the_typeset_gradient(browser, url, tmp_path):
    fill(browser, url, expr="u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric")
    assert text_of(browser, "text", "where") == "2(AWB − BWᵀAWBWE) where A = Sym(u₁u₂ᵀ), B = (WEWᵀ + λI)⁻¹"
    assert browser.find_elements(By.CSS_SELECTOR, "#typeset math")
    assert "passed" in text_of(browser, "check", "numerical check")
    assert "u1=" in browser.current_url or "expr=" in browser.current_url  # a shareable link
    browser.save_screenshot(str(tmp_path / "seed_002.png"))


def test_pasting_seed_001_as_latex(browser, url):
    fill(browser, url, expr=SEED_001_LATEX, wrt="H_R", where="H_R: n×n, H_I: n×n")
    assert text_of(browser, "text", "where")
    assert browser.find_elements(By.CSS_SELECTOR, "#typeset math")
    assert "passed" in text_of(browser, "check", "numerical check")


def test_switching_to_the_jacobian(browser, url):
    fill(browser, url, expr="A x", wrt="x", kind="jacobian")
    assert text_of(browser, "text", "A") == "A"


def test_the_copied_numpy_code_is_the_code_the_api_returns(browser, url):
    fill(browser, url, expr="tr(A X B)", wrt="X")
    text_of(browser, "code", "def grad_X")
    browser.find_element(By.CSS_SELECTOR, "[data-copy=code]").click()
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0])")
    expected = api(url, {"expr": "tr(A X B)", "wrt": "X", "check": False})["code"]["numpy"]
    assert copied == expected


def test_a_wrong_claim_is_judged_wrong(browser, url):
    fill(browser, url, expr="u1ᵀ W (W E Wᵀ + λI)⁻¹ Wᵀ u2", wrt="W", where="E: n×n symmetric",
         claim="2(AWB + BWᵀAWBWE) where A = Sym(u1 u2ᵀ), B = (WEWᵀ + λI)⁻¹")
    browser.find_element(By.ID, "judge").click()
    verdict = text_of(browser, "verdict", "wrong")
    assert verdict.startswith("wrong") and "sign" in verdict


def test_a_parse_error_points_at_the_column(browser, url, tmp_path):
    fill(browser, url, expr="tr(A X B", wrt="X")
    assert "expected ')'" in text_of(browser, "error", "expected")
    marks = browser.find_elements(By.CSS_SELECTOR, "#error mark")
    assert marks and marks[0].get_attribute("textContent") == " "
    browser.save_screenshot(str(tmp_path / "parse_error.png"))
