"""Commissions made the way the product makes them, for the bridge tests: request, quote, accept, order, pay.

Plain functions (no tests here): the services the site and the API call, an order placed through the
checkout's order creator, and a payment over the API against localstripe.
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from artiqo.testing import api_as
from artists.commissions.services import request_commission, send_quote
from artists.tests.factories import make_artist
from shop.basket.services import open_basket_for
from shop.catalogue.images import clean_artwork_image
from shop.commissions.checkout import accept_quote
from shop.order.services import place_order
from shop.order.tests.factories import shipping_address
from shop.payment.models import Payment

Product = get_model("catalogue", "Product")

BRIEF = "A portrait of my dog Rufus asleep by the harbour, in oils, about 40 by 50 cm"
PRICE = Decimal("450.00")


def open_studio(username: str = "maya"):
    """An approved artist who takes commissions (needs the `site_pages` fixture)."""
    artist = make_artist(username=username)
    artist.open_for_commissions = True
    artist.save(update_fields=["open_for_commissions"])
    return artist


def quoted(*, artist, buyer, price: Decimal = PRICE, brief: str = BRIEF):
    """A request the artist has answered with a quote the buyer has not answered yet."""
    commission = request_commission(buyer=buyer, artist=artist, brief=brief)
    send_quote(commission=commission, artist=artist, price=price, delivery_by=timezone.localdate() + timedelta(days=40))
    commission.refresh_from_db()
    return commission


def accepted(*, artist, buyer, **quote):
    """A quote the buyer accepted: the reserved artwork is made and sits in their cart."""
    commission = quoted(artist=artist, buyer=buyer, **quote)
    accept_quote(commission=commission, buyer=buyer)
    commission.refresh_from_db()
    return commission


def reserved_artwork(commission):
    return Product.objects.get(commission=commission)


def check_out(buyer):
    """The buyer's cart becomes an order awaiting payment (the checkout's order creator)."""
    return place_order(user=buyer, basket=open_basket_for(buyer), shipping_address=shipping_address())


def pay(order, key: str = "k1") -> Payment:
    """The buyer pays the order by card over the API (localstripe), as the app does."""
    response = api_as(order.user).post(
        f"/api/v1/orders/{order.number}/payments/",
        {"payment_method": "pm_card_visa"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "completed", response.json()
    return Payment.objects.get(pk=response.json()["id"])


def finished_picture():
    """A photo of the finished piece, through the artwork image pipeline (as the studio and API run it)."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (160, 90, 40)).save(out, "JPEG")
    return clean_artwork_image(SimpleUploadedFile("rufus.jpg", out.getvalue(), content_type="image/jpeg")).file
