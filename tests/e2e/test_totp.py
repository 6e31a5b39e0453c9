"""A secretary sets up an authenticator app in the browser, then signs in again with a code.

The test plays the phone: it reads the QR code off the page (zbarimg), takes the secret from the
otpauth:// address, and computes the codes with tanzim.access.totp.
"""

from __future__ import annotations

import re
import subprocess
import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tanzim.access import totp
from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_enrols_an_app_and_signs_in_with_a_code(page, base_url, login, screenshot):
    login("najjari")
    page.locator("header.topbar .account").get_by_role("link", name="najjari").click()
    expect(page).to_have_url(f"{base_url}/accounts/security/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("main a.button").click()
    expect(page).to_have_url(f"{base_url}/accounts/security/enrol/")

    # The phone scans the QR code: decode it from the page, as an app would.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qr_png = SCREENSHOTS / "test_secretary_enrols_an_app_and_signs_in_with_a_code--qr.png"
    page.locator("#totp-qr svg").screenshot(path=str(qr_png))
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(qr_png)], capture_output=True, text=True, check=True
    )
    address = urlparse(decoded.stdout.strip())
    assert (address.scheme, address.netloc, address.path) == ("otpauth", "totp", "/Tanzim:najjari")
    secret = parse_qs(address.query)["secret"][0]
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret  # the same key as text
    screenshot("enrol")

    page.fill("#id_code", totp.code_at(secret))
    page.locator("main form").get_by_role("button").click()
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", text) for text in codes.all_inner_texts())
    screenshot("recovery-codes")
    page.locator("main a.button").click()
    expect(page).to_have_url(f"{base_url}/")

    page.locator("header.topbar .account").get_by_role("button").last.click()  # log out
    expect(page.locator('header.topbar a[href="/accounts/login/"]')).to_be_visible()

    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", "najjari")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(f"{base_url}/accounts/login/code/")
    expect(page.locator("h1")).to_be_visible()

    # The enrolment's code is spent: a replay is refused and nothing opens.
    page.fill("#id_code", totp.code_at(secret))
    page.locator("main form").get_by_role("button").click()
    expect(page.locator("main .errors")).to_be_visible()
    expect(page).to_have_url(f"{base_url}/accounts/login/code/")
    screenshot("replay-refused")

    # The next code (one step ahead, inside the ±1 window) opens the session.
    page.fill("#id_code", totp.code_at(secret, time.time() + totp.STEP_SECONDS))
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("header.topbar .account").get_by_role("link", name="najjari")).to_be_visible()
    screenshot()
