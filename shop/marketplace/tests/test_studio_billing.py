"""The studio's Plan & billing (/cms/billing/) and the admins' plan management (/cms/plans/).

Plans are bought at localstripe with cards tokenised the way Stripe.js does it in the browser.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.marketplace import subscriptions
from shop.marketplace.models import Plan, PlanChange, Subscription, SubscriptionInvoice
from shop.marketplace.plans import current_plan, default_plan

pytestmark = pytest.mark.django_db

PAGE, CHANGE, CANCEL, PLANS = "/cms/billing/", "/cms/billing/change/", "/cms/billing/cancel/", "/cms/plans/"
FORM_KEY = "0123456789abcdef0123456789abcdef"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def card_token(localstripe, number: str = "4242424242424242") -> str:
    """What Stripe.js does in the browser: the card goes to Stripe with the publishable key, a token comes back."""
    card = {"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2030", "card[cvc]": "123"}
    response = requests.post(f"{localstripe.url}/v1/tokens", data={**card, "key": "pk_test_artiqo"}, timeout=10)
    response.raise_for_status()
    return response.json()["id"]


@pytest.fixture
def plans(db):
    studio = Plan.objects.create(
        code="studio", name="Studio", monthly_price=Decimal("9.00"), fee_rate=Decimal("0.10"),
        listing_limit=100, featured_credits=1, position=1,
    )  # fmt: skip
    gallery = Plan.objects.create(
        code="gallery", name="Gallery", monthly_price=Decimal("29.00"), fee_rate=Decimal("0.06"),
        listing_limit=None, featured_credits=4, position=2,
    )  # fmt: skip
    return {"starter": default_plan(), "studio": studio, "gallery": gallery}


@pytest.fixture
def maya(site_pages, plans):
    artist = make_artist(username="maya", display_name="Maya Lindqvist")
    make_artwork(artist, title="Harbour Blue", price="980.00")
    return artist


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(email="root@example.com", password="x", username="root")


def subscribe(artist, plan, key="setup"):
    return subscriptions.change_plan(artist=artist, plan=plan, idempotency_key=key, payment_method="pm_card_visa")


# --- who may -----------------------------------------------------------------------------------


def test_a_buyer_anonymous_and_an_admin_without_an_artist_cannot_see_or_act(client, maya, plans, root):
    for who in (client, client_for(UserFactory(username="bea")), client_for(root)):
        page = who.get(PAGE)
        assert page.status_code == 302 and b"Starter" not in page.content
        changed = who.post(CHANGE, {"plan": "studio", "form_key": FORM_KEY})
        assert changed.status_code == 302
        assert who.post(CANCEL).status_code == 302
    assert not Subscription.objects.exists() and not PlanChange.objects.exists()


def test_another_artist_sees_and_changes_only_their_own_plan(maya, plans, localstripe):
    subscribe(maya, plans["gallery"])
    theo = make_artist(username="theo")

    page = client_for(theo.user).get(PAGE)
    assert page.status_code == 200 and "Your plan: Starter" in text_of(page)
    assert "Harbour" not in text_of(page) and "Gallery" in text_of(page)  # the offered plan, not maya's
    client_for(theo.user).post(CANCEL)

    maya_subscription = Subscription.objects.get(artist=maya)
    assert maya_subscription.plan == plans["gallery"] and not maya_subscription.cancel_at_period_end


def test_the_menu_item_is_for_selling_artists(maya, root):
    assert f'"{PAGE}"' in client_for(maya.user).get("/cms/").content.decode()
    assert f'"{PAGE}"' not in client_for(root).get("/cms/").content.decode()


# --- the page ------------------------------------------------------------------------------------


def test_a_starter_artist_sees_plan_limits_credits_the_offer_and_a_card_field(maya, plans, localstripe):
    page = client_for(maya.user).get(PAGE)

    body = text_of(page)
    assert page.status_code == 200
    assert "Your plan: Starter" in body and "<dd>1 / 20</dd>" in body and "<dd>0 of 0</dd>" in body
    assert "15% <small>(the default rate)</small>" in body and "£9.00" in body and "10%" in body and "6%" in body
    assert "Unlimited" in body
    assert "Upgrade to Studio now" in body and "Upgrade to Gallery now" in body and "Cancel" not in body
    assert 'id="card-element"' in body and f'src="{localstripe.url}/js.stripe.com/v3/"' in body
    assert localstripe.url in page["Content-Security-Policy"]  # Stripe.js is allowed on this page
    assert "No invoices yet" in body


def test_upgrading_with_a_card_token_starts_the_plan_once_for_the_same_token(maya, plans, localstripe):
    token = card_token(localstripe)
    studio = client_for(maya.user)

    first = studio.post(CHANGE, {"plan": "studio", "form_key": FORM_KEY, "card_token": token})
    again = studio.post(CHANGE, {"plan": "studio", "form_key": FORM_KEY, "card_token": token})

    assert first.status_code == again.status_code == 302 and first["Location"] == PAGE
    assert "You are on Studio now (£9.00 a month)." in messages_of(first)
    subscription = Subscription.objects.get(artist=maya)
    assert subscription.plan == plans["studio"] and subscription.status == Subscription.ACTIVE
    assert PlanChange.objects.filter(artist=maya).count() == 1
    assert len(localstripe.get("/v1/subscriptions", limit=100)["data"]) == 1
    body = text_of(studio.get(PAGE))
    assert "Your plan: Studio" in body and "<dd>1 of 1</dd>" in body and "Renews on" in body
    assert 'id="card-element"' not in body, "the card on file pays an upgrade"
    assert "Upgrade to Gallery now" in body and "Cancel — Starter at period end" in body
    invoice = SubscriptionInvoice.objects.get(subscription=subscription)
    assert f'data-invoice="{invoice.stripe_invoice_id}"' in body and "£9.00" in body


def test_a_paid_plan_without_a_card_asks_for_one_and_changes_nothing(maya, plans, localstripe):
    response = client_for(maya.user).post(CHANGE, {"plan": "studio", "form_key": FORM_KEY})

    assert response.status_code == 302
    assert messages_of(response) == ["Studio is a paid plan: enter your card, then choose it again."]
    assert current_plan(maya) == plans["starter"]


def test_a_declined_card_says_so_and_changes_nothing(maya, plans, localstripe):
    token = card_token(localstripe, "4000000000000341")  # attaches, then its charge is declined

    response = client_for(maya.user).post(CHANGE, {"plan": "studio", "form_key": FORM_KEY, "card_token": token})

    assert "declined" in " ".join(messages_of(response))
    assert current_plan(maya) == plans["starter"]


def test_upgrading_from_a_paid_plan_uses_the_card_on_file(maya, plans, localstripe):
    subscribe(maya, plans["studio"])

    response = client_for(maya.user).post(CHANGE, {"plan": "gallery", "form_key": FORM_KEY})

    assert messages_of(response) == ["You are on Gallery now (£29.00 a month)."]
    assert current_plan(maya) == plans["gallery"]


def test_a_downgrade_waits_for_the_period_end_and_can_be_taken_back(maya, plans, localstripe):
    subscribe(maya, plans["gallery"])
    studio = client_for(maya.user)

    response = studio.post(CHANGE, {"plan": "studio", "form_key": FORM_KEY})

    assert "You move to Studio at the end of this period" in messages_of(response)[0]
    subscription = Subscription.objects.get(artist=maya)
    assert subscription.plan == plans["gallery"] and subscription.next_plan == plans["studio"]
    body = text_of(studio.get(PAGE))
    assert "Your plan: Gallery" in body and "then move to <strong>Studio</strong>" in body
    assert "Keep Gallery" in body and "Downgrade to Studio" not in body

    kept = studio.post(CHANGE, {"plan": "gallery", "form_key": "f" * 32})

    assert messages_of(kept) == ["You keep Gallery: nothing changes at the end of this period."]
    assert Subscription.objects.get(artist=maya).next_plan is None


def test_cancelling_keeps_the_plan_to_the_period_end_then_starter(maya, plans, localstripe):
    subscribe(maya, plans["studio"])
    studio = client_for(maya.user)

    response = studio.post(CANCEL)

    assert "then you are on the free plan" in messages_of(response)[0]
    subscription = Subscription.objects.get(artist=maya)
    assert subscription.cancel_at_period_end and subscription.plan == plans["studio"]
    body = text_of(studio.get(PAGE))
    assert "Cancelled: you keep Studio until" in body and "then move to <strong>Starter</strong>" in body
    assert "Keep Studio" in body


def test_cancelling_on_the_free_plan_is_a_message(maya, plans):
    response = client_for(maya.user).post(CANCEL)
    assert response.status_code == 302
    assert messages_of(response) == ["Nothing was cancelled: You are on the free plan: there is nothing to cancel."]


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"plan": "nope", "form_key": FORM_KEY},
        {"plan": "studio"},
        {"plan": "studio", "form_key": "not-a-key"},
        {"plan": "studio", "card_token": "card_123"},
        {"plan": "<script>", "form_key": FORM_KEY, "card_token": "tok_" + "x" * 500},
    ],
)
def test_garbage_posts_are_a_message_not_a_crash(maya, plans, form):
    response = client_for(maya.user).post(CHANGE, form)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert messages_of(response)[0].startswith("Your plan was not changed:")
    assert not PlanChange.objects.exists()


def test_a_plan_no_longer_offered_and_a_reused_form_key_are_refused_with_a_message(maya, plans, localstripe):
    Plan.objects.filter(code="gallery").update(is_active=False)
    studio = client_for(maya.user)

    refused = studio.post(CHANGE, {"plan": "gallery", "form_key": FORM_KEY, "card_token": card_token(localstripe)})
    assert messages_of(refused) == ["Your plan was not changed: The Gallery plan is no longer offered."]

    subscribe(maya, plans["studio"], key=f"studio-plan-{FORM_KEY}")
    conflict = studio.post(CHANGE, {"plan": "starter", "form_key": FORM_KEY})
    assert "already used for another change" in messages_of(conflict)[-1]


def test_a_get_on_a_button_url_is_refused_not_a_crash(maya):
    assert client_for(maya.user).get(CHANGE).status_code == 405


# --- limits, past due, invoices -------------------------------------------------------------------


def test_over_the_limit_after_a_lapse_the_page_says_artworks_stay_but_new_ones_are_refused(maya, plans):
    make_artwork(maya, title="Second")
    make_artwork(maya, title="Third")
    Plan.objects.filter(pk=plans["starter"].pk).update(listing_limit=2)

    body = text_of(client_for(maya.user).get(PAGE))

    assert "<dd>3 / 2</dd>" in body
    assert (
        "Your Starter plan allows 2 artworks on sale and you have 3. Your existing artworks stay on sale, "
        "but new artworks are refused until you have fewer than 2" in body
    )


def test_a_pending_downgrade_below_the_artworks_on_sale_is_explained(maya, plans, localstripe):
    subscribe(maya, plans["gallery"])
    Subscription.objects.filter(artist=maya).update(next_plan=plans["studio"])
    Plan.objects.filter(pk=plans["studio"].pk).update(listing_limit=0)

    body = text_of(client_for(maya.user).get(PAGE))

    assert 'id="upcoming-over-limit"' in body and "your Studio plan allows 0 artworks on sale and you have 1" in body
    assert "They stay on sale, but new artworks are refused" in body


def test_past_due_shows_when_the_grace_ends(maya, plans, localstripe, settings):
    settings.SUBSCRIPTION_GRACE_DAYS = 7
    subscribe(maya, plans["studio"])
    since = timezone.now() - timedelta(days=2)
    Subscription.objects.filter(artist=maya).update(status=Subscription.PAST_DUE, past_due_since=since)

    body = text_of(client_for(maya.user).get(PAGE))

    grace_end = timezone.localtime(since + timedelta(days=7))
    assert "Your last payment failed" in body and f"paid by {grace_end:%-d %B %Y}" in body
    assert "you move to the free plan; your artworks stay on sale" in body


def invoices_for(artist, plan, count):
    subscription, _ = Subscription.objects.get_or_create(artist=artist, defaults={"plan": plan})
    for number in range(SubscriptionInvoice.objects.count(), SubscriptionInvoice.objects.count() + count):
        SubscriptionInvoice.objects.create(
            subscription=subscription, plan=plan, stripe_invoice_id=f"in_{number}", amount=Decimal("9.00"),
            currency="GBP", status=SubscriptionInvoice.PAID, paid_at=timezone.now(),
        )  # fmt: skip


def test_the_page_costs_the_same_queries_for_1_or_12_invoices(maya, plans):
    studio = client_for(maya.user)
    invoices_for(maya, plans["studio"], 1)
    studio.get(PAGE)  # warm the caches (site, settings)
    with CaptureQueriesContext(connection) as one:
        assert studio.get(PAGE).status_code == 200
    invoices_for(maya, plans["studio"], 11)
    with CaptureQueriesContext(connection) as twelve:
        body = text_of(studio.get(PAGE))
    assert body.count("data-invoice=") == 12
    assert len(twelve) == len(one)


# --- plan management (admins) -----------------------------------------------------------------------


def plan_form(**changes) -> dict:
    form = {
        "name": "Atelier", "code": "atelier", "description": "", "monthly_price": "15.00", "fee_percent": "8",
        "listing_limit": "50", "featured_credits": "2", "is_active": "on",
    }  # fmt: skip
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def test_an_admin_lists_creates_and_edits_plans_with_the_fee_in_percent(root, plans):
    admin = client_for(root)
    listing = text_of(admin.get(PLANS))
    assert "Studio" in listing and "Gallery" in listing and "Default rate" in listing and "Unlimited" in listing

    created = admin.post(PLANS + "new/", plan_form())

    assert created.status_code == 302
    atelier = Plan.objects.get(code="atelier")
    assert (atelier.monthly_price, atelier.fee_rate, atelier.listing_limit, atelier.featured_credits) == (
        Decimal("15.00"), Decimal("0.0800"), 50, 2,
    )  # fmt: skip
    edited = admin.post(f"{PLANS}edit/{atelier.pk}/", plan_form(monthly_price="12.00", fee_percent="", code="x"))
    assert edited.status_code == 302
    atelier.refresh_from_db()
    assert atelier.monthly_price == Decimal("12.00") and atelier.fee_rate is None
    assert atelier.code == "atelier", "the code is fixed once made"


def test_the_price_of_a_plan_with_subscribers_cannot_be_changed_silently(root, maya, plans, localstripe):
    subscribe(maya, plans["studio"])
    admin = client_for(root)
    url = f"{PLANS}edit/{plans['studio'].pk}/"

    refused = admin.post(url, plan_form(name="Studio", monthly_price="12.00", fee_percent="10"))

    assert refused.status_code == 200 and "add a new plan for the new price instead" in text_of(refused)
    assert Plan.objects.get(pk=plans["studio"].pk).monthly_price == Decimal("9.00")
    terms = admin.post(url, plan_form(name="Studio", monthly_price="9.00", fee_percent="9", featured_credits="3"))
    assert terms.status_code == 302
    assert Plan.objects.get(pk=plans["studio"].pk).fee_rate == Decimal("0.0900")


def test_the_default_plan_stays_free_and_offered(root, plans):
    url = f"{PLANS}edit/{plans['starter'].pk}/"
    response = client_for(root).post(url, plan_form(name="Starter", monthly_price="5.00", is_active=None))
    assert response.status_code == 200
    assert "The default plan is free" in text_of(response) and "always offered" in text_of(response)
    starter = Plan.objects.get(pk=plans["starter"].pk)
    assert starter.monthly_price == 0 and starter.is_active


def test_plans_are_never_deleted_here(root, plans):
    response = client_for(root).post(f"{PLANS}delete/{plans['studio'].pk}/")
    assert response.status_code in (302, 403)
    assert Plan.objects.filter(pk=plans["studio"].pk).exists()


def test_artists_and_staff_without_the_permission_cannot_manage_plans(maya, plans):
    staff = get_user_model().objects.create_user("tess@example.com", "x", username="tess", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (maya.user, staff):
        who = client_for(user)
        assert who.get(PLANS).status_code == 302
        assert who.post(PLANS + "new/", plan_form()).status_code == 302
        assert who.post(f"{PLANS}edit/{plans['studio'].pk}/", plan_form(monthly_price="1.00")).status_code == 302
    assert not Plan.objects.filter(code="atelier").exists()
    assert Plan.objects.get(pk=plans["studio"].pk).monthly_price == Decimal("9.00")

    group = Group.objects.create(name="Plan editors")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="marketplace", codename__endswith="_plan"))
    staff.groups.add(group)
    assert client_for(staff).get(PLANS).status_code == 200
    maya.user.groups.add(group)
    assert client_for(maya.user).get(PLANS).status_code == 302, "moderators only, whatever the groups"
