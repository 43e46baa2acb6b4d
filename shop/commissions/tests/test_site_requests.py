"""Asking for a commission on the site: the artist page's box, the directory filter, the request form."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionRequest
from artists.models import ArtistPage
from artists.services import update_artist_profile
from artists.tests.factories import make_artist

pytestmark = pytest.mark.django_db

NOTE = "Portraits from photos, 6–8 weeks"


def png(name="harbour.png", size=(48, 32)) -> SimpleUploadedFile:
    """A small real PNG, as a phone would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 120)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def published(artist):
    """The artist with their story page published, as an admin would after approval."""
    ArtistPage.objects.get(artist=artist).save_revision().publish()
    return artist


@pytest.fixture
def maya(site_pages):
    artist = make_artist(username="maya", display_name="Maya Lindqvist")
    return published(update_artist_profile(artist=artist, open_for_commissions=True, commission_note=NOTE))


@pytest.fixture
def theo(site_pages):
    return published(make_artist(username="theo", display_name="Theo Marsh", city="Manchester"))


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


def request_url(artist) -> str:
    return f"/artists/{artist.slug}/commission/"


def test_a_buyer_requests_a_commission_with_a_reference_picture(client, maya, ben, django_capture_on_commit_callbacks):
    client.force_login(ben)
    form_page = client.get(request_url(maya))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    for label in ('for="id_brief">Your brief', 'for="id_budget">Budget (£)', 'for="id_deadline">Wished-by date'):
        assert label in html
    assert 'for="id_references">Reference pictures' in html and "multiple" in html
    assert NOTE in html and "Send request" in html

    wished_by = timezone.localdate() + timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url(maya),
            {
                "brief": "  Our dog Pip by the harbour, oils, 40×50  ",
                "budget": "450",
                "deadline": wished_by.isoformat(),
                "references": [png()],
            },
        )

    commission = CommissionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/account/commissions/{commission.pk}/"
    assert (commission.buyer, commission.artist, commission.status) == (ben, maya, "requested")
    assert commission.brief == "Our dog Pip by the harbour, oils, 40×50" and str(commission.budget) == "450.00"
    assert commission.deadline == wished_by
    (reference,) = commission.references.all()
    assert (reference.width, reference.height) == (48, 32)
    assert sorted(message.to[0] for message in mail.outbox) == ["ben@example.com", "maya@example.com"]

    detail = client.get(response["Location"])
    assert "Sent to Maya Lindqvist. You&#x27;ll get an email when they answer." in detail.content.decode()
    assert (
        "Our dog Pip by the harbour" in detail.content.decode()
        and 'alt="Reference picture 1"' in detail.content.decode()
    )


def test_a_guest_is_sent_to_log_in_and_back_to_the_form(client, maya):
    response = client.get(request_url(maya))

    assert response.status_code == 302
    assert response["Location"] == f"/shop/accounts/login/?next={request_url(maya)}"
    assert client.post(request_url(maya), {"brief": "A portrait"}).status_code == 302
    assert not CommissionRequest.objects.exists()


def test_a_closed_artist_refuses_politely_and_nothing_is_saved(client, theo, ben):
    client.force_login(ben)

    shown = client.get(request_url(theo))
    sent = client.post(request_url(theo), {"brief": "A mill at dusk"})

    for response in (shown, sent):
        assert response.status_code == 409
        assert "Theo Marsh is not taking commissions at the moment." in response.content.decode()
        assert 'id="id_brief"' not in response.content.decode()
    assert not CommissionRequest.objects.exists()
    assert mail.outbox == []


def test_an_artist_cannot_commission_their_own_studio(client, maya):
    client.force_login(maya.user)

    response = client.post(request_url(maya), {"brief": "Myself"})

    assert response.status_code == 400
    assert not CommissionRequest.objects.exists()


def test_an_unknown_artist_is_a_404(client, ben):
    client.force_login(ben)

    assert client.get("/artists/nobody-at-all/commission/").status_code == 404


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"brief": "   "}, "brief", "Tell the artist what you would like."),
        ({"brief": "x" * 4001}, "brief", "at most 4000 characters"),
        ({"brief": "A cat", "budget": "-5"}, "budget", "greater than or equal to 0.01"),
        ({"brief": "A cat", "deadline": "2001-01-01"}, "deadline", "Pick a date that is not in the past."),
    ],
)
def test_a_wrong_field_is_shown_on_it_and_nothing_is_saved(client, maya, ben, fields, field, words):
    client.force_login(ben)

    response = client.post(request_url(maya), fields)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert response.context["form"].errors[field]
    assert not CommissionRequest.objects.exists() and mail.outbox == []


def test_a_file_that_is_not_a_picture_is_refused_on_the_field(client, maya, ben):
    client.force_login(ben)
    fake = SimpleUploadedFile("portrait.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client.post(request_url(maya), {"brief": "A cat", "references": [png(), fake]})

    assert response.status_code == 400
    assert "portrait.png: That file is not a JPEG, PNG or WebP image." in response.content.decode()
    assert not CommissionRequest.objects.exists()


def test_more_than_three_references_are_refused(client, maya, ben):
    client.force_login(ben)

    response = client.post(request_url(maya), {"brief": "A cat", "references": [png(f"{n}.png") for n in range(4)]})

    assert response.status_code == 400
    assert "Send at most 3 reference pictures." in response.content.decode()
    assert not CommissionRequest.objects.exists()


def test_the_request_form_needs_the_csrf_token(maya, ben):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ben)

    assert client.post(request_url(maya), {"brief": "A cat"}).status_code == 403
    assert not CommissionRequest.objects.exists()


def test_the_artist_page_shows_the_commissions_box_only_when_open(client, maya, theo):
    maya_page = client.get(ArtistPage.objects.get(artist=maya).url)
    theo_page = client.get(ArtistPage.objects.get(artist=theo).url)

    assert maya_page.status_code == theo_page.status_code == 200
    html = maya_page.content.decode()
    assert 'id="commissions-heading">Commissions</h2>' in html and NOTE in html
    assert f'href="{request_url(maya)}">Request a commission</a>' in html
    assert "Request a commission" not in theo_page.content.decode()


def test_the_directory_filters_artists_who_take_commissions(client, maya, theo):
    everyone = client.get("/artists/")
    open_only = client.get("/artists/", {"commissions": "open"})

    assert "Maya Lindqvist" in everyone.content.decode() and "Theo Marsh" in everyone.content.decode()
    assert everyone.content.decode().count("Takes commissions</span>") == 2  # the checkbox and Maya's badge
    html = open_only.content.decode()
    assert "Maya Lindqvist" in html and "Theo Marsh" not in html
    assert "1 artist taking commissions" in html
    assert 'name="commissions" value="open" checked' in html


def test_the_account_navigation_links_my_commissions(client, ben):
    client.force_login(ben)

    response = client.get("/shop/accounts/orders/")

    assert 'href="/account/commissions/"' in response.content.decode()
    assert "My commissions" in response.content.decode()
