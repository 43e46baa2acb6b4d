"""The artist's studio home (/cms/ for an approved artist): their figures first, nobody else's, flat in cost.

Orders are paid over the API against localstripe and shipped with `move_line`, so the ledger and the
lines are what the shop makes; every number on the page is compared with `figures.artist_figures`.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artiqo.users.tests.factories import UserFactory
from artists.commissions.services import request_commission, send_quote
from artists.models import ArtistPage
from artists.services import grant_studio_access, suspend_artist, update_artist_profile
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace.figures import artist_figures
from shop.marketplace.models import LedgerEntry
from shop.marketplace.wagtail_hooks import drop_site_summary_for_artists
from shop.order.fulfilment import move_line
from shop.order.tests.factories import make_order

from .conftest import line_of, pay
from .factories import make_plans, on_unlimited_plan, put_on
from .featuring_setup import feature

pytestmark = pytest.mark.django_db

HOME = "/cms/"
DAYS_40 = timedelta(days=40)
ARTIST_PANELS = ("artist-money-section", "artist-to-ship-section", "commissions-awaiting-section",
                 "artist-listings-section", "artist-story-section")  # fmt: skip


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def home_of(user) -> str:
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, panel_id: str) -> str:
    """The HTML of one home panel (a <section id="…-section">)."""
    match = re.search(rf'<section[^>]*id="{panel_id}".*?</section>', html, re.S)
    assert match, f"no {panel_id} on the page"
    return match.group(0)


def chart_data(html: str) -> dict:
    match = re.search(r'<script id="artist-money-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the chart's data is not in the page"
    return json.loads(match.group(1))


def ask(artist, buyer, brief="A portrait of my dog Biscuit, in oils"):
    return request_commission(buyer=buyer, artist=artist, brief=brief)


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", first_name="Ben", last_name="Carter")


@pytest.fixture
def studio(site_pages, ben, default_terms):
    """Maya's studio, by hand: one order to ship and one shipped, a commission awaiting her and one answered,
    four artworks on sale on the Gallery plan with one credit spent, her story page a draft. Theo sells too."""
    maya = update_artist_profile(artist=make_artist(username="maya", display_name="Maya Lindqvist"),
                                 open_for_commissions=True)  # fmt: skip
    theo = update_artist_profile(artist=make_artist(username="theo", display_name="Theo Marsh"),
                                 open_for_commissions=True)  # fmt: skip
    plans = make_plans()
    put_on(maya, plans["gallery"])
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    dunes = make_artwork(maya, title="Dune Study", price="240.00")
    for title in ("Low Tide", "Salt Marsh", "Pier at Dusk"):
        make_artwork(maya, title=title, price="150.00", stock=5, is_original=False, edition_size=50)
    feature(make_artwork(maya, title="Featured Print", price="90.00", stock=5, is_original=False, edition_size=50))

    waiting = make_order(ben, harbour)
    pay(waiting, key="waiting")
    shipped = make_order(ben, dunes)
    pay(shipped, key="shipped")
    move_line(line=line_of(shipped, maya), artist=maya, status="shipped")

    ask(maya, ben)
    answered = ask(maya, ben, brief="Answered already")
    send_quote(commission=answered, artist=maya, price=Decimal("450.00"), delivery_by=timezone.localdate() + DAYS_40)

    grid = make_artwork(theo, title="Ancoats Grid", price="120.00")
    theos = make_order(ben, grid)
    pay(theos, key="theo")
    ask(theo, ben, brief="Theo's one")
    return {"maya": maya, "theo": theo, "waiting": waiting, "shipped": shipped, "theos": theos}


def test_an_artists_home_shows_each_of_their_figures_as_artist_figures_counts_them(studio):
    maya = studio["maya"]
    figures = artist_figures(maya)
    sales = LedgerEntry.objects.filter(artist=maya, kind="sale", is_shipping=False)
    fees = LedgerEntry.objects.filter(artist=maya, kind="fee")
    assert figures["month_sales"] == sum(entry.amount for entry in sales) == Decimal("1220.00")
    assert figures["month_earnings"] == Decimal("1220.00") + sum(entry.amount for entry in fees)
    assert (figures["lines_to_ship_count"], figures["commissions_awaiting"]) == (1, 1)
    assert (figures["listings_used"], figures["listing_limit"], figures["featured_credits_left"]) == (4, None, 3)
    assert figures["story_state"] == "draft"

    html = home_of(maya.user)

    money = section(html, "artist-money-section")
    assert f'data-amount="{figures["month_sales"]}"' in money and "£1,220.00" in text_of(money)
    assert f'data-amount="{figures["month_earnings"]}"' in money
    to_ship = section(html, "artist-to-ship-section")
    [line] = figures["lines_to_ship"]
    assert line["order_number"] == studio["waiting"].number and line["artwork_title"] == "Harbour Blue"
    assert 'data-count="1"' in to_ship and f'data-order="{studio["waiting"].number}"' in to_ship
    assert f'data-order="{studio["shipped"].number}"' not in to_ship, "shipped lines wait no more"
    assert "Harbour Blue" in to_ship and 'href="/cms/orders/"' in to_ship
    commissions = section(html, "commissions-awaiting-section")
    assert 'data-awaiting="1"' in commissions and 'href="/cms/commissions/"' in commissions
    listings = section(html, "artist-listings-section")
    assert 'data-used="4"' in listings and 'data-limit=""' in listings and "4 (no limit)" in text_of(listings)
    assert 'data-credits="3"' in listings
    assert 'href="/cms/billing/"' in listings and 'href="/cms/featuring/"' in listings
    story = section(html, "artist-story-section")
    page = ArtistPage.objects.get(artist=maya)
    assert 'data-state="draft"' in story and f'href="/cms/pages/{page.pk}/edit/"' in story


def test_the_home_puts_the_artists_panels_first_and_drops_wagtails_noise(studio):
    maya = studio["maya"]
    page = ArtistPage.objects.get(artist=maya)
    page.save_revision(user=maya.user)  # an edit: Wagtail's "most recent edits" would list it

    html = home_of(maya.user)

    positions = [html.index(f'id="{panel}"') for panel in ARTIST_PANELS]
    assert positions == sorted(positions)
    assert html.count('id="commissions-awaiting-section"') == 1, "the old commissions line is replaced, not doubled"
    assert 'id="recent-edits-section"' not in html and 'id="objects-to-moderate-section"' not in html
    assert 'class="w-summary"' not in html, "the site summary counts every artist's pages and pictures"


def test_only_artists_lose_the_site_summary(studio, admin_user, rf):
    for user, kept in ((admin_user, ["pages"]), (studio["maya"].user, [])):
        request = rf.get(HOME)
        request.user = user
        summary_items = ["pages"]
        drop_site_summary_for_artists(request, summary_items)
        assert summary_items == kept


def test_the_story_panel_follows_the_pages_moderation_and_wagtails_workflow_panel_stays(studio):
    maya = studio["maya"]
    page = ArtistPage.objects.get(artist=maya)
    page.save_revision(user=maya.user).publish()
    assert 'data-state="live"' in section(home_of(maya.user), "artist-story-section")

    page.intro = "New words"
    page.save_revision(user=maya.user)
    page.get_workflow().start(page, maya.user)
    html = home_of(maya.user)

    assert 'data-state="changes awaiting moderation"' in section(html, "artist-story-section")
    assert artist_figures(maya)["story_state"] == "changes awaiting moderation"
    kept = html.index('id="objects-in-workflow-section"')
    assert kept > html.index('id="artist-story-section"'), "Wagtail's moderation list stays, after ours"


def test_another_artists_orders_commissions_and_money_never_show(studio):
    theo, maya = studio["theo"], studio["maya"]

    html = home_of(maya.user)

    assert studio["theos"].number not in html and "Ancoats Grid" not in html and "Theo" not in html
    assert chart_data(html)["sales"][-1] == str(artist_figures(maya)["series_90d"][-1]["sales"]) == "1220.00"
    theos_home = home_of(theo.user)
    assert studio["waiting"].number not in theos_home and "Harbour Blue" not in theos_home
    assert 'data-awaiting="1"' in section(theos_home, "commissions-awaiting-section")
    assert f'data-amount="{artist_figures(theo)["month_sales"]}"' in theos_home
    assert artist_figures(theo)["month_sales"] == Decimal("120.00")


def test_admins_keep_wagtails_home_without_any_artist_panel(studio, admin_user):
    html = home_of(admin_user)

    assert not [panel for panel in ARTIST_PANELS if f'id="{panel}"' in html]
    assert "artist_home.js" not in html and "artist-money-data" not in html


def test_an_artist_who_is_also_staff_gets_the_admins_home(studio):
    maya = studio["maya"]
    maya.user.is_staff = True
    maya.user.save(update_fields=["is_staff"])

    assert 'id="artist-money-section"' not in home_of(maya.user)


def test_a_suspended_artist_left_in_the_studio_group_sees_no_figures(studio):
    maya = studio["maya"]
    suspend_artist(artist=maya, reason="Test")
    grant_studio_access(artist=maya)  # the case StudioAccessMixin guards against: still let into /cms/

    html = home_of(maya.user)

    assert not [panel for panel in ARTIST_PANELS if f'id="{panel}"' in html]
    assert studio["waiting"].number not in html


def test_suspended_and_pending_artists_do_not_reach_the_studio(studio, site_pages):
    suspend_artist(artist=studio["maya"], reason="Test")
    pending = make_artist(username="pia", approved=False)

    for user in (studio["maya"].user, pending.user):
        response = client_for(user).get(HOME)
        assert response.status_code == 302 and response["Location"].startswith("/cms/login/")


def test_the_chart_reads_its_data_from_json_and_deferred_static_scripts(studio):
    maya = studio["maya"]
    figures = artist_figures(maya)

    html = home_of(maya.user)

    data = chart_data(html)
    assert data["currency"] == figures["currency"] == "GBP"
    assert data["days"] == [day["period"].isoformat() for day in figures["series_90d"]] and len(data["days"]) == 90
    assert data["sales"] == [str(day["sales"]) for day in figures["series_90d"]]
    assert data["earnings"] == [str(day["earnings"]) for day in figures["series_90d"]]
    # Wagtail writes media before the page's content: deferred, they run in order once it is parsed.
    chart_js = html.index('<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>')
    home_js = html.index('<script src="/static/js/studio/artist_home.js" defer></script>')
    assert chart_js < home_js < html.index('<canvas id="artist-money-chart"')
    table = section(html, "artist-money-section")
    assert "<details" in table and f'data-day="{data["days"][-1]}"' in table


def test_a_plan_at_its_limit_says_so_on_the_home(studio):
    maya = studio["maya"]
    small = make_plans()["studio"]
    small.listing_limit = 4
    small.save(update_fields=["listing_limit"])
    put_on(maya, small)

    listings = section(home_of(maya.user), "artist-listings-section")

    assert 'data-used="4"' in listings and 'data-limit="4"' in listings and 'id="home-at-limit"' in listings


def count_home_queries(user) -> int:
    client = client_for(user)
    client.get(HOME)  # the first request warms Wagtail's per-process caches (site root, icons)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_home_costs_the_same_queries_with_3_or_30_orders_waiting(site_pages, ben, default_terms):
    maya = update_artist_profile(artist=make_artist(username="maya"), open_for_commissions=True)
    on_unlimited_plan(maya)
    artworks = [make_artwork(maya, title=f"Print {n}", price="50.00", stock=40, is_original=False,
                             edition_size=100) for n in range(3)]  # fmt: skip

    def wait_orders(count: int, start: int) -> None:
        for n in range(start, start + count):
            pay(make_order(ben, artworks[n % 3]), key=f"order-{n}")
            ask(maya, ben, brief=f"Request {n}")

    wait_orders(3, 0)
    few = count_home_queries(maya.user)
    wait_orders(27, 3)
    figures = artist_figures(maya)
    assert (figures["lines_to_ship_count"], figures["commissions_awaiting"]) == (30, 30)
    many = count_home_queries(maya.user)

    assert few == many
    html = home_of(maya.user)
    assert 'data-count="30"' in html and html.count("<tr data-order=") == len(figures["lines_to_ship"]) == 10
