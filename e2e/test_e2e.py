"""End-to-end tests of the real desktop app through tauri-driver and WebKitWebDriver.

Run by `make e2e` (and `make test`) under Xvfb: see e2e/run.sh."""

import json
import os
import pathlib
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parent.parent
APP = os.environ.get("APP", str(ROOT / "target/debug/nengbao-app"))
CLI = str(ROOT / "target/debug/nengbao")
SHOTS = ROOT / "target/screenshots"
KEY = ROOT / "tests/fixtures/keys/enterprise.key"


def cli(*args, check=True):
    return subprocess.run([CLI, *args], check=check, capture_output=True, text=True)


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    return d


def launch(data_dir):
    opts = ArgOptions()
    opts.set_capability("browserName", "wry")
    opts.set_capability("tauri:options", {"application": APP, "args": [f"--data={data_dir}"]})
    cfg = ClientConfig(remote_server_addr="http://127.0.0.1:4444", timeout=60)
    driver = webdriver.Remote(options=opts, client_config=cfg)
    # Paths are typed as text; selenium would otherwise try to upload any existing file named.
    driver.file_detector = UselessFileDetector()
    driver.set_window_size(1280, 800)
    return driver


def tid(driver, name, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]'))


def path_input(driver, path, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, f'input[data-path="{path}"], textarea[data-path="{path}"]'))


def type_into(el, text):
    el.click()
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.BACKSPACE)
    el.send_keys(text)


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    time.sleep(1)  # let the last change paint
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def has(driver, name):
    return len(driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')) > 0


def test_enterprise_demo_finding_justify_sign_and_verify(data, tmp_path):
    driver = launch(data)
    try:
        tid(driver, "mode-enterprise").click()
        tid(driver, "load-demo").click()
        tid(driver, "nav-info")
        shot(driver, "01-enterprise-info")

        tid(driver, "nav-tables").click()
        tid(driver, "table-tab-energy").click()
        factor = path_input(driver, "energy[2].factor")
        shot(driver, "02-energy-table")

        # An out-of-range coefficient for natural gas → EN011 appears …
        type_into(factor, "13.9")
        tid(driver, "finding-EN011", timeout=30)
        shot(driver, "03-finding-out-of-range")
        # … and goes away when fixed.
        type_into(path_input(driver, "energy[2].factor"), "12.45")
        WebDriverWait(driver, 30).until(lambda d: not has(d, "finding-EN011"))

        # A warning that needs a written reason: output value up 35 %.
        tid(driver, "table-tab-basic").click()
        type_into(path_input(driver, "indicators.output_value.current"), "90000")
        tid(driver, "finding-YY002", timeout=30)
        box = tid(driver, "justify-YY002")
        box.click()
        box.send_keys("2024年新增骨料生产线投产，工业总产值随之增长")
        tid(driver, "justify-save-YY002").click()
        WebDriverWait(driver, 30).until(lambda d: "已说明" in tid(d, "finding-YY002").text)
        shot(driver, "04-warning-justified")

        # Sign and export.
        tid(driver, "nav-export").click()
        out = tmp_path / "submission.xlsx"
        type_into(tid(driver, "export-key-path").find_element(By.CSS_SELECTOR, "input") if tid(driver, "export-key-path").tag_name != "input" else tid(driver, "export-key-path"), str(KEY))
        pw = tid(driver, "export-passphrase")
        pw = pw if pw.tag_name == "input" else pw.find_element(By.CSS_SELECTOR, "input")
        type_into(pw, "test-passphrase")
        op = tid(driver, "export-out-path")
        op = op if op.tag_name == "input" else op.find_element(By.CSS_SELECTOR, "input")
        type_into(op, str(out))
        tid(driver, "export-submit").click()
        result = tid(driver, "export-result", timeout=60)
        fingerprint = json.loads(cli("key", "show", str(KEY), "--format", "json").stdout)["fingerprint"]
        WebDriverWait(driver, 30).until(lambda d: fingerprint in tid(d, "export-result").text)
        shot(driver, "05-signed-export")
        assert out.exists(), "the app wrote the submission"

        # Charts: the product indicator beside its 标杆/基准 levels (from the catalog).
        tid(driver, "nav-charts").click()
        tid(driver, "chart-products", timeout=30)
        time.sleep(1.0)  # ECharts draws on the next frames
        shot(driver, "10-charts")
    finally:
        driver.quit()

    verified = cli("verify", str(out), "--format", "json", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert json.loads(verified.stdout)["status"] == "valid"


def test_county_imports_a_folder_and_shows_the_roster(data, tmp_path):
    inbox = tmp_path / "inbox"
    cli("county", "generate", "--out", str(inbox), "--count", "5")
    (inbox / "not-a-workbook.xlsx").write_bytes(os.urandom(4096))
    keys = [line.split(",") for line in (tmp_path / "inbox-keys.csv").read_text().splitlines()[1:]]
    db = data / "county-dev.db"
    cli("county", "init", "--db", str(db), "--division", "522601", "--name", "凯里市发展和改革局")
    roster = tmp_path / "roster.csv"
    lines = ["统一社会信用代码,单位名称,类别"] + [f"{k[0]},{k[1]},≥10000" for k in keys] + ["91522601MA6E2R3P9Q,凯里市某未报送公司,≥5000"]
    roster.write_text("\n".join(lines) + "\n")
    cli("county", "roster", "--db", str(db), "--year", "2024", "--import", str(roster))
    (data / "config.json").write_text(json.dumps({"mode": "county"}))

    driver = launch(data)
    try:
        tid(driver, "nav-county-import").click()
        # The reporting year of these files.
        tid(driver, "county-year-select").click()
        WebDriverWait(driver, 10).until(
            lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if "2024" in o.text and o.is_displayed()]
        )[0].click()
        path = tid(driver, "county-path")
        path = path if path.tag_name == "input" else path.find_element(By.CSS_SELECTOR, "input")
        type_into(path, str(inbox))
        year = tid(driver, "county-year")
        year = year if year.tag_name == "input" else year.find_element(By.CSS_SELECTOR, "input")
        type_into(year, "2024")
        tid(driver, "county-trust-new").click()
        tid(driver, "county-import-start").click()
        try:
            WebDriverWait(driver, 120).until(lambda d: tid(d, "county-count-accepted").text.strip() == "5")
        except Exception:
            shot(driver, "county-import-failure")
            raise
        assert tid(driver, "county-count-rejected").text.strip() == "1"
        assert tid(driver, "county-count-held").text.strip() == "0"
        shot(driver, "06-county-import")

        tid(driver, "nav-county-roster").click()
        # 2024 reports received now are past the 2025-03-31 deadline: filed, but late.
        WebDriverWait(driver, 30).until(lambda d: tid(d, "roster-count-late").text.strip() == "5")
        assert tid(driver, "roster-count-filed").text.strip() == "0"
        assert tid(driver, "roster-count-missing").text.strip() == "1"
        shot(driver, "07-county-roster")

        tid(driver, "nav-county-keys").click()
        shot(driver, "08-county-keys")
        tid(driver, "nav-county-totals").click()
        shot(driver, "09-county-totals")
    finally:
        driver.quit()
