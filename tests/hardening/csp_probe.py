"""Visit pages in Debian's chromium and report every CSP violation and script error, as JSON on stdout.

Run as a separate process by test_csp_browser.py: Playwright's sync API allows one instance per thread, and the
browser journeys in tests/browser keep theirs open for the whole session.

Input (argv[1], JSON): {"public": [urls], "admin": {"login": url, "user": .., "password": .., "pages": [urls],
"change": url, "changelist": url, "title": ..}}
"""
from __future__ import annotations

import json
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile
                           + ':' + e.lineNumber);
});
"""


def main(plan: dict) -> dict:
    result: dict = {"problems": [], "facts": {}}
    problems = result["problems"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                     "--no-first-run", "--disable-sync"])
        context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("console", lambda m: problems.append(f"console: {m.text}")
                if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text) else None)
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))

        def visit(url: str) -> None:
            response = page.goto(url)
            if response is None or response.status >= 400:
                problems.append(f"{url}: status {response and response.status}")
                return
            if "unsafe-inline" in response.headers.get("content-security-policy", "unsafe-inline"):
                problems.append(f"{url}: no CSP, or one with unsafe-inline")
            page.wait_for_load_state("networkidle")
            problems.extend(f"{url}: {v}" for v in page.evaluate("window.__violations"))

        for url in plan.get("public", []):
            visit(url)
        if plan.get("public"):
            # The detector itself: an injected inline script must be blocked and reported (then not counted).
            checked = len(problems)
            page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                          " document.body.appendChild(s); }")
            page.wait_for_timeout(300)
            result["facts"]["injected_ran"] = page.evaluate("window.injected") is not None
            result["facts"]["injected_reported"] = any(
                "script-src" in v for v in page.evaluate("window.__violations"))
            result["facts"]["injected_logged"] = any("Content Security Policy" in m for m in problems[checked:])
            del problems[checked:]

        admin = plan.get("admin")
        if admin:
            visit(admin["login"])
            page.fill("#id_username", admin["user"])
            page.fill("#id_password", admin["password"])
            page.click("input[type=submit]")
            page.wait_for_load_state("networkidle")
            result["facts"]["logged_in"] = page.locator("#user-tools").count() > 0
            for url in admin["pages"]:
                visit(url)
            visit(admin["change"])
            page.fill("#id_title", admin["title"])
            page.click("input[name=_save]")
            page.wait_for_load_state("networkidle")
            result["facts"]["save_errors"] = page.locator(".errornote, .errorlist").all_inner_texts()
            problems.extend(page.evaluate("window.__violations"))
            # inlines.js builds the "add another" link and the new row: both prove the admin's scripts ran.
            visit(admin["change"])
            group = page.locator("#organization_links-group")
            rows = group.locator("tr.form-row:not(.empty-form)")
            before = rows.count()
            link = group.locator(".add-row a")
            result["facts"]["add_row_link"] = link.count() == 1
            if link.count():
                link.click()
            result["facts"]["rows_added"] = rows.count() - before
            problems.extend(page.evaluate("window.__violations"))
        context.close()
        browser.close()
    return result


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1])), ensure_ascii=False))
