"""No one reaches another user's objects over the API: every object route, every method, every stranger.

The routes come from the URL map itself (every /api/v1/ route with an id, number or slug in its
path), so a new object route without a case here fails `test_every_object_route_has_a_case`.
Each case names the object's rightful user and how to build its URL; every other user (a buyer
against a buyer, an artist against an artist, a buyer against an artist and back) and an anonymous
client then try every method the route has and must get 401, 403 or 404: never a 2xx, never a 500.
The rightful user's same request must not be refused, which proves the ids point at real objects.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from artiqo.users.tests.factories import UserFactory
from artists.commissions.services import request_commission, send_quote
from artists.services import update_artist_profile
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.commissions.checkout import accept_quote
from shop.marketplace.models import Payout, PayoutBatch
from shop.payment.models import Payment

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
add_to_cart = get_class("basket.services", "add_to_cart")
open_basket_for = get_class("basket.services", "open_basket_for")
hide_artwork = get_class("catalogue.services", "hide_artwork")

pytestmark = pytest.mark.django_db

REFUSED = {401, 403, 404}
METHODS = ("get", "post", "put", "patch", "delete")
# The rightful user's requests run after every attack, destructive ones last (closing an account ends its session).
CONTROL_ORDER = ("get", "patch", "put", "post", "delete")


def api_object_routes() -> dict[str, list[str]]:
    """Every named /api/ route whose path carries an object's key, with the methods its view answers."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern

    routes = {}
    for path, name, pattern in walk(get_resolver().url_patterns):
        keys = set(pattern.pattern.regex.groupindex) - {"format"}
        if not path.startswith("api/") or not keys:
            continue
        view = pattern.callback
        actions = getattr(view, "actions", None)  # a viewset's method → action map
        routes[name] = [m for m in METHODS if (m in actions if actions else hasattr(view.view_class, m))]
    return routes


@dataclass
class Case:
    """An object route: whose object it is, its URL keys, a plausible body, and which methods are public."""

    owner: str
    kwargs: dict
    body: dict = field(default_factory=dict)
    public: tuple = ()
    headers: dict = field(default_factory=dict)


@pytest.fixture
def world(two_artist_order, buyer, admin):
    """Ben's order of Maya's original and Theo's prints, paid for in part, plus objects of everyone's."""
    order, maya, theo = two_artist_order["order"], two_artist_order["maya"], two_artist_order["theo"]
    ben = order.user
    cart_line = add_to_cart(basket=open_basket_for(ben), product=two_artist_order["grid"], quantity=1)
    payment = Payment.objects.create(
        order=order,
        payer=ben,
        amount=order.total_incl_tax,
        currency=order.currency,
        idempotency_key="ben-1",
        request_hash="0" * 64,
    )
    sketch = hide_artwork(artwork=make_artwork(maya, title="Unfinished sketch", price="60.00"), reason="Draft")
    dusk = make_artwork(maya, title="Harbour at Dusk", price="450.00")  # live: Maya may feature it
    painting = Category.add_root(name="Painting")
    users = {"bea": buyer, "ben": ben, "maya": maya.user, "theo": theo.user, "ada": admin}
    maya_line = order.lines.get(partner__artist=maya)
    batch = PayoutBatch.objects.create(provider="manual", currency="GBP", created_by=admin)
    maya_payout = Payout.objects.create(batch=batch, artist=maya, amount="25.00", currency="GBP")
    cases = {
        "api:user-detail": Case("ben", {"pk": ben.pk}, {"first_name": "Mallory"}),
        "api:cart-item": Case("ben", {"pk": cart_line.pk}, {"quantity": 1}),
        "api:order": Case("ben", {"number": order.number}),
        "api:order-cancel": Case("ben", {"number": order.number}),
        "api:order-status": Case("ada", {"number": order.number}, {"status": "Paid"}),
        "api:order-tracking": Case("ben", {"number": order.number}),
        "api:order-payments": Case(
            "ben", {"number": order.number}, {"payment_method": "pm_card_visa"}, headers={"HTTP_IDEMPOTENCY_KEY": "x"}
        ),
        "api:payment": Case("ben", {"pk": payment.pk}),
        "api:artist-order-line": Case("maya", {"pk": maya_line.pk}, {"status": "shipped"}),
        "api:artist-payout": Case("maya", {"pk": maya_payout.pk}),
        "api:payout": Case("ada", {"pk": maya_payout.pk}, {"status": "paid", "reference": "BANK-1"}),
        "api:product-detail": Case("maya", {"pk": sketch.pk}, {"title": "Mine now", "price": "1.00"}),
        "api:product-images": Case("maya", {"pk": sketch.pk}),
        # Maya pays the featuring fee at localstripe, then (DELETE) stops her own featuring.
        "api:product-feature": Case(
            "maya", {"pk": dusk.pk}, {"payment_method": "pm_card_visa"}, headers={"HTTP_IDEMPOTENCY_KEY": "feature-1"}
        ),
        # Public reads: anyone may GET them; the rest of the route is still guarded.
        "api:product-similar": Case("maya", {"pk": two_artist_order["harbour"].pk}, public=("get",)),
        "api:artist-detail": Case("maya", {"slug": maya.slug}, public=("get",)),
        "api:category-detail": Case("ada", {"pk": painting.pk}, {"name": "Mine now"}, public=("get",)),
    }
    cases.update(commission_cases(ben=ben, maya=maya))
    cases.update(assistant_cases(ben=ben))
    return users, cases


def send(user, method: str, url: str, case: Case):
    client = api_as(user)
    if method in ("get", "delete"):
        return getattr(client, method)(url, **case.headers)
    return getattr(client, method)(url, case.body, format="json", **case.headers)


def test_every_object_route_has_a_case(world):
    _, cases = world

    assert set(api_object_routes()) == set(cases), "an object route of the API without an IDOR case (or a stale case)"


def test_no_stranger_reaches_another_users_object(world):
    users, cases = world
    routes = api_object_routes()
    leaks, tried, controls = [], 0, []

    for name, case in cases.items():
        url = reverse(name, kwargs=case.kwargs)
        strangers = [(who, user) for who, user in users.items() if who not in (case.owner, "ada")]
        for method in routes[name]:
            if method in case.public:
                continue
            for who, user in [*strangers, ("anonymous", None)]:
                response = send(user, method, url, case)
                tried += 1
                if response.status_code not in REFUSED:
                    leaks.append(f"{method.upper()} {url} as {who} → {response.status_code} {response.content[:200]!r}")
            controls.append((method, name, url, case))

    assert leaks == [], "\n".join(leaks)
    assert tried > 0 and all(control[1] in cases for control in controls)

    def last_the_account_deletion(control):
        method, name = control[0], control[1]
        return CONTROL_ORDER.index(method), name == "api:user-detail"

    refused_rightful = []
    for method, _name, url, case in sorted(controls, key=last_the_account_deletion):
        response = send(users[case.owner], method, url, case)
        if response.status_code in REFUSED or response.status_code >= 500:
            refused_rightful.append(f"{method.upper()} {url} as {case.owner} → {response.status_code}")
    assert refused_rightful == [], "the rightful user's request fails, so the case's ids prove nothing"


# --- commissions ---------------------------------------------------------------------------------


def commission_cases(*, ben, maya) -> dict:
    """A commission has two rightful users, so each case's other party stays out of `users`: Ben asks Zoe
    (Ben's routes; Maya and Theo are other artists, Bea another buyer) and Cal asks Maya (Maya's routes)."""
    zoe = update_artist_profile(artist=make_artist(username="zoe"), open_for_commissions=True)
    maya = update_artist_profile(artist=maya, open_for_commissions=True)
    bens = request_commission(buyer=ben, artist=zoe, brief="A portrait of my dog")
    send_quote(commission=bens, artist=zoe, price="300.00", delivery_by=timezone.localdate() + timedelta(days=30))
    cals = request_commission(buyer=UserFactory(username="cal"), artist=maya, brief="A view of the harbour")
    quote = {"price": "450.00", "delivery_by": (timezone.localdate() + timedelta(days=30)).isoformat()}
    return {
        "api:commission": Case("ben", {"pk": bens.pk}),
        "api:commission-messages": Case("ben", {"pk": bens.pk}, {"body": "Mallory was here"}),
        "api:commission-accept": Case("ben", {"pk": bens.pk}),
        "api:commission-quote": Case("maya", {"pk": cals.pk}, quote),
        "api:commission-decline": Case("maya", {"pk": cals.pk}, {"reason": "Mallory says no"}),
        "api:commission-complete": Case("maya", {"pk": cals.pk}),
    }


def test_a_reserved_artwork_is_seen_and_bought_by_its_buyer_only(world):
    """Ben accepted Maya's quote: the one-off is his to see and buy (and hers to see); to anyone else it is a 404."""
    users, _ = world
    maya = update_artist_profile(artist=users["maya"].artist, open_for_commissions=True)
    commission = request_commission(buyer=users["ben"], artist=maya, brief="Our house in winter")
    send_quote(commission=commission, artist=maya, price="200.00", delivery_by=timezone.localdate() + timedelta(days=9))
    artwork = accept_quote(commission=commission, buyer=users["ben"]).product
    detail = reverse("api:product-detail", kwargs={"pk": artwork.pk})
    leaks = []

    for who, user in [("bea", users["bea"]), ("theo", users["theo"]), ("anonymous", None)]:
        client = api_as(user)
        seen = client.get(detail)
        if seen.status_code != 404:
            leaks.append(f"GET {detail} as {who} → {seen.status_code}")
        bought = client.post(reverse("api:cart-items"), {"product_id": artwork.pk, "quantity": 1}, format="json")
        if bought.status_code not in REFUSED:
            leaks.append(f"POST cart/items/ {artwork.pk} as {who} → {bought.status_code}")
        listed = client.get(reverse("api:product-list"), {"search": "winter"})
        if any(item["id"] == artwork.pk for item in listed.json().get("results", [])):
            leaks.append(f"products/ lists it to {who}")

    assert leaks == [], "\n".join(leaks)
    assert not Basket.objects.filter(lines__product=artwork).exclude(owner=users["ben"]).exists()
    assert api_as(users["ben"]).get(detail).status_code == 200
    assert api_as(users["maya"]).get(detail).status_code == 200


# --- the art assistant's conversations (search.assistant) ---------------------------------------


def assistant_cases(*, ben) -> dict:
    """Ben's conversation with the assistant: his alone to read back."""
    from search.assistant.models import Conversation

    conversation = Conversation.objects.create(user=ben, title="Something blue under £200")
    return {"api:chat-conversation": Case("ben", {"conversation": conversation.pk})}


def test_nobody_continues_another_users_conversation(world):
    """`chat/` takes the conversation in its body, not its path: a stranger naming Ben's gets a 404 and adds nothing."""
    from search.assistant.models import Conversation, ConversationMessage

    users, _ = world
    bens = Conversation.objects.create(user=users["ben"], title="Something blue under £200")
    leaks = []

    for who, user in [(who, user) for who, user in users.items() if who != "ben"] + [("anonymous", None)]:
        response = api_as(user).post(reverse("api:chat"), {"message": "more", "conversation": bens.pk}, format="json")
        if response.status_code not in REFUSED:
            leaks.append(f"POST chat/ into Ben's conversation as {who} → {response.status_code}")

    assert leaks == [], "\n".join(leaks)
    assert not ConversationMessage.objects.filter(conversation=bens).exists()
    assert (
        api_as(users["ben"])
        .post(reverse("api:chat"), {"message": "more", "conversation": bens.pk}, format="json")
        .status_code
        == 201
    )
