"""A buyer asks an artist for a piece: who may ask, what a request must hold, who is emailed, who sees it."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from artiqo.users.tests.factories import UserFactory
from artists.commissions import services
from artists.commissions.models import CommissionReference, CommissionRequest
from artists.commissions.services import CommissionRefused
from artists.services import suspend_artist, update_artist_profile
from artists.tests.factories import make_artist

from .conftest import in_days, sent

pytestmark = pytest.mark.django_db


def picture(name="ref.jpg") -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(out, "JPEG")
    return ContentFile(out.getvalue(), name=name)


def refusal(**kwargs) -> CommissionRefused:
    with pytest.raises(CommissionRefused) as refused:
        services.request_commission(brief="A portrait", **kwargs)
    return refused.value


def test_a_buyer_asks_and_the_artist_and_the_buyer_are_emailed_once_each(maya, ben, run_on_commit):
    commission = run_on_commit(
        services.request_commission,
        buyer=ben,
        artist=maya,
        brief="  A portrait of my dog Rufus, in oil.  ",
        budget="300",
        deadline=in_days(60),
        references=[picture("rufus.jpg"), picture()],
    )

    commission.refresh_from_db()
    assert (commission.status, commission.brief, commission.budget, commission.deadline) == (
        CommissionRequest.Status.REQUESTED,
        "A portrait of my dog Rufus, in oil.",
        Decimal("300.00"),
        in_days(60),
    )
    references = CommissionReference.objects.filter(commission=commission)
    assert [(reference.width, reference.height) for reference in references] == [(8, 6), (8, 6)]
    assert sent() == [
        ("maya@example.com", "New commission request from Ben Carter"),
        ("ben@example.com", "Your commission request to Maya Lindqvist is sent"),
    ]
    to_artist, to_buyer = mail.outbox
    assert "A portrait of my dog Rufus, in oil." in to_artist.body
    assert "Budget: 300.00" in to_artist.body and "Reference pictures: 2" in to_artist.body
    assert f"http://127.0.0.1:8000/cms/commissions/{commission.pk}/" in to_artist.body
    assert f"/commissions/{commission.pk}/" in to_buyer.body and "/cms/" not in to_buyer.body
    assert "A portrait of my dog Rufus" in to_buyer.body


def test_plain_text_emails_are_not_html_escaped(maya, ben, run_on_commit):
    run_on_commit(services.request_commission, buyer=ben, artist=maya, brief="Rufus & Co's <portrait>")

    assert "Rufus & Co's <portrait>" in mail.outbox[0].body


def test_a_closed_artist_refuses_by_name(maya, ben):
    update_artist_profile(artist=maya, open_for_commissions=False)

    refused = refusal(buyer=ben, artist=maya)

    assert (refused.code, refused.status) == ("closed", 409)
    assert "Maya Lindqvist" in refused.message
    assert not CommissionRequest.objects.exists()


def test_a_suspended_or_pending_artist_is_unavailable(maya, ben):
    pending = make_artist(username="pat", approved=False)
    pending.open_for_commissions = True
    pending.save()
    suspend_artist(artist=maya)
    maya.refresh_from_db()

    for artist in (maya, pending, None):
        refused = refusal(buyer=ben, artist=artist)
        assert (refused.code, refused.status) == ("unavailable", 400)
    assert not CommissionRequest.objects.exists()


def test_an_artist_cannot_commission_their_own_studio(maya):
    refused = refusal(buyer=maya.user, artist=maya)

    assert (refused.code, refused.status) == ("own_studio", 400)
    assert not CommissionRequest.objects.exists()


def test_an_artist_at_their_maximum_refuses_until_one_closes(maya, ben, stranger):
    update_artist_profile(artist=maya, max_open_commissions=2)
    first = services.request_commission(buyer=ben, artist=maya, brief="One")
    services.request_commission(buyer=stranger, artist=maya, brief="Two")

    refused = refusal(buyer=UserFactory(), artist=maya)

    assert (refused.code, refused.status) == ("at_capacity", 409)
    assert refused.message == ("Maya Lindqvist has 2 open commissions, the most they take at once; try again later.")
    services.decline_commission(commission=first, by_user=maya.user)
    services.request_commission(buyer=UserFactory(), artist=maya, brief="Three")
    assert services.open_count(maya) == 2


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"brief": "   "}, {"brief"}),
        ({"brief": "x" * 4001}, {"brief"}),
        ({"budget": Decimal("NaN")}, {"budget"}),
        ({"budget": "Infinity"}, {"budget"}),
        ({"budget": float("nan")}, {"budget"}),
        ({"budget": "-5"}, {"budget"}),
        ({"budget": "0"}, {"budget"}),
        ({"budget": "1000000000"}, {"budget"}),
        ({"budget": "12.345"}, {"budget"}),
        ({"budget": "twelve"}, {"budget"}),
        ({"deadline": in_days(-1)}, {"deadline"}),
        ({"deadline": "next week"}, {"deadline"}),
        ({"references": [picture() for _ in range(4)]}, {"references"}),
        ({"brief": "", "budget": "-1", "deadline": in_days(-3)}, {"brief", "budget", "deadline"}),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_written(maya, ben, fields, errors, run_on_commit):
    request = {"brief": "A portrait", **fields}

    with pytest.raises(ValidationError) as refused:
        run_on_commit(services.request_commission, buyer=ben, artist=maya, **request)

    assert set(refused.value.message_dict) == errors
    assert not CommissionRequest.objects.exists() and not CommissionReference.objects.exists()
    assert mail.outbox == []


def test_money_is_kept_to_the_cent_and_today_is_not_in_the_past(maya, ben):
    commission = services.request_commission(
        buyer=ben, artist=maya, brief="A portrait", budget=Decimal("99.5"), deadline=in_days(0)
    )

    commission.refresh_from_db()
    assert commission.budget == Decimal("99.50") and str(commission.budget) == "99.50"
    assert commission.deadline == in_days(0)


def test_each_side_sees_their_commissions_and_nobody_else_does(maya, ben, stranger, site_pages):
    theo = make_artist(username="theo")
    update_artist_profile(artist=theo, open_for_commissions=True)
    to_maya = services.request_commission(buyer=ben, artist=maya, brief="For maya")
    to_theo = services.request_commission(buyer=stranger, artist=theo, brief="For theo")
    from_maya = services.request_commission(buyer=maya.user, artist=theo, brief="Maya buys from theo")

    assert set(services.commissions_of(ben)) == {to_maya}
    assert set(services.commissions_of(maya.user)) == {to_maya, from_maya}
    assert set(services.commissions_of(theo.user)) == {to_theo, from_maya}
    assert set(services.commissions_of(stranger)) == {to_theo}
    assert list(services.commissions_of(UserFactory())) == []
    assert list(services.commissions_of(AnonymousUser())) == []
    assert list(services.commissions_of(None)) == []


def test_the_studio_counts_requests_awaiting_an_answer(maya, ben, stranger):
    waiting = services.request_commission(buyer=ben, artist=maya, brief="One")
    answered = services.request_commission(buyer=stranger, artist=maya, brief="Two")
    services.send_quote(commission=answered, artist=maya, price=Decimal("100"), delivery_by=in_days(30))

    assert list(services.awaiting_artist(maya)) == [waiting]
    assert services.open_count(maya) == 2
