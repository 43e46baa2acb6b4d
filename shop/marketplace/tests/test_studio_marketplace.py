"""The studio's Marketplace section (/cms/marketplace/) and the settings screen: admins only, every change on record."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from wagtail.users.forms import GroupForm

from artists.tests.factories import make_artist
from shop.marketplace import ledger
from shop.marketplace.models import (
    LedgerEntry,
    MarketplaceSettings,
    NegotiatedRate,
    Payout,
    PayoutBatch,
    SettingsChange,
)

pytestmark = pytest.mark.django_db

INDEX = "/cms/marketplace/"
RUN = "/cms/marketplace/batches/run/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(email="root@example.com", password="x", username="root")


def text_of(response) -> str:
    """The page's HTML with each run of whitespace as one space, as a reader sees its sentences."""
    return " ".join(response.content.decode().split())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def settings_url() -> str:
    return reverse("wagtailsettings:edit", args=["marketplace", "marketplacesettings", MarketplaceSettings.load().pk])


# --- the overview -------------------------------------------------------------------------------


def test_an_admin_sees_fees_earned_and_what_each_artist_is_owed(paid_order, root):
    maya, theo = paid_order["maya"], paid_order["theo"]

    response = client_for(root).get(INDEX)

    body = response.content.decode()
    assert response.status_code == 200
    assert ledger.platform_fees() == Decimal("183.00")  # 15% of £980 and of £240
    assert 'id="fees-all-time"><dt>All time</dt><dd>£183.00</dd>' in body
    assert "</dt><dd>£183.00</dd>" in body.split('id="fees-this-month">')[1][:80], "paid this month"
    owed = {row["artist"].pk: row for row in response.context["owed_rows"]}
    for artist, pending in ((maya, Decimal("841.00")), (theo, Decimal("212.00"))):
        assert owed[artist.pk]["pending"] == pending == ledger.balances_of(artist)["pending"]
        assert owed[artist.pk]["rate"] == "15% (default)"
        assert f"£{pending}" in body and reverse("studio_earnings:artist", args=[artist.pk]) in body
    assert "Nobody is owed the minimum payout (£20.00) yet" in body, "nothing is delivered, so nothing is available"
    assert settings_url() in body


def test_an_admin_finds_any_artist_by_name_even_one_who_has_earned_nothing(paid_order, root):
    newcomer = make_artist(username="marta", display_name="Marta Lind")

    response = client_for(root).get(INDEX, {"q": "mA"})

    rows = {row["artist"].pk: row for row in response.context["owed_rows"]}
    assert set(rows) == {paid_order["maya"].pk, newcomer.pk}
    assert rows[newcomer.pk]["available"] == rows[newcomer.pk]["pending"] == Decimal("0.00")
    assert f"/cms/marketplace/artists/{newcomer.pk}/rate/" in response.content.decode()
    assert "Theo" not in text_of(response).split('id="owed"')[1]


def test_artists_and_buyers_are_refused_every_marketplace_screen(paid_order):
    maya, buyer = paid_order["maya"], paid_order["order"].user
    urls = [
        INDEX,
        "/cms/marketplace/batches/",
        f"/cms/marketplace/artists/{maya.pk}/rate/",
        f"/cms/marketplace/artists/{maya.pk}/adjust/",
    ]
    for user in (maya.user, buyer):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (user, url)
            assert b"841" not in response.content
        assert client.post(RUN).status_code in (302, 403)
        assert client.post(f"/cms/marketplace/artists/{maya.pk}/rate/", {"percent": "1"}).status_code in (302, 403)
        assert client.post(
            f"/cms/marketplace/artists/{maya.pk}/adjust/", {"amount": "500", "reason": "me"}
        ).status_code in (302, 403)
    assert not PayoutBatch.objects.exists()
    assert not NegotiatedRate.objects.exists()
    assert not LedgerEntry.objects.filter(kind="adjustment").exists()


def test_the_marketplace_menu_item_is_for_admins(paid_order, root):
    assert f'"{INDEX}"' in client_for(root).get("/cms/").content.decode()
    assert f'"{INDEX}"' not in client_for(paid_order["maya"].user).get("/cms/").content.decode()


# --- payouts ------------------------------------------------------------------------------------


def test_an_admin_runs_a_payout_batch_downloads_its_csv_and_records_the_banks_answers(matured_order, root):
    maya, theo = matured_order["maya"], matured_order["theo"]
    studio = client_for(root)
    preview = text_of(studio.get(INDEX))
    assert "pays <strong>2 artists</strong>" in preview and "£1,053.00" in preview  # 841 + 212
    assert "Maya £841.00" in preview and "Theo £212.00" in preview

    response = studio.post(RUN)

    batch = PayoutBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cms/marketplace/batches/{batch.pk}/"
    assert {payout.artist_id: payout.amount for payout in batch.payouts.all()} == {
        maya.pk: Decimal("841.00"),
        theo.pk: Decimal("212.00"),
    }
    assert ledger.balances_of(maya)["available"] == Decimal("0.00")
    page = text_of(studio.get(response["Location"]))
    assert "2 payouts, £1,053.00 in all (2 processing, 0 paid, 0 failed)" in page

    download = studio.get(f"/cms/marketplace/batches/{batch.pk}/payouts.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == f'attachment; filename="artiqo-payout-batch-{batch.pk}.csv"'
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [(row["artist"], row["amount"], row["status"]) for row in rows] == [
        ("Maya", "841.00", "processing"),
        ("Theo", "212.00", "processing"),
    ]
    maya_payout, theo_payout = batch.payouts.get(artist=maya), batch.payouts.get(artist=theo)
    assert rows[0]["reference"] == maya_payout.statement_reference

    mark = f"/cms/marketplace/batches/{batch.pk}/payouts/"
    paid = studio.post(f"{mark}{maya_payout.pk}/mark/", {"status": "paid", "reference": "BACS-0042"})
    failed = studio.post(f"{mark}{theo_payout.pk}/mark/", {"status": "failed", "reason": "Account closed"})

    assert paid.status_code == failed.status_code == 302
    maya_payout.refresh_from_db()
    theo_payout.refresh_from_db()
    assert (maya_payout.status, maya_payout.reference) == ("paid", "BACS-0042")
    assert (theo_payout.status, theo_payout.failure_reason) == ("failed", "Account closed")
    assert ledger.balances_of(maya)["paid_out"] == Decimal("841.00")
    assert ledger.balances_of(theo)["available"] == Decimal("212.00"), "a failed payout gives the money back"
    assert "is back in their available balance" in " ".join(messages_of(failed))
    page = text_of(studio.get(f"/cms/marketplace/batches/{batch.pk}/"))
    assert "(0 processing, 1 paid, 1 failed)" in page and "BACS-0042" in page and "Account closed" in page

    # The artists see it in their Earnings.
    maya_page = client_for(maya.user).get("/cms/earnings/").content.decode()
    assert 'id="balance-paid-out"><dt>Paid out</dt><dd>£841.00</dd>' in maya_page and "BACS-0042" in maya_page
    theo_page = client_for(theo.user).get("/cms/earnings/").content.decode()
    assert "Payout returned" in theo_page and 'id="balance-available"><dt>Available</dt><dd>£212.00</dd>' in theo_page


def test_an_illegal_payout_change_is_an_error_message_not_a_crash(matured_order, root):
    studio = client_for(root)
    studio.post(RUN)
    payout = Payout.objects.get(artist=matured_order["maya"])
    url = f"/cms/marketplace/batches/{payout.batch_id}/payouts/{payout.pk}/mark/"
    studio.post(url, {"status": "paid", "reference": "BACS-1"})

    response = studio.post(url, {"status": "failed", "reason": "changed my mind"})

    assert response.status_code == 302
    assert "A paid payout cannot become failed." in " ".join(messages_of(response))
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert ledger.balances_of(matured_order["maya"])["paid_out"] == Decimal("841.00")
    nonsense = studio.post(url, {"status": "processing"})
    assert nonsense.status_code == 302 and "was not changed" in " ".join(messages_of(nonsense))
    other_batch = studio.post(f"/cms/marketplace/batches/{payout.batch_id + 1}/payouts/{payout.pk}/mark/", {})
    assert other_batch.status_code == 404


def test_running_a_batch_when_nobody_is_owed_the_minimum_says_so(paid_order, root):
    response = client_for(root).post(RUN, follow=True)

    assert response.status_code == 200
    assert "Nobody is owed the minimum payout (£20.00) yet: no batch was made." in response.content.decode()
    assert not PayoutBatch.objects.exists()


# --- an artist's terms and balance ---------------------------------------------------------------


def test_a_negotiated_rate_set_in_the_studio_is_stored_as_a_fraction_and_recorded(paid_order, root):
    maya = paid_order["maya"]
    studio = client_for(root)
    url = f"/cms/marketplace/artists/{maya.pk}/rate/"
    assert studio.get(url).status_code == 200
    before = SettingsChange.objects.count()

    response = studio.post(url, {"percent": "12.5", "note": "agreed at the fair"})

    assert response.status_code == 302 and response["Location"] == f"/cms/earnings/{maya.pk}/"
    rate = NegotiatedRate.objects.get(artist=maya)
    assert (rate.fee_rate, rate.note, rate.set_by) == (Decimal("0.1250"), "agreed at the fair", root)
    assert SettingsChange.objects.count() == before + 1
    change = SettingsChange.objects.first()
    assert (change.subject, change.changes, change.changed_by) == (
        "Fee rate of Maya",
        {"fee_rate": ["default", "0.1250"]},
        root,
    )
    overview = text_of(studio.get(INDEX))
    assert "12.5% (negotiated)" in overview
    assert "Fee rate of Maya" in overview and "Fee rate: default → 12.5%" in overview
    assert "12.5" in studio.get(url).content.decode(), "the form shows the current rate in percent"

    cleared = studio.post(url, {"percent": "12.5", "use_default": "1"})

    assert cleared.status_code == 302
    assert not NegotiatedRate.objects.filter(artist=maya).exists()
    assert SettingsChange.objects.first().changes == {"fee_rate": ["0.1250", "default"]}


@pytest.mark.parametrize("percent", ["100", "-1", "12.345", "lots"])
def test_a_rate_outside_0_to_99_99_percent_is_refused(paid_order, root, percent):
    maya = paid_order["maya"]
    before = SettingsChange.objects.count()

    response = client_for(root).post(f"/cms/marketplace/artists/{maya.pk}/rate/", {"percent": percent})

    assert response.status_code == 400
    errors = response.context["form"].errors["percent"]
    assert errors and all(escape(error) in response.content.decode() for error in errors)
    assert not NegotiatedRate.objects.exists() and SettingsChange.objects.count() == before


def test_an_adjustment_needs_a_reason_and_cannot_overdraw_the_artist(paid_order, root):
    maya = paid_order["maya"]
    studio = client_for(root)
    url = f"/cms/marketplace/artists/{maya.pk}/adjust/"

    no_reason = studio.post(url, {"amount": "25.00", "reason": "  "})
    overdrawn = studio.post(url, {"amount": "-10.00", "reason": "Frame damaged in our studio"})
    credited = studio.post(url, {"amount": "25.00", "reason": "Courier refund passed on"})

    assert no_reason.status_code == 400 and no_reason.context["form"].errors["reason"]
    assert overdrawn.status_code == 400
    assert "has only 0.00 available" in overdrawn.content.decode()
    assert credited.status_code == 302 and credited["Location"] == f"/cms/earnings/{maya.pk}/"
    [entry] = LedgerEntry.objects.filter(artist=maya, kind="adjustment")
    assert (entry.amount, entry.description, entry.created_by) == (Decimal("25.00"), "Courier refund passed on", root)
    page = client_for(maya.user).get("/cms/earnings/").content.decode()
    assert "Courier refund passed on" in page and 'id="balance-available"><dt>Available</dt><dd>£25.00</dd>' in page


# --- the settings screen ------------------------------------------------------------------------


def settings_form(**changes) -> dict:
    current = MarketplaceSettings.load()
    return {name: str(getattr(current, name)) for name in MarketplaceSettings.EDITABLE} | changes


def test_saving_the_settings_screen_records_who_changed_what(default_terms, root):
    studio = client_for(root)
    assert studio.get(settings_url()).status_code == 200
    before = SettingsChange.objects.count()

    response = studio.post(settings_url(), settings_form(default_fee_rate="0.12", minimum_payout="25"))

    assert response.status_code == 302
    assert MarketplaceSettings.load().default_fee_rate == Decimal("0.1200")
    change = SettingsChange.objects.first()
    assert SettingsChange.objects.count() == before + 1
    assert (change.subject, change.changed_by) == ("Marketplace settings", root)
    assert change.changes == {"default_fee_rate": ["0.1500", "0.1200"], "minimum_payout": ["20.00", "25.00"]}
    overview = client_for(root).get(INDEX).content.decode()
    assert "Default fee rate: 15% → 12%" in overview and "root" in overview


def test_saving_the_settings_screen_unchanged_records_nothing(default_terms, root):
    before = SettingsChange.objects.count()

    response = client_for(root).post(settings_url(), settings_form(default_fee_rate="0.15", minimum_fee="0.5"))

    assert response.status_code == 302
    assert SettingsChange.objects.count() == before


def test_an_invalid_settings_save_changes_and_records_nothing(default_terms, root):
    before = SettingsChange.objects.count()

    response = client_for(root).post(settings_url(), settings_form(default_fee_rate="1.5"))

    assert response.status_code == 200  # Wagtail shows the form again with the error
    assert MarketplaceSettings.load().default_fee_rate == Decimal("0.1500")
    assert SettingsChange.objects.count() == before


def test_an_artist_cannot_open_or_save_the_settings_screen(paid_order):
    maya = paid_order["maya"]
    studio = client_for(maya.user)
    before = SettingsChange.objects.count()

    opened = studio.get(settings_url())
    saved = studio.post(settings_url(), settings_form(default_fee_rate="0.01"))

    assert opened.status_code == saved.status_code == 302
    assert opened["Location"] == saved["Location"] == "/cms/"
    assert MarketplaceSettings.load().default_fee_rate == Decimal("0.1500")
    assert SettingsChange.objects.count() == before


def test_the_settings_permission_can_be_granted_to_a_group(site_pages, default_terms):
    permission = Permission.objects.get(content_type__app_label="marketplace", codename="change_marketplacesettings")
    assert permission in GroupForm().fields["permissions"].queryset
    treasurer = get_user_model().objects.create_user("tess@example.com", "x", username="tess", is_staff=True)
    group = Group.objects.create(name="Treasurers")
    group.permissions.add(permission, Permission.objects.get(codename="access_admin"))
    studio = client_for(treasurer)
    assert studio.get(settings_url()).status_code == 302, "staff alone may not change the terms"

    treasurer.groups.add(group)

    assert studio.get(settings_url()).status_code == 200
    assert studio.post(settings_url(), settings_form(featuring_days="10")).status_code == 302
    assert SettingsChange.objects.first().changes == {"featuring_days": ["7", "10"]}
    assert settings_url() in studio.get(INDEX).content.decode()


# --- cost ---------------------------------------------------------------------------------------


def owed_artists(count: int, start: int, admin_user):
    """`count` approved artists, each credited £50 by an adjustment (owed more than the minimum payout)."""
    for number in range(start, start + count):
        artist = make_artist(username=f"artist{number}")
        ledger.adjust(artist=artist, amount=Decimal("50.00"), reason="Opening balance", user=admin_user)


def queries_for(client, url) -> tuple[int, object]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_overview_and_a_batch_cost_the_same_queries_for_2_or_8_artists(site_pages, default_terms, root):
    studio = client_for(root)
    owed_artists(2, start=0, admin_user=root)
    few, few_page = queries_for(studio, INDEX)
    studio.post(RUN)
    few_batch, few_batch_page = queries_for(studio, f"/cms/marketplace/batches/{PayoutBatch.objects.get().pk}/")
    owed_artists(6, start=2, admin_user=root)

    many, many_page = queries_for(studio, INDEX)
    studio.post(RUN)
    many_batch, many_batch_page = queries_for(studio, f"/cms/marketplace/batches/{PayoutBatch.objects.first().pk}/")

    assert (len(few_page.context["owed_rows"]), len(many_page.context["owed_rows"])) == (2, 8)
    assert many == few, f"{few} queries for 2 artists, {many} for 8"
    assert (len(few_batch_page.context["payouts"]), len(many_batch_page.context["payouts"])) == (2, 6)
    assert many_batch == few_batch, f"{few_batch} queries for a batch of 2, {many_batch} for 6"
