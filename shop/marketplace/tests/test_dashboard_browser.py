"""In Chromium: the admin opens the studio on the demo marketplace's six months and sees the Marketplace
dashboard drawn: every chart a Chart.js chart on a canvas of real size, the headline gross sales the
API's, no script refused by the admin's Content-Security-Policy, and the period picker redrawing by month.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from artiqo.demo import content
from artiqo.testing import api_as
from shop.marketplace import figures
from shop.marketplace.studio.dashboard_charts import CHARTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = [name for name, spec in CHARTS.items() if spec.draw]

CHART_STATE = """(name) => {
    const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
    const chart = window.Chart && window.Chart.getChart(canvas);
    const table = document.querySelector(`details[data-chart-table="${name}"]`);
    return {
        drawn: Boolean(chart),
        width: canvas.getBoundingClientRect().width,
        height: canvas.getBoundingClientRect().height,
        points: chart ? chart.data.labels.length : 0,
        tableOpen: table.open,
    };
}"""


def log_in_as_admin(page, base_url):
    page.goto(base_url + "/cms/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(content.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/cms/")


def api_gross_sales(admin, period: str) -> Decimal:
    response = api_as(admin).get(f"/api/v1/dashboard/?period={period}")
    assert response.status_code == 200, response.content
    return Decimal(str(response.json()["gross_sales"]))


def test_the_admin_opens_the_studio_on_the_drawn_marketplace_dashboard(live_server, page, demo_history):
    admin = get_user_model().objects.get(username="admin")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    log_in_as_admin(page, live_server.url)

    expect(page.locator("#marketplace-dashboard-section")).to_be_visible()
    for name in DRAWN:
        canvas = page.locator(f'canvas[data-chart="{name}"]')
        expect(canvas).to_have_attribute("data-drawn", "true")
        state = page.evaluate(CHART_STATE, name)
        assert state["drawn"] and state["width"] > 100 and state["height"] > 100, (name, state)
        assert state["tableOpen"] is False, "the table folds away once its chart is drawn"
    assert page.evaluate(CHART_STATE, "gross-sales")["points"] == 30, "a point a day"

    shown = Decimal(page.locator("#headline-gross_sales").get_attribute("data-value"))
    assert shown == api_gross_sales(admin, "30d") == figures.headline(figures.Period.last_days(30))["gross_sales"]
    assert shown > 0, "the demo sold in the last 30 days"
    expect(page.locator("#headline-gross_sales")).to_contain_text(f"£{shown:,}")
    expect(page.locator("#headline-gross_sales .dashboard-change")).to_contain_text("previous period")

    # Twelve months: the picker is a plain GET form, the charts come back by month.
    page.locator("#dashboard-period").select_option("12m")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/cms/?period=12m*")
    expect(page.locator('canvas[data-chart="gross-sales"]')).to_have_attribute("data-drawn", "true")
    assert page.evaluate(CHART_STATE, "gross-sales")["points"] == 12, "a point a month"
    shown_year = Decimal(page.locator("#headline-gross_sales").get_attribute("data-value"))
    assert shown_year == api_gross_sales(admin, "12m") and shown_year >= shown

    # A chart's data as CSV, from the link under it, in the same period.
    with page.expect_download() as download:
        page.locator("#chart-gross-sales").get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("artiqo-gross-sales-")
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "period,gross_sales,currency" and len(lines) == 1 + 12
    assert sum(Decimal(line.split(",")[1]) for line in lines[1:]) == shown_year

    # A custom period: typing its days chooses "Custom" in the picker; 60 days are charted by day.
    start, end = figures.Period.last_days(60).start, figures.Period.last_days(60).end
    page.locator("#dashboard-from").fill(start.isoformat())
    page.locator("#dashboard-to").fill(end.isoformat())
    expect(page.locator("#dashboard-period")).to_have_value("custom")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/cms/?period=custom*")
    expect(page.locator('canvas[data-chart="gross-sales"]')).to_have_attribute("data-drawn", "true")
    assert page.evaluate(CHART_STATE, "gross-sales")["points"] == 60
    shown_custom = Decimal(page.locator("#headline-gross_sales").get_attribute("data-value"))
    api = api_as(admin).get(f"/api/v1/dashboard/?from={start}&to={end}").json()
    assert shown_custom == Decimal(str(api["gross_sales"]))

    # No script error, nothing refused by the admin's CSP (Wagtail's upgrade check is off in settings).
    assert problems == []
