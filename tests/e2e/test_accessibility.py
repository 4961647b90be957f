"""Accessibility basics, as axe checks them, computed in the page by the browser: every visible form field has an
accessible name (a label, ``aria-label`` or ``aria-labelledby``, or a title), and every visible text has a contrast
of at least 4.5:1 against the background it is drawn on (3:1 for large text; icon-font glyphs are not text), on
the home page with work waiting
and on a step form (the candidate picker's listing step). Screenshots: ``test-artifacts/a11y-*.png``."""

import pytest

from tests.appointment.conftest import make_eligible
from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

from .conftest import ARTIFACTS
from .test_appointment_e2e import _media  # noqa: F401  (autouse fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

AUDIT = """
() => {
  const shown = (el) => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const text = (id) => { const el = document.getElementById(id); return el ? el.textContent.trim() : ""; };
  const unlabelled = [];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(el.type) || !shown(el)) continue;
    const name = (el.getAttribute("aria-label") || "").trim()
      || (el.getAttribute("aria-labelledby") || "").split(/\\s+/).map(text).join(" ").trim()
      || [...(el.labels || [])].map((l) => l.textContent.trim()).join(" ").trim()
      || (el.getAttribute("title") || "").trim();
    if (!name) unlabelled.push(el.outerHTML.slice(0, 160));
  }
  const rgba = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const lowContrast = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el) || !shown(el)) continue;
    seen.add(el);
    if (el.closest("[disabled], [aria-disabled=true], script, style, noscript, svg")) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.opacity) === 0) continue;
    // an icon font's ligature ("folder_shared") is a decorative glyph beside its label, not text
    if (/material icons/i.test(style.fontFamily) || el.closest(".material-icons")) continue;
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      lowContrast.push(`${ratio.toFixed(2)} ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}): ` + node.textContent.trim().slice(0, 60));
    }
  }
  return {unlabelled, lowContrast};
}
"""


def audit(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"a11y-{name}.png", full_page=True)
    found = page.evaluate(AUDIT)
    assert found["unlabelled"] == [], (name, found["unlabelled"])
    assert found["lowContrast"] == [], (name, "\n".join(found["lowContrast"]))


def test_the_home_page_and_a_step_form_have_labels_and_contrast(
    page, log_in, client_for, leader_a, reviewer, unit_a
):
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1)
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        make_eligible(unit_a, position, full_name=name)
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    claim_and_execute(client_for(reviewer), process, AppointmentFlow.policy_review, {"decision": "approved"})

    log_in(page, reviewer)
    page.wait_for_selector("#my-work")
    audit(page, "home-board")

    page.click("#my-work a.cf-work-link")
    page.wait_for_url(lambda url: "/assign/" in url or "/execute/" in url)
    if "/assign/" in page.url:
        page.click("form.vf-form button[name=_continue]")
        page.wait_for_url(lambda url: "/execute/" in url)
    page.wait_for_selector("[data-cf-picker]")
    audit(page, "step-candidate-listing")
