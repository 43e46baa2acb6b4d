"""The Fees page states the marketplace's current terms, read from its settings at the moment it is shown."""

import re
from decimal import Decimal

import pytest
from django.test import override_settings

from home.models import StandardPage, percent
from shop.marketplace import terms

pytestmark = pytest.mark.django_db

# Terms no one would type by hand, so every figure on the page can be traced to one of them.
UNUSUAL = {
    "default_fee_rate": Decimal("0.1234"),
    "minimum_fee": Decimal("0.61"),
    "featuring_fee": Decimal("6.40"),
    "featuring_days": 9,
    "payout_hold_days": 17,
    "minimum_payout": Decimal("23.50"),
}


def fees_article(client) -> str:
    """The page's own words (title, intro, body), as text: no header, footer or markup."""
    response = client.get("/fees/")
    assert response.status_code == 200
    html = response.content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


@pytest.fixture
def demo_admin(demo_marketplace, django_user_model):
    return django_user_model.objects.get(username="admin")


def test_the_fees_page_shows_the_default_terms(client, demo_marketplace):
    text = fees_article(client)

    assert "Current fees" in text
    assert "15% of its price, at least £0.50 per order line" in text
    assert "£5.00 for 7 days" in text
    assert "14 days after the buyer receives the work" in text
    assert "£20.00; smaller balances wait" in text


def test_a_change_of_the_settings_shows_on_the_fees_page_at_once(client, demo_admin):
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300):  # as in production: cached pages stay correct
        assert "15%" in fees_article(client)

        terms.update_settings(user=demo_admin, default_fee_rate=Decimal("0.12"))

        text = fees_article(client)
    assert "12% of its price" in text and "15%" not in text


def test_every_figure_on_the_fees_page_comes_from_the_settings(client, demo_admin):
    terms.update_settings(user=demo_admin, **UNUSUAL)

    text = fees_article(client)

    figures = set(re.findall(r"\d+(?:\.\d+)?", text))
    assert figures == {"12.34", "0.61", "6.40", "9", "17", "23.50"}, text
    assert "12.34% of its price, at least £0.61" in text and "£6.40 for 9 days" in text


def test_the_footer_links_to_the_fees_page(client, demo_marketplace):
    fees = StandardPage.objects.get(slug="fees")
    assert fees.live and fees.show_in_menus

    assert f'<a href="{fees.url}">Fees</a>' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("rate", "shown"),
    [("0.15", "15"), ("0.125", "12.5"), ("0.1", "10"), ("0", "0"), ("0.9999", "99.99"), ("0.0050", "0.5")],
)
def test_a_fee_rate_reads_as_a_percentage(rate, shown):
    assert percent(Decimal(rate)) == shown


def test_an_admin_edits_the_fees_page_with_its_current_fees_block_in_the_studio(client, demo_admin):
    fees = StandardPage.objects.get(slug="fees")
    assert [block.block_type for block in fees.body].count("current_fees") == 1
    client.force_login(demo_admin)

    response = client.get(f"/cms/pages/{fees.pk}/edit/")

    assert response.status_code == 200
    assert "Current fees (from the marketplace settings)" in response.content.decode()
