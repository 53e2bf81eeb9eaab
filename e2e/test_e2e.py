"""End-to-end tests of the real desktop app through tauri-driver and WebKitWebDriver.

Run by `make e2e` (and `make test`) under Xvfb: see e2e/run.sh."""

import ctypes
import ctypes.util
import json
import os
import pathlib
import subprocess
import time
import zipfile

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.remote.remote_connection import RemoteConnection
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
    # The port of tauri-driver (e2e/run.sh starts it on 4444).
    url = f"http://127.0.0.1:{os.environ.get('TAURI_DRIVER_PORT', '4444')}"
    cfg = ClientConfig(remote_server_addr=url, timeout=60)
    driver = webdriver.Remote(command_executor=RemoteConnection(client_config=cfg), options=opts)
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
    # WebKitWebDriver's screenshot never returns for a page with nothing to scroll (the welcome,
    # onboarding and import screens): one pixel more than the window makes it answer.
    driver.execute_script("document.documentElement.style.minHeight = 'calc(100vh + 1px)'")
    time.sleep(1)  # let the last change paint
    try:
        driver.save_screenshot(str(SHOTS / f"{name}.png"))
    finally:
        driver.execute_script("document.documentElement.style.minHeight = ''")


def settle(driver, cond, timeout=10):
    """Waits for `cond`, retrying while the element it looks at is being re-rendered."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(cond)


def has(driver, name):
    return len(driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')) > 0


def inner_input(el):
    return el if el.tag_name == "input" else el.find_element(By.CSS_SELECTOR, "input")


def enter(driver, name, text, timeout=20):
    """Types `text` into the input of `name`, and again if the page re-renders the field meanwhile
    (a screen filling in its defaults), until the input holds exactly `text`."""
    def typed(d):
        el = inner_input(tid(d, name, timeout))
        type_into(el, text)
        return el.get_attribute("value") == text
    settle(driver, typed, timeout)


DEMO_USCC = "91522601MA6DQ7K169"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(first16):
    """A credit code with the check characters of its organisation code (GB 11714) and its own
    (GB 32100)."""
    org = sum(int(c, 36) * w for c, w in zip(first16[8:16], [3, 7, 9, 10, 5, 8, 4, 2]))
    first17 = first16 + {10: "X", 11: "0"}.get(11 - org % 11, str(11 - org % 11))
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - s % 31) % 31]


def reports(data_dir):
    out = cli("report", "list", "--db", str(data_dir / "workspace-dev.db"), "--format", "json").stdout
    return json.loads(out)


# ---- closing the window as a user does: WM_DELETE_WINDOW to the app's X window ---------------
# (WebDriver's "close window" destroys the web view without the window's close request, and
# there is no window manager under Xvfb to click a close button, so the message is sent here.)

class _XClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessage), ("pad", ctypes.c_long * 24)]


class X11:
    def __init__(self):
        x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)), ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
        x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        # Windows vanish while the tree is walked: ignore X errors (BadWindow) instead of exiting.
        self._handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
        x.XSetErrorHandler(self._handler)
        self.x = x
        self.dpy = x.XOpenDisplay(None)
        assert self.dpy, "no X display"
        self.net_wm_name = x.XInternAtom(self.dpy, b"_NET_WM_NAME", 0)
        self.wm_protocols = x.XInternAtom(self.dpy, b"WM_PROTOCOLS", 0)
        self.wm_delete = x.XInternAtom(self.dpy, b"WM_DELETE_WINDOW", 0)

    def name(self, w):
        typ, fmt, n, after, prop = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        if self.x.XGetWindowProperty(self.dpy, w, self.net_wm_name, 0, 1024, 0, 0, typ, fmt, n, after, prop) != 0 or not prop.value:
            return ""
        text = ctypes.string_at(prop.value, n.value).decode("utf-8", "replace")
        self.x.XFree(prop)
        return text

    def windows(self, title_part):
        found, stack = [], [self.x.XDefaultRootWindow(self.dpy)]
        while stack:
            w = stack.pop()
            if title_part in self.name(w):
                found.append(w)
            root, parent, kids, n = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
            if self.x.XQueryTree(self.dpy, w, root, parent, kids, n) and kids:
                stack.extend(kids[i] for i in range(n.value))
                self.x.XFree(kids)
        return found

    def close(self, w):
        ev = _XEvent()
        ev.xclient.type = 33  # ClientMessage
        ev.xclient.window = w
        ev.xclient.message_type = self.wm_protocols
        ev.xclient.format = 32
        ev.xclient.data[0] = self.wm_delete
        self.x.XSendEvent(self.dpy, w, 0, 0, ctypes.byref(ev))
        self.x.XFlush(self.dpy)


APP_TITLE = "能报"


def close_window_like_a_user(timeout=15):
    """Sends the app's window the close request a window manager sends; returns the seconds
    until the window was gone."""
    x = X11()
    try:
        wins = x.windows(APP_TITLE)
        assert wins, "the app window is on the display"
        t0 = time.monotonic()
        for w in wins:
            x.close(w)
        while x.windows(APP_TITLE):
            assert time.monotonic() - t0 < timeout, "the window closed"
            time.sleep(0.05)
        return time.monotonic() - t0
    finally:
        x.x.XCloseDisplay(x.dpy)


def workbook_with_spaces_around_the_code(tmp_path):
    """A draft of the demo 2024 report whose credit code cell reads "…169 " (a trailing space)."""
    demo = tmp_path / "demo"
    cli("demo", "--out", str(demo))
    draft = tmp_path / "draft.xlsx"
    cli("export", "--draft", "--out", str(draft), str(demo / "report-2024.json"))
    spaced = tmp_path / "带空格的代码.xlsx"
    with zipfile.ZipFile(draft) as zin, zipfile.ZipFile(spaced, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode()
                assert f"<t>{DEMO_USCC}</t>" in text
                data = text.replace(f"<t>{DEMO_USCC}</t>", f'<t xml:space="preserve">{DEMO_USCC} </t>').encode()
            zout.writestr(item, data)
    return spaced


def drawer_open(driver):
    return any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, ".findings-drawer"))


def open_findings(driver):
    """Opens the findings: below 1500 px they are a drawer behind the badge in the top bar."""
    if not drawer_open(driver):
        tid(driver, "findings-toggle").click()
    WebDriverWait(driver, 10).until(drawer_open)
    time.sleep(0.4)  # the drawer slides in


def close_findings(driver):
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: not drawer_open(d))
    settle(driver, lambda d: not [e for e in d.find_elements(By.CSS_SELECTOR, ".el-overlay") if e.is_displayed()])


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

        # An out-of-range coefficient for natural gas → EN011 appears (in the drawer the badge
        # opens: the window is narrower than 1500 px) …
        type_into(factor, "13.9")
        open_findings(driver)
        tid(driver, "finding-EN011", timeout=30)
        shot(driver, "03-finding-out-of-range")
        close_findings(driver)
        # … and goes away when fixed.
        type_into(path_input(driver, "energy[2].factor"), "12.45")
        WebDriverWait(driver, 30).until(lambda d: not has(d, "finding-EN011"))

        # A warning that needs a written reason: output value up 35 %.
        tid(driver, "table-tab-basic").click()
        type_into(path_input(driver, "indicators.output_value.current"), "90000")
        open_findings(driver)
        tid(driver, "finding-YY002", timeout=30)
        box = tid(driver, "justify-YY002")
        box.click()
        box.send_keys("2024年新增骨料生产线投产，工业总产值随之增长")
        tid(driver, "justify-save-YY002").click()
        WebDriverWait(driver, 30).until(lambda d: "已说明" in tid(d, "finding-YY002").text)
        shot(driver, "04-warning-justified")
        close_findings(driver)

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


def test_closing_the_window_right_after_typing_keeps_the_edit(data):
    driver = launch(data)
    closed_in = None
    try:
        tid(driver, "mode-enterprise").click()
        tid(driver, "load-demo").click()
        address = path_input(driver, "enterprise.address")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        type_into(address, "贵州省凯里市炉山镇工业园区8号")
        # Well inside the autosave delay: the close has to save it.
        closed_in = close_window_like_a_user()
    finally:
        try:
            driver.quit()
        except Exception:
            pass  # the app is gone already
    # The page answered (it did not take the shell's 5 s timeout to close).
    assert closed_in < 4.5, f"closed after {closed_in:.1f} s"
    saved = json.loads(cli("report", "show", "--db", str(data / "workspace-dev.db"), "--uscc", DEMO_USCC, "--year", "2024").stdout)
    assert saved["enterprise"]["address"] == "贵州省凯里市炉山镇工业园区8号"

    # Opened again, the edit is there.
    driver = launch(data)
    try:
        WebDriverWait(driver, 30).until(lambda d: path_input(d, "enterprise.address").get_attribute("value") == "贵州省凯里市炉山镇工业园区8号")
    finally:
        driver.quit()


def test_correcting_the_credit_code_keeps_one_enterprise(data):
    new = uscc("91522601MA6DQ7K2")
    driver = launch(data)
    try:
        tid(driver, "mode-enterprise").click()
        tid(driver, "load-demo").click()
        code = inner_input(tid(driver, "uscc-input"))
        type_into(code, new[:-1])
        tid(driver, "uscc-fix")
        assert not tid(driver, "uscc-apply").is_enabled(), "17 characters cannot be applied"
        code.send_keys(new[-1])
        WebDriverWait(driver, 10).until(lambda d: tid(d, "uscc-apply").is_enabled())
        shot(driver, "11-credit-code-correction")
        tid(driver, "uscc-apply").click()
        # The confirmation says what will happen.
        settle(driver, lambda d: any("不会新建单位" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".el-message-box")))
        shot(driver, "12-credit-code-confirm")
        settle(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".el-message-box__btns .el-button--primary")).click()
        WebDriverWait(driver, 30).until(lambda d: tid(d, "enterprise-code").text == new)
        settle(driver, lambda d: not [e for e in d.find_elements(By.CSS_SELECTOR, ".el-overlay") if e.is_displayed()])
        # Edits after the correction are saved under the corrected code.
        type_into(path_input(driver, "enterprise.postcode"), "556001")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        tid(driver, "enterprise-select").click()
        WebDriverWait(driver, 10).until(lambda d: tid(d, f"enterprise-option-{new}").is_displayed())
        assert not has(driver, f"enterprise-option-{DEMO_USCC}")
        shot(driver, "13-enterprise-select")
    finally:
        driver.quit()
    rows = reports(data)
    assert {r["uscc"] for r in rows} == {new}, rows
    assert sorted(r["year"] for r in rows) == [2023, 2024]


def test_an_excel_import_with_a_trailing_space_in_the_credit_code_is_saved(data, tmp_path):
    workbook = workbook_with_spaces_around_the_code(tmp_path)
    driver = launch(data)
    try:
        tid(driver, "mode-enterprise").click()
        tid(driver, "template-save")
        shot(driver, "14-onboarding")
        tid(driver, "nav-import").click()
        enter(driver, "import-path", str(workbook))
        tid(driver, "import-read").click()
        result = tid(driver, "import-result", timeout=30)
        # The note on the trimmed code; the code itself read without the space.
        settle(driver, lambda d: "首尾有空格" in tid(d, "import-result").get_attribute("textContent"))
        assert result.find_element(By.CSS_SELECTOR, ".card-head-row .mono").get_attribute("textContent") == DEMO_USCC
        shot(driver, "15-import-read")
        tid(driver, "import-load").click()
        notes = tid(driver, "import-notes", timeout=30)
        assert "表1 基本情况!B4" in notes.get_attribute("textContent")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        shot(driver, "16-import-loaded")
    finally:
        driver.quit()
    rows = reports(data)
    assert [(r["uscc"], r["year"]) for r in rows] == [(DEMO_USCC, 2024)], rows


def kpi_total(driver):
    return tid(driver, "carbon-kpi-total").text.replace("tCO₂", "").strip()


def fill(driver, path, text):
    """Types into the grid cell at `path` (focused as the grid focuses it; a pointer click on a
    cell of a scrolled grid is refused by WebKitWebDriver as not interactable)."""
    el = path_input(driver, path)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'}); arguments[0].focus()", el)
    el.send_keys(Keys.CONTROL, "a")
    el.send_keys(Keys.BACKSPACE)
    el.send_keys(text)
    return el


def choose(driver, path, label):
    """Opens the dropdown of the field at `path` and picks the option showing `label`."""
    el = path_input(driver, path)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'}); arguments[0].closest('.el-select').querySelector('.el-select__wrapper').click()", el)
    option = WebDriverWait(driver, 10).until(
        lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if o.text.strip() == label and o.is_displayed()]
    )[0]
    driver.execute_script("arguments[0].click()", option)


def row_text(driver, row):
    """The text of a grid row, cells scrolled out of view included, trimmed."""
    return driver.execute_script(
        "const r = document.querySelector(`tr[data-row=\"${arguments[0]}\"]`); return r ? r.textContent.replace(/\\s+/g, ' ').trim() : ''", row
    )


def cell_text(driver, path):
    """The text of a computed cell (scrolled out of view or not)."""
    return driver.execute_script(
        "const c = document.querySelector(`div[data-path=\"${arguments[0]}\"]`); return c ? c.textContent.trim() : null", path
    )


def drop_files_on(driver, selector, paths):
    """Drops files on the element as the desktop shell reports a drop from the file manager: the
    webview's drag-drop event with the paths and the pointer position in physical pixels."""
    return driver.execute_async_script(
        """
        const [selector, paths, done] = arguments
        const el = document.querySelector(selector)
        el.scrollIntoView({ block: 'center' })
        const r = el.getBoundingClientRect()
        const k = window.devicePixelRatio || 1
        // A point of the row inside the window (the grid may be scrolled sideways).
        const x = Math.min(Math.max(r.left, 0) + 60, window.innerWidth - 10)
        const position = { x: Math.round(x * k), y: Math.round((r.top + r.height / 2) * k) }
        window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths, position } })
          .then(() => done('ok'), (e) => done(String(e)))
        """,
        selector,
        paths,
    )


def grouped(d):
    """A decimal as the app shows it: thousands separators, the digits it carries."""
    sign, digits = ("-", d[1:]) if d.startswith("-") else ("", d)
    whole, _, frac = digits.partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


EXCEL_BLOCK = (
    "原煤\t吨\t01\t1,200\t5,000\t3,150.5\t5,800\t5,800\t\t\t\t400\t0.7143\r\n"
    "电力\t万千瓦时\t33\t\t980\t6,125\t980\t950\t\t30\t\t\t1.229\r\n"
    "天然气\t万立方米\t15\t\t120\t3,000\t120\t100\t\t20\t\t\t12.45\r\n"
)


def paste(driver, el, text):
    """Pastes `text` into `el` the way a block copied from Excel arrives (text/plain, tabs, CRLF)."""
    driver.execute_script(
        """const el = arguments[0]; el.focus();
        const dt = new DataTransfer(); dt.setData('text/plain', arguments[1]);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));""",
        el,
        text,
    )


def rect(driver, el):
    return driver.execute_script("const r = arguments[0].getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height};", el)


def above_the_fold(driver, el):
    r = rect(driver, el)
    return r["bottom"] <= driver.execute_script("return window.innerHeight") and r["top"] >= 0


def report_of(data_dir, year):
    uscc_ = reports(data_dir)[0]["uscc"]
    return json.loads(cli("report", "show", "--db", str(data_dir / "workspace-dev.db"), "--uscc", uscc_, "--year", str(year)).stdout)


def test_first_filing_at_1366x768_checklist_grid_paste_and_undo(data):
    """From an empty workspace on a 1366×768 screen: a new report is not red, the checklist leads to
    表2, a block copied from Excel pastes into the grid (and is undone and redone as one step), the
    frozen columns and header stay, a finding's jump shows its cell whole."""
    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        tid(driver, "mode-enterprise").click()
        tid(driver, "new-report").click()
        inner_input(tid(driver, "new-name")).send_keys("凯里市某新材料有限公司")
        inner_input(tid(driver, "new-uscc")).send_keys(DEMO_USCC)
        tid(driver, "new-create").click()
        tid(driver, "checklist", timeout=30)
        settle(driver, lambda d: has(d, "badge-todo") and int(tid(d, "badge-todo").text) > 0, timeout=30)
        # Nothing typed is not an error: no red count, no red field.
        assert tid(driver, "badge-errors").text == "0"
        assert not driver.find_elements(By.CSS_SELECTOR, ".mark-error")
        assert "st-todo" in tid(driver, "checklist-table-energy").get_attribute("class")
        assert "st-optional" in tid(driver, "checklist-table-conversion").get_attribute("class")
        # The last step (签名) is on the first screen.
        assert above_the_fold(driver, tid(driver, "checklist-sign"))
        # The findings panel is a badge at this width, not a column beside the page.
        assert not driver.find_elements(By.CSS_SELECTOR, ".findings-aside")
        shot(driver, "20-new-report-checklist-1366")

        tid(driver, "checklist-table-energy").click()
        add = tid(driver, "add-row-energy")
        # Every table is in the list without scrolling it, and 添加一行 is on the first screen.
        assert above_the_fold(driver, tid(driver, "table-list"))
        for t in ("basic", "energy", "products", "explanations", "reduction_projects", "evidence", "justifications"):
            assert tid(driver, f"table-tab-{t}").is_displayed(), t
        assert above_the_fold(driver, add)
        add.click()
        first = path_input(driver, "energy[0].name")
        paste(driver, first, EXCEL_BLOCK)
        settle(driver, lambda d: "已粘贴 3 行 × 13 列" in tid(d, "paste-result").text)
        path_input(driver, "energy[2].consumed_total")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        shot(driver, "21-energy-pasted-1366")

        # The columns of 表2 a user sees at 1366×768 before scrolling (kept for the notes).
        visible = driver.execute_script(
            """const s = document.querySelector('[data-grid-scroll]').getBoundingClientRect();
            return [...document.querySelectorAll('[data-grid-scroll] tr.marks th')]
              .filter(th => { const r = th.getBoundingClientRect(); return r.left >= s.left - 1 && r.right <= s.right + 1 && th.textContent.trim() })
              .map(th => th.textContent.trim())""")
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / "table2-visible-columns-1366.txt").write_text(" ".join(visible) + "\n")
        assert visible[:3] == ["甲", "乙", "丙"], visible

        # Ctrl+Z undoes the whole paste (the added rows too), Ctrl+Y brings it back.
        path_input(driver, "energy[0].opening_stock").click()
        driver.switch_to.active_element.send_keys(Keys.CONTROL, "z")
        WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, 'input[data-path="energy[1].name"]'))
        assert path_input(driver, "energy[0].name").get_attribute("value") == ""
        driver.switch_to.active_element.send_keys(Keys.CONTROL, "y")
        path_input(driver, "energy[2].name")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)

        # Frozen: scrolled to the far right, the row labels (甲 乙 丙) and the header stay.
        driver.execute_script("const s = document.querySelector('[data-grid-scroll]'); s.scrollLeft = s.scrollWidth")
        time.sleep(0.3)
        grid = rect(driver, driver.find_element(By.CSS_SELECTOR, "[data-grid-scroll]"))
        code = rect(driver, driver.find_element(By.CSS_SELECTOR, 'td[data-r="0"][data-c="2"]'))
        assert grid["left"] <= code["left"] < code["right"] <= grid["right"], (grid, code)

        # A finding's jump: the cell far to the right comes whole into view beside its row label.
        driver.execute_script("document.querySelector('[data-grid-scroll]').scrollLeft = 0")
        type_into(path_input(driver, "energy[0].factor"), "5")
        driver.execute_script("document.querySelector('[data-grid-scroll]').scrollLeft = 0")
        open_findings(driver)
        tid(driver, "finding-EN011", timeout=30).click()
        WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element.get_attribute("data-path") == "energy[0].factor")
        WebDriverWait(driver, 10).until(lambda d: not drawer_open(d))
        time.sleep(0.5)
        cell = rect(driver, driver.find_element(By.CSS_SELECTOR, 'input[data-path="energy[0].factor"]').find_element(By.XPATH, "ancestor::td"))
        frozen_right = driver.execute_script("return Math.max(...[...document.querySelectorAll('[data-grid-scroll] thead th.frozen')].map(t => t.getBoundingClientRect().right))")
        grid = rect(driver, driver.find_element(By.CSS_SELECTOR, "[data-grid-scroll]"))
        assert frozen_right - 1 <= cell["left"] and cell["right"] <= grid["right"] + 1, (frozen_right, cell, grid)
        assert above_the_fold(driver, driver.find_element(By.CSS_SELECTOR, 'input[data-path="energy[0].factor"]'))
        shot(driver, "22-finding-jump-1366")

        # Totals never break their digits: each total is one line.
        one_line = rect(driver, driver.find_element(By.CSS_SELECTOR, ".pt-footer .fg-label"))["height"]
        for el in driver.find_elements(By.CSS_SELECTOR, ".pt-footer .fg-value"):
            assert rect(driver, el)["height"] <= one_line + 1, el.text
        type_into(path_input(driver, "energy[0].factor"), "0.7143")
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        tid(driver, "nav-checklist").click()
        settle(driver, lambda d: "st-done" in tid(d, "checklist-table-energy").get_attribute("class"), timeout=30)
        shot(driver, "23-checklist-after-paste-1366")
        # 表1 综合能源消费量 is the figure computed from 表2: shown, not a field to type in.
        tid(driver, "nav-tables").click()
        tid(driver, "table-tab-basic").click()
        shown = settle(driver, lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, '[data-path="computed.comprehensive_energy_tce"]') if e.is_displayed() and e.get_attribute("textContent").strip() not in ("", "—")], timeout=30)
        assert [e.tag_name for e in shown] == ["div"], [e.tag_name for e in shown]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", shown[0])
        shot(driver, "23b-table1-total-computed-1366")
        assert not driver.find_elements(By.CSS_SELECTOR, 'input[data-path="indicators.comprehensive_energy_tce.current"]')
    finally:
        driver.quit()
    saved = report_of(data, reports(data)[0]["year"])
    energy = saved["energy"]
    assert [e["code"] for e in energy] == ["01", "33", "15"]
    # Read as meant: thousands separators dropped, on each column's scale.
    assert (energy[0]["opening_stock"], energy[0]["consumed_total"], energy[0]["purchased_amount"]) == ("1200.0000", "5800.0000", "3150.50")
    assert energy[1]["consumed_non_industrial"] == "30.0000"
    # 表1 综合能源消费量 is computed from 表2, never stored as if typed.
    assert saved["indicators"]["comprehensive_energy_tce"].get("current") is None


def test_county_confirms_held_keys_in_one_batch_from_the_key_card_list(data, tmp_path):
    """Files of three units are held for keys seen the first time; the clerk reads the units' key
    card list, sees each card match the held key by fingerprint (one card altered is flagged), and
    registers the matching ones in one click, which releases their files."""
    inbox = tmp_path / "inbox"
    cli("county", "generate", "--out", str(inbox), "--count", "3")
    db = data / "county-dev.db"
    cli("county", "init", "--db", str(db), "--division", "522601", "--name", "凯里市发展和改革局")
    cli("county", "import", "--db", str(db), "--year", "2024", str(inbox))
    held = json.loads(cli("county", "keys", "--db", str(db), "--format", "json").stdout)
    assert {k["status"] for k in held} == {"unconfirmed"} and len(held) == 3
    # The list as the units handed it over; the third unit's card carries another key.
    lines = (tmp_path / "inbox-keys.csv").read_text().splitlines()
    other = json.loads(cli("key", "show", str(KEY), "--format", "json").stdout)["public_key"]
    third = lines[3].split(",")
    lines[3] = ",".join([third[0], third[1], other, ""])
    cards = tmp_path / "密钥卡清单.csv"
    cards.write_text("\n".join(lines) + "\n")
    (data / "config.json").write_text(json.dumps({"mode": "county"}))

    driver = launch(data)
    try:
        tid(driver, "nav-county-keys").click()
        enter(driver, "key-cards-path", str(cards))
        tid(driver, "key-cards-read").click()
        settle(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="key-cards-table"] tbody tr')) == 3, timeout=30)
        first, second, third_uscc = (l.split(",")[0] for l in lines[1:4])
        assert "一致" in tid(driver, f"key-card-check-{first}").text
        assert "一致" in tid(driver, f"key-card-check-{second}").text
        assert "指纹不同" in tid(driver, f"key-card-check-{third_uscc}").text
        shot(driver, "24-county-key-cards-batch")
        button = tid(driver, "key-cards-register-selected")
        assert "（2）" in button.text, button.text
        button.click()
        settle(driver, lambda d: "已登记 2 个单位" in tid(d, "key-cards-done").text, timeout=30)
    finally:
        driver.quit()
    keys = {k["uscc"]: k["status"] for k in json.loads(cli("county", "keys", "--db", str(db), "--format", "json").stdout)}
    assert keys[first] == keys[second] == "trusted"
    assert keys[third_uscc] == "unconfirmed"


def test_carbon_screen_shows_the_totals_and_a_certificate_changes_them(data, tmp_path):
    # The figures the CLI computes for the same demo report (the core's own, not typed here).
    from decimal import Decimal

    demo = tmp_path / "demo"
    cli("demo", "--out", str(demo))
    computed = json.loads(cli("compute", str(demo / "report-2024.json"), "--prior", str(demo / "report-2023.json"), "--format", "json").stdout)["carbon"]
    total = Decimal(computed["figures"]["total_co2_t"])
    factor = Decimal(computed["figures"]["electricity"]["factor"]["value"])
    driver = launch(data)
    try:
        tid(driver, "mode-enterprise").click()
        tid(driver, "load-demo").click()
        tid(driver, "enterprise-name", timeout=30)  # the demo is open (it opens on 填报进度)
        tid(driver, "nav-carbon").click()
        # The demo 2024 report: CO₂ accounted with the 2022 national grid factor, no warning.
        WebDriverWait(driver, 30).until(lambda d: any(c.isdigit() for c in kpi_total(d)))
        before = kpi_total(driver)
        assert before == grouped(str(total)), (before, total)
        assert not has(driver, "carbon-gaps") and not has(driver, "carbon-fallback")
        assert str(factor.normalize()) in tid(driver, "carbon-grid-factor").text
        in_table = tid(driver, "carbon-total").text
        assert in_table == before, in_table
        shot(driver, "11-carbon")
        # The factor's edition, notice and source on hover.
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(driver).move_to_element(tid(driver, "carbon-grid-factor")).perform()
        tip = WebDriverWait(driver, 10).until(
            lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".sv-pop") if e.is_displayed()]
        )[0]
        assert computed["editions"]["grid"] in tip.text and "公告" in tip.text, tip.text
        shot(driver, "11-carbon-factor-source")
        ActionChains(driver).move_to_element(tid(driver, "carbon-kpis")).perform()
        for w, h in [(1366, 768), (1920, 1080)]:
            driver.set_window_size(w, h)
            time.sleep(0.5)
            shot(driver, f"11-carbon-{w}x{h}")
        driver.set_window_size(1280, 800)

        # A ledger entry of 1 000 certificates, cancelled in the report year, with its voucher.
        tid(driver, "carbon-tab-certificates").click()
        tid(driver, "add-row-carbon.certificates").click()
        fill(driver, "carbon.certificates[0].code", "12345678901234567000000000000001")
        fill(driver, "carbon.certificates[0].code_to", "12345678901234567000000000001000")
        fill(driver, "carbon.certificates[0].quantity", "1000")
        fill(driver, "carbon.certificates[0].production_month", "3")
        choose(driver, "carbon.certificates[0].status", "已核销")
        fill(driver, "carbon.certificates[0].cancelled_on", "2024-12-20").send_keys(Keys.ENTER)
        # Still held back: no voucher yet (the row's 未计入原因, scrolled out of view at the right).
        reasons = "computed.carbon.certificates[0].reasons"
        WebDriverWait(driver, 30).until(lambda d: cell_text(d, reasons) == "无证明材料")
        assert kpi_total(driver) == before

        voucher = tmp_path / "绿证核销凭证.txt"
        voucher.write_text("国家绿证核发交易系统 核销凭证 1000张")
        assert drop_files_on(driver, 'tr[data-row="carbon.certificates[0]"]', [str(voucher)]) == "ok"
        WebDriverWait(driver, 30).until(lambda d: "绿证核销凭证.txt" in row_text(d, "carbon.certificates[0]"))
        WebDriverWait(driver, 30).until(lambda d: cell_text(d, reasons) == "—")
        # 1 000 MWh now at zero instead of the grid factor.
        after = grouped(str((total - 1000 * factor).quantize(Decimal("0.01"))))
        WebDriverWait(driver, 30).until(lambda d: kpi_total(d) == after)
        assert "1000" in tid(driver, "carbon-cert-counts").text
        assert "计入" in tid(driver, "carbon-cert-status-0").text and "证明材料 1 个" in tid(driver, "carbon-cert-status-0").text
        shot(driver, "12-carbon-certificate")
        driver.set_window_size(1366, 768)
        time.sleep(0.5)
        shot(driver, "12-carbon-certificate-1366x768")
        # Emissions by source and the intensities against last year.
        tid(driver, "carbon-tab-charts").click()
        tid(driver, "carbon-chart-sources")
        time.sleep(1.0)  # ECharts draws on the next frames
        shot(driver, "13-carbon-charts-1366x768")

        # In English the ledger's coded cells read in English (the catalog's labels, not a copy).
        en = [b for b in tid(driver, "lang-switch").find_elements(By.CSS_SELECTOR, ".el-radio-button") if b.text.strip() == "EN"][0]
        en.click()
        tid(driver, "carbon-tab-certificates").click()
        WebDriverWait(driver, 30).until(lambda d: "Cancelled" in row_text(d, "carbon.certificates[0]"))
        row = row_text(driver, "carbon.certificates[0]")
        assert "Bought separately" in row and "已核销" not in row and "单独购买" not in row, row
        shot(driver, "12-carbon-certificate-en-1366x768")
    finally:
        driver.quit()


def set_up_office(driver, level, division_code, name_part, screenshot):
    """On the intake set-up screen: choose the level (市级, 省级) and the GB/T 2260 division, wait
    for the office name it fills in, then create the workspace and wait for the level's header."""
    levels = tid(driver, "county-setup-level")
    [b for b in levels.find_elements(By.CSS_SELECTOR, "label") if level in b.text][0].click()
    division = tid(driver, "county-setup-division")
    division.click()
    division.find_element(By.CSS_SELECTOR, "input").send_keys(division_code)
    option = WebDriverWait(driver, 10).until(
        lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if division_code in o.text and o.is_displayed()]
    )[0]
    driver.execute_script("arguments[0].click()", option)
    settle(driver, lambda d: name_part in inner_input(tid(d, "county-setup-name")).get_attribute("value"))
    shot(driver, screenshot)
    tid(driver, "county-setup-create").click()
    settle(driver, lambda d: tid(d, "county-mode-tag").text.strip() == f"{level}汇总", timeout=30)


def test_city_office_takes_two_signed_county_summaries_and_trusts_a_held_office_key(data, tmp_path):
    """A city office (市级) set up in the app takes the signed summaries of two of its counties:
    one county's key trusted on first sight, the other's held; 下级汇总 lists the offices below
    and the totals by office, and trusting the held key after comparing it counts that county."""
    env = {**os.environ, "NENGBAO_PASSPHRASE": "e2e-office-passphrase"}
    inbox = tmp_path / "下级汇总"
    inbox.mkdir()
    counties = [("522601", "凯里市发展和改革局", 3), ("522622", "黄平县发展和改革局", 2)]
    for division, name, n in counties:
        subs = tmp_path / f"subs-{division}"
        cli("county", "generate", "--out", str(subs), "--count", str(n), "--division", division)
        db = tmp_path / f"{division}.db"
        cli("county", "init", "--db", str(db), "--division", division, "--name", name)
        cli("county", "import", "--db", str(db), "--year", "2024", "--trust-new", str(subs))
        key = tmp_path / f"{division}.key"
        subprocess.run([CLI, "key", "new", "--out", str(key)], check=True, capture_output=True, text=True, env=env)
        subprocess.run(
            [CLI, "county", "summary", "--db", str(db), "--year", "2024", "--out", str(tmp_path / f"{division}-汇总.xlsx"), "--sign", "--key", str(key)],
            check=True, capture_output=True, text=True, env=env,
        )
    (data / "config.json").write_text(json.dumps({"mode": "county"}))

    driver = launch(data)
    try:
        # Set-up: level 市级, the prefecture chosen from the GB/T 2260 list.
        set_up_office(driver, "市级", "522600", "黔东南", "25-city-setup")

        def import_one(path, trust_new):
            tid(driver, "nav-county-import").click()
            tid(driver, "county-year-select").click()
            WebDriverWait(driver, 10).until(
                lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if "2024" in o.text and o.is_displayed()]
            )[0].click()
            enter(driver, "county-path", str(path))
            enter(driver, "county-year", "2024")
            box = tid(driver, "county-trust-new")
            checked = "is-checked" in (box.get_attribute("class") or "")
            if checked != trust_new:
                box.click()
            tid(driver, "county-import-start").click()

        # 凯里市's key is taken on first sight, 黄平县's is held for the clerk to compare.
        kaili = inbox / "522601-汇总.xlsx"
        (tmp_path / "522601-汇总.xlsx").rename(kaili)
        import_one(kaili, True)
        settle(driver, lambda d: tid(d, "county-count-accepted").text.strip() == "1", timeout=120)
        huangping = inbox / "522622-汇总.xlsx"
        (tmp_path / "522622-汇总.xlsx").rename(huangping)
        import_one(huangping, False)
        settle(driver, lambda d: tid(d, "county-count-held").text.strip() == "1", timeout=120)

        tid(driver, "nav-county-offices").click()
        held = tid(driver, "office-held-keys", timeout=30)
        assert "黄平县" in held.text
        table = tid(driver, "offices-table")
        settle(driver, lambda d: "凯里市" in table.text and "黄平县" in table.text, timeout=30)
        # Every office of 黔东南州 is listed (16 counties and cities), filed or missing.
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == 16, len(rows)
        # Totals by office: only 凯里市's units count while 黄平县's key is held.
        text_of = lambda d, name: tid(d, name).get_attribute("textContent")
        settle(driver, lambda d: "凯里市" in text_of(d, "offices-totals"), timeout=30)
        assert "黄平县" not in text_of(driver, "offices-totals")
        shot(driver, "26-city-offices-held-key")

        held.find_element(By.CSS_SELECTOR, '[data-testid="office-key-trust"]').click()
        confirm = tid(driver, "office-key-confirm")
        confirm.click()
        settle(driver, lambda d: not has(d, "office-held-keys"), timeout=30)
        settle(driver, lambda d: "黄平县" in text_of(d, "offices-totals"), timeout=30)
        cells = lambda r: [c.get_attribute("textContent").strip() for c in r.find_elements(By.CSS_SELECTOR, "td")]
        units = {cells(r)[0]: cells(r)[1] for r in tid(driver, "offices-totals").find_elements(By.CSS_SELECTOR, "tbody tr")}
        assert any("凯里市" in k and v == "3" for k, v in units.items()), units
        assert any("黄平县" in k and v == "2" for k, v in units.items()), units
        shot(driver, "27-city-offices")
    finally:
        driver.quit()


# ---- the office's shared intake server (PostgreSQL) -------------------------------------------

def pg_workspace(name):
    """A fresh, empty place for an intake workspace on the throw-away PostgreSQL server that
    scripts/with-postgres.sh starts around the e2e run (make e2e does): a schema of its own, and
    the connection string naming it, as an office's administrator would hand it to the clerks."""
    base = os.environ.get("NENGBAO_TEST_PG", "").strip()
    assert base, "NENGBAO_TEST_PG is not set: run the e2e tests inside scripts/with-postgres.sh (make e2e does), which starts a throw-away PostgreSQL server"
    base = base.split("?")[0]
    schema = f"e2e_{name}_{os.getpid()}_{time.time_ns() % 10**9}"
    subprocess.run(["psql", "-X", "-q", base, "-c", f"CREATE SCHEMA {schema}"], check=True, capture_output=True, text=True)
    return f"{base}?options=-csearch_path%3D{schema}"


def signed_office_summary(tmp_path, env, level, division, name, inputs, out):
    """An office set up with the CLI: takes `inputs` (trusting keys seen first), signs its
    summary of 2024 with a new key of its own into `out`."""
    db = tmp_path / f"{division}.db"
    cli("county", "init", "--db", str(db), "--division", division, "--name", name, "--level", level)
    cli("county", "import", "--db", str(db), "--year", "2024", "--trust-new", *map(str, inputs))
    key = tmp_path / f"{division}.key"
    subprocess.run([CLI, "key", "new", "--out", str(key)], check=True, capture_output=True, text=True, env=env)
    subprocess.run(
        [CLI, "county", "summary", "--db", str(db), "--year", "2024", "--out", str(out), "--sign", "--key", str(key)],
        check=True, capture_output=True, text=True, env=env,
    )


def test_province_office_on_the_shared_server_takes_two_city_summaries_and_signs_its_own(data, tmp_path):
    """A province office (省级) keeps its workspace on the office's PostgreSQL server: the clerk
    connects to it on the set-up screen (共享汇总服务器), sets up 贵州省 there, takes the signed
    summaries of two cities (each made from a county's signed summary), reads the totals by
    city, and signs the province's own summary in the app; the CLI checks that file."""
    env = {**os.environ, "NENGBAO_PASSPHRASE": "e2e-office-passphrase"}
    server = pg_workspace("province")
    inbox = tmp_path / "市级汇总"
    inbox.mkdir()
    chain = [  # county → city: (county, county office, units), (city, city office)
        (("522601", "凯里市发展和改革局", 3), ("522600", "黔东南州发展和改革委员会")),
        (("520102", "南明区发展和改革局", 2), ("520100", "贵阳市发展和改革委员会")),
    ]
    for (county, county_name, n), (city, city_name) in chain:
        subs = tmp_path / f"subs-{county}"
        cli("county", "generate", "--out", str(subs), "--count", str(n), "--division", county)
        county_summary = tmp_path / f"{county}-汇总.xlsx"
        signed_office_summary(tmp_path, env, "county", county, county_name, [subs], county_summary)
        signed_office_summary(tmp_path, env, "city", city, city_name, [county_summary], inbox / f"{city}-汇总.xlsx")
    office_key = tmp_path / "520000.key"
    subprocess.run([CLI, "key", "new", "--out", str(office_key)], check=True, capture_output=True, text=True, env=env)
    (data / "config.json").write_text(json.dumps({"mode": "county"}))

    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        # The set-up screen: connect to the office's server first; it holds no workspace yet.
        enter(driver, "county-setup-server", server)
        tid(driver, "county-setup-connect").click()
        settle(driver, lambda d: "服务器" in tid(d, "county-setup-where").text and "建在服务器上" in tid(d, "county-setup-where").text, timeout=30)
        set_up_office(driver, "省级", "520000", "贵州", "30-province-setup-on-server-1366")

        # Both cities' summaries in one go, their keys trusted on first sight.
        tid(driver, "nav-county-import").click()
        tid(driver, "county-year-select").click()
        WebDriverWait(driver, 10).until(
            lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if "2024" in o.text and o.is_displayed()]
        )[0].click()
        enter(driver, "county-path", str(inbox))
        enter(driver, "county-year", "2024")
        tid(driver, "county-trust-new").click()
        tid(driver, "county-import-start").click()
        settle(driver, lambda d: tid(d, "county-count-accepted").text.strip() == "2", timeout=120)
        shot(driver, "31-province-import-1366")

        # 下级汇总: the prefectures of 贵州, the two cities filed; totals by city.
        tid(driver, "nav-county-offices").click()
        table = tid(driver, "offices-table")
        settle(driver, lambda d: "黔东南州" in table.text and "贵阳市" in table.text, timeout=30)
        text_of = lambda d, name: tid(d, name).get_attribute("textContent")
        settle(driver, lambda d: "贵阳市" in text_of(d, "offices-totals") and "黔东南州" in text_of(d, "offices-totals"), timeout=30)
        cells = lambda r: [c.get_attribute("textContent").strip() for c in r.find_elements(By.CSS_SELECTOR, "td")]
        units = {cells(r)[0]: cells(r)[1] for r in tid(driver, "offices-totals").find_elements(By.CSS_SELECTOR, "tbody tr")}
        assert any("黔东南州" in k and v == "3" for k, v in units.items()), units
        assert any("贵阳市" in k and v == "2" for k, v in units.items()), units
        assert not has(driver, "offices-findings"), "both summaries re-check clean"
        shot(driver, "32-province-offices-1366")

        # 签名汇总 from the totals screen, with the province office's own key.
        out = tmp_path / "贵州省-2024-签名汇总.xlsx"
        tid(driver, "nav-county-totals").click()
        tid(driver, "county-figures", timeout=30)
        tid(driver, "county-summary-sign").click()
        # The key and where to save, typed as paths (the native file dialogs cannot be driven
        # under Xvfb); the save path is offered in the documents folder first.
        settle(driver, lambda d: inner_input(tid(d, "sign-summary-out")).get_attribute("value").endswith(".xlsx"))
        enter(driver, "sign-summary-key", str(office_key))
        enter(driver, "sign-summary-passphrase", "e2e-office-passphrase")
        enter(driver, "sign-summary-out", str(out))
        shot(driver, "33-province-sign-dialog-1366")
        tid(driver, "sign-summary-go").click()
        settle(driver, lambda d: out.exists() and not [e for e in d.find_elements(By.CSS_SELECTOR, '[data-testid="sign-summary-dialog"]') if e.is_displayed()], timeout=60)
        shot(driver, "34-province-signed-1366")
    finally:
        shot(driver, "province-last")
        driver.quit()

    # The workspace is on the server: the CLI reads the same offices and totals there.
    offices = json.loads(cli("county", "offices", "--db", server, "--year", "2024", "--format", "json").stdout)
    assert {o["division"] for o in offices["offices"] if o["status"] != "missing"} == {"522600", "520100"}, offices
    # The signed file: the office's signature and every part check out, it counts the 5 units,
    # and the server's audit log still holds the head the file recorded.
    verified = cli("verify", str(out), "--format", "json", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    v = json.loads(verified.stdout)
    key = json.loads(cli("key", "show", str(office_key), "--format", "json").stdout)
    assert v["status"] == "valid" and v["fingerprint"] == key["fingerprint"], v
    assert (v["office"]["division"], v["office"]["level"], v["units"]) == ("520000", "province", 5), v
    anchored = cli("audit", "verify", "--db", server, "--against", str(out), check=False)
    assert anchored.returncode == 0, anchored.stdout + anchored.stderr


def test_a_clerks_screen_shows_what_another_clerk_imports_into_the_shared_server(data, tmp_path):
    """Two clerks share the office's server: one has the app open on 报送名单, then on 导入记录;
    the other imports with the CLI; each screen shows the new file without a refresh click."""
    server = pg_workspace("clerks")
    inbox = tmp_path / "inbox"
    cli("county", "generate", "--out", str(inbox), "--count", "2")
    files = sorted(inbox.iterdir())
    keys = [line.split(",") for line in (tmp_path / "inbox-keys.csv").read_text().splitlines()[1:]]
    cli("county", "init", "--db", server, "--division", "522601", "--name", "凯里市发展和改革局")
    roster = tmp_path / "roster.csv"
    roster.write_text("统一社会信用代码,单位名称,类别\n" + "".join(f"{k[0]},{k[1]},≥10000\n" for k in keys))
    cli("county", "roster", "--db", server, "--year", "2024", "--import", str(roster))
    (data / "config.json").write_text(json.dumps({"mode": "county", "settings": {"county_server": server}}))

    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        settle(driver, lambda d: tid(d, "county-mode-tag").text.strip() == "县级汇总", timeout=30)
        tid(driver, "county-year-select").click()
        WebDriverWait(driver, 10).until(
            lambda d: [o for o in d.find_elements(By.CSS_SELECTOR, ".el-select-dropdown__item") if "2024" in o.text and o.is_displayed()]
        )[0].click()
        tid(driver, "nav-county-roster").click()
        settle(driver, lambda d: tid(d, "roster-count-missing").text.strip() == "2", timeout=30)

        # The other clerk imports the first unit's file.
        cli("county", "import", "--db", server, "--year", "2024", "--trust-new", str(files[0]))
        settle(driver, lambda d: tid(d, "roster-count-missing").text.strip() == "1", timeout=30)
        assert tid(driver, "roster-count-late").text.strip() == "1"
        shot(driver, "35-roster-after-another-clerk-1366")

        # On 导入记录, the other clerk's next run and its file appear by themselves.
        tid(driver, "nav-county-log").click()
        settle(driver, lambda d: len(tid(d, "log-runs").find_elements(By.CSS_SELECTOR, "tbody tr")) == 1, timeout=30)
        settle(driver, lambda d: files[0].name in tid(d, "log-entries").text, timeout=30)
        cli("county", "import", "--db", server, "--year", "2024", "--trust-new", str(files[1]))
        settle(driver, lambda d: len(tid(d, "log-runs").find_elements(By.CSS_SELECTOR, "tbody tr")) == 2, timeout=30)
        driver.execute_script("arguments[0].click()", tid(driver, "log-runs").find_elements(By.CSS_SELECTOR, "tbody tr")[0])
        settle(driver, lambda d: files[1].name in tid(d, "log-entries").text, timeout=30)
        shot(driver, "36-log-after-another-clerk-1366")
    finally:
        shot(driver, "clerks-last")
        driver.quit()


def test_print_preview_of_the_signed_demo_shows_the_digest_verify_gives(data, tmp_path):
    """Sign the demo, open 打印预览 at 1366×768: the copy is made from the signed file, and the
    digest it shows (and prints on every page) is the one `nengbao verify` gives."""
    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        tid(driver, "mode-enterprise").click()
        tid(driver, "load-demo").click()
        tid(driver, "nav-info")
        tid(driver, "nav-export").click()
        out = tmp_path / "signed.xlsx"
        enter(driver, "export-key-path", str(KEY))
        enter(driver, "export-passphrase", "test-passphrase")
        enter(driver, "export-out-path", str(out))
        tid(driver, "export-submit").click()
        tid(driver, "export-result", timeout=120)
        tid(driver, "export-print", timeout=30).click()
        shown = tid(driver, "print-digest", timeout=120).text.strip()
        fingerprint = tid(driver, "print-fingerprint").text.strip()

        verified = json.loads(cli("verify", str(out), "--format", "json").stdout)
        assert verified["status"] == "valid"
        assert shown == verified["digest"], (shown, verified["digest"])
        assert fingerprint == verified["fingerprint"]
        text = cli("verify", str(out)).stdout
        assert f"数据摘要（SM3）：{shown}" in text, text

        # The pages inside the preview: every one carries the digest, the fingerprint and a QR code.
        frame = tid(driver, "print-frame")
        driver.switch_to.frame(frame)
        pages = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "section.page"))
        assert len(pages) > 10
        grouped_digest = " ".join(shown[i:i + 4] for i in range(0, len(shown), 4))
        for p in pages:
            html = p.get_attribute("innerHTML")
            assert grouped_digest in html and fingerprint in html and "<svg" in html
        assert driver.find_element(By.ID, "print-digest").text.strip() == shown
        driver.switch_to.default_content()
        shot(driver, "40-print-preview-cover")

        # The bottom of the cover (the stamp box and page 1/n), a table page (表2) and the widest
        # table (减排表1, 28 columns), each scrolled into view inside the preview.
        for name, js in [
            ("41-print-preview-cover-bottom", "document.querySelector('section.page .foot').scrollIntoView(false)"),
            ("42-print-preview-table2", "document.querySelectorAll('section.page')[3].scrollIntoView()"),
            ("43-print-preview-wide-table", "[...document.querySelectorAll('section.page')].find(p => p.querySelector('h1').textContent.startsWith('减排表1')).scrollIntoView()"),
        ]:
            driver.switch_to.frame(tid(driver, "print-frame"))
            driver.execute_script(js)
            driver.switch_to.default_content()
            shot(driver, name)
    finally:
        driver.quit()


def test_county_finds_a_file_by_the_digest_or_qr_code_of_its_paper_copy(data, tmp_path):
    """The clerk scans the QR code of a unit's paper copy (or types the digest's first digits)
    into 按摘要查找 and finds the submission it was printed from."""
    inbox = tmp_path / "inbox"
    cli("county", "generate", "--out", str(inbox), "--count", "3")
    db = data / "county-dev.db"
    cli("county", "init", "--db", str(db), "--division", "522601", "--name", "凯里市发展和改革局")
    cli("county", "import", str(inbox), "--db", str(db), "--trust-new")
    signed = sorted(inbox.glob("*.xlsx"))[1]
    copy = tmp_path / "copy.html"
    cli("print", str(signed), "--out", str(copy))
    v = json.loads(cli("verify", str(signed), "--format", "json").stdout)
    qr = f"NENGBAO-SUB:1:{v['uscc']}:{v['year']}:{v['digest']}:{v['fingerprint'].replace(' ', '')}"
    assert f'title="{qr}"' in copy.read_text(), "the printed copy's QR code holds this text"
    (data / "config.json").write_text(json.dumps({"mode": "county"}))

    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        tid(driver, "nav-county-log").click()
        box = inner_input(tid(driver, "digest-find-input"))
        type_into(box, qr)
        tid(driver, "digest-find-go").click()
        found = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="digest-find-digest"]'))
        assert [f.text.strip() for f in found] == [v["digest"]]
        assert signed.name in tid(driver, "digest-find-results").text
        shot(driver, "44-county-find-by-qr")

        # The first digits as read off the paper, in groups of four and upper case.
        type_into(box, f"{v['digest'][:4].upper()} {v['digest'][4:8].upper()}")
        tid(driver, "digest-find-go").click()
        WebDriverWait(driver, 30).until(lambda d: v["digest"] in tid(d, "digest-find-results").text)
        # Too few digits: said what to type.
        type_into(box, "9f")
        tid(driver, "digest-find-go").click()
        assert "至少6位" in tid(driver, "digest-find-error").text
    finally:
        driver.quit()


def _inline_cell(xml, ref, text):
    """Replaces the cell `ref` of a sheet part with typed text, keeping its style."""
    import re

    m = re.search(r'<c r="%s"( s="\d+")?[^>]*?(/>|>.*?</c>)' % ref, xml)
    assert m, ref
    return xml[: m.start()] + f'<c r="{ref}"{m.group(1) or ""} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>' + xml[m.end() :]


def workbook_with_human_mistakes(tmp_path):
    """A draft of the demo 2024 report as a person fills it in Excel: a trailing space after the
    credit code, the year as 2024年, 原煤's code as 1, a full-width 期初库存量 (１２０００), a
    消费量 with a thousands separator (135,500), and the sheet 表6 renamed 计量器具."""
    demo = tmp_path / "demo"
    cli("demo", "--out", str(demo))
    draft = tmp_path / "draft.xlsx"
    cli("export", "--draft", "--out", str(draft), str(demo / "report-2024.json"))
    out = tmp_path / "手填的报表.xlsx"
    with zipfile.ZipFile(draft) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = data.decode().replace(f"<t>{DEMO_USCC}</t>", f'<t xml:space="preserve">{DEMO_USCC} </t>').encode()
            elif item.filename == "xl/worksheets/sheet2.xml":  # 表1 (after the cover)
                data = _inline_cell(data.decode(), "B3", "2024年").encode()
            elif item.filename == "xl/worksheets/sheet3.xml":  # 表2
                x = data.decode()
                for ref, text in [("C6", "1"), ("D6", "１２０００"), ("G6", "135,500")]:
                    x = _inline_cell(x, ref, text)
                data = x.encode()
            elif item.filename == "xl/workbook.xml":
                data = data.decode().replace("表6 能源计量器具", "计量器具").encode()
            zout.writestr(item, data)
    return out


def test_an_excel_import_with_human_mistakes_says_what_it_read_and_saves(data, tmp_path):
    """Each mistake is read as meant and said with the value as typed and its cell; the renamed
    sheet is named as not read (not an empty table); after 载入 the notes stay beside the report,
    which is saved with the figures as meant."""
    workbook = workbook_with_human_mistakes(tmp_path)
    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        tid(driver, "mode-enterprise").click()
        tid(driver, "template-save")
        tid(driver, "nav-import").click()
        enter(driver, "import-path", str(workbook))
        tid(driver, "import-read").click()
        tid(driver, "import-result", timeout=30)
        settle(driver, lambda d: "首尾有空格" in tid(d, "import-result").get_attribute("textContent"), timeout=30)
        text = tid(driver, "import-result").get_attribute("textContent")
        for seen in ["“2024年”", "“1”按代码01", "“１２０００”含全角数字", "“135,500”含千位分隔符", "缺少工作表“表6 能源计量器具”"]:
            assert seen in text, (seen, text)
        assert tid(driver, "import-result").find_element(By.CSS_SELECTOR, ".card-head-row .mono").get_attribute("textContent") == DEMO_USCC
        shot(driver, "30-import-human-mistakes-read")
        tid(driver, "import-load").click()
        notes = tid(driver, "import-notes", timeout=30).get_attribute("textContent")
        for cell in ["表1 基本情况!B3", "表1 基本情况!B4", "表2 能源消费结构!C6", "表2 能源消费结构!D6", "表2 能源消费结构!G6"]:
            assert cell in notes, (cell, notes)
        WebDriverWait(driver, 30).until(lambda d: "已保存" in tid(d, "save-status").text)
        shot(driver, "31-import-human-mistakes-loaded")
    finally:
        driver.quit()
    rows = reports(data)
    assert [(r["uscc"], r["year"]) for r in rows] == [(DEMO_USCC, 2024)], rows
    saved = json.loads(cli("report", "show", "--db", str(data / "workspace-dev.db"), "--uscc", DEMO_USCC, "--year", "2024").stdout)
    coal = saved["energy"][0]
    assert (coal["code"], coal["opening_stock"], coal["consumed_total"]) == ("01", "12000.0000", "135500.0000"), coal
    assert saved["metering"]["rows"] == [], "the renamed sheet was not read"


def test_a_county_file_rejected_for_the_year_is_taken_after_the_year_is_fixed(data, tmp_path):
    """The clerk imports 2024 files with the year set to 2023: both are rejected for the year,
    with the reason on each; with the year set to 2024, 重新处理 takes both from the kept bytes
    (the clerk does not find the files again)."""
    inbox = tmp_path / "inbox"
    cli("county", "generate", "--out", str(inbox), "--count", "2")
    db = data / "county-dev.db"
    cli("county", "init", "--db", str(db), "--division", "522601", "--name", "凯里市发展和改革局")
    (data / "config.json").write_text(json.dumps({"mode": "county"}))
    driver = launch(data)
    try:
        driver.set_window_size(1366, 768)
        tid(driver, "nav-county-import").click()
        enter(driver, "county-path", str(inbox))
        year = inner_input(tid(driver, "county-year"))
        type_into(year, "2023")
        tid(driver, "county-trust-new").click()
        tid(driver, "county-import-start").click()
        WebDriverWait(driver, 120).until(lambda d: tid(d, "county-count-rejected").text.strip() == "2")
        assert tid(driver, "county-count-accepted").text.strip() == "0"
        results = tid(driver, "county-results").get_attribute("textContent")
        assert results.count("报告年度为2024年，本次只接收2023年的报告") == 2, results
        shot(driver, "32-county-rejected-for-the-year")
        type_into(year, "2024")
        tid(driver, "county-reprocess-all").click()
        WebDriverWait(driver, 120).until(lambda d: tid(d, "county-count-accepted").text.strip() == "2")
        assert tid(driver, "county-count-rejected").text.strip() == "0"
        shot(driver, "33-county-reprocessed-after-the-year")
    finally:
        driver.quit()
    # Both units' keys came with their files (trusted on first sight, as the clerk chose).
    keys = json.loads(cli("county", "keys", "--db", str(db), "--format", "json").stdout)
    assert sorted(k["status"] for k in keys) == ["trusted", "trusted"], keys
