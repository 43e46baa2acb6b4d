"""In Chromium: maya opens her studio on the demo marketplace and its six months of orders, and her home
shows her month's money as `artist_figures` has it, with the 90-day chart drawn from our own Chart.js.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from artiqo.demo import content
from artists.models import Artist
from shop.marketplace.figures import artist_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_maya(page, base_url):
    page.goto(base_url + "/cms/login/")
    page.locator("#id_username").fill("maya")
    page.locator("#id_password").fill(content.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/cms/")


def test_maya_opens_her_studio_on_her_figures_and_the_chart_draws_them(live_server, page, demo_history):
    maya = Artist.objects.get(user__username="maya")
    figures = artist_figures(maya)
    assert sum(day["sales"] for day in figures["series_90d"]) > 0, "the demo gives maya sales to chart"
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    log_in_as_maya(page, live_server.url)

    sales = page.locator("#month-sales dd")
    expect(sales).to_have_attribute("data-amount", str(figures["month_sales"]))
    assert Decimal(sales.get_attribute("data-amount")) == figures["month_sales"]
    expect(page.locator("#month-earnings dd")).to_have_attribute("data-amount", str(figures["month_earnings"]))
    expect(page.locator("#to-ship-count")).to_have_attribute("data-count", str(figures["lines_to_ship_count"]))
    expect(page.locator("#commissions-awaiting-section [data-awaiting]")).to_have_text(
        str(figures["commissions_awaiting"])
    )

    canvas = page.locator("#artist-money-chart")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById("artist-money-chart"));
            return chart && {
                labels: chart.data.labels.length,
                series: chart.data.datasets.map((set) => ({label: set.label, data: set.data, dash: set.borderDash})),
                width: chart.width,
            };
        }"""
    )
    assert chart is not None, "no Chart instance on the canvas"
    assert chart["labels"] == 90 and chart["width"] > 0
    [sales_line, earnings_line] = chart["series"]
    assert sales_line["dash"] == [] and earnings_line["dash"], "sales solid, earnings dashed"
    assert [Decimal(str(value)) for value in sales_line["data"]] == [day["sales"] for day in figures["series_90d"]]
    assert [Decimal(str(value)) for value in earnings_line["data"]] == [
        day["earnings"] for day in figures["series_90d"]
    ]

    page.locator("#artist-money-table summary").click()
    expect(page.locator("#artist-money-table tbody tr")).to_have_count(90)
    assert problems == [], problems
