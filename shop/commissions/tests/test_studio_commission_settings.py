"""The studio's other commission screens: the Profile's commission settings and Django's read-only admin."""

import pytest

from artiqo.users.tests.factories import UserFactory
from artists.commissions.models import CommissionMessage, CommissionRequest
from artists.tests.factories import make_artist

from .test_studio_commissions import ask, client_for, open_studio, quote

pytestmark = pytest.mark.django_db

Status = CommissionRequest.Status


# --- the Profile screen's commission settings ---------------------------------------------------------

PROFILE = "/cms/profile/"
PROFILE_FIELDS = {"display_name": "Maya Lindqvist", "city": "Bristol", "region": "", "bio": ""}


def test_an_artist_opens_for_commissions_in_their_profile(site_pages):
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    studio = client_for(maya.user)
    assert 'name="open_for_commissions"' in studio.get(PROFILE).content.decode()

    response = studio.post(
        PROFILE,
        {
            **PROFILE_FIELDS,
            "open_for_commissions": "on",
            "commission_note": "Portraits from photos, 6–8 weeks",
            "max_open_commissions": "3",
        },
    )

    assert response.status_code == 302
    maya.refresh_from_db()
    assert (maya.open_for_commissions, maya.commission_note, maya.max_open_commissions) == (
        True,
        "Portraits from photos, 6–8 weeks",
        3,
    )
    form = studio.get(PROFILE).context["form"]
    assert form.initial["open_for_commissions"] is True and form.initial["max_open_commissions"] == 3


@pytest.mark.parametrize(
    "field, value",
    [("max_open_commissions", "0"), ("max_open_commissions", "500"), ("commission_note", "n" * 301)],
)
def test_commission_settings_out_of_bounds_are_refused_and_nothing_is_saved(site_pages, field, value):
    maya = make_artist(username="maya", display_name="Maya Lindqvist")
    data = {**PROFILE_FIELDS, "city": "Bath", "open_for_commissions": "on", field: value}

    response = client_for(maya.user).post(PROFILE, data)

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    maya.refresh_from_db()
    assert (maya.open_for_commissions, maya.city, maya.max_open_commissions, maya.commission_note) == (
        False,
        "Bristol",
        None,
        "",
    )


# --- Django's admin (/django-admin/) -----------------------------------------------------------------


def test_django_admin_shows_a_request_with_its_quotes_and_thread_read_only(site_pages, admin_user):
    maya = open_studio(make_artist(username="maya", display_name="Maya Lindqvist"))
    ben = UserFactory(username="ben")
    commission = ask(maya, ben)
    quote(commission, price="450.00")
    CommissionMessage.objects.create(commission=commission, author=ben, body="Biscuit is a spaniel.")
    admin = client_for(admin_user)
    url = f"/django-admin/artists/commissionrequest/{commission.pk}/change/"

    listing = admin.get("/django-admin/artists/commissionrequest/")
    page = admin.get(url)
    changed = admin.post(url, {"brief": "Rewritten by staff", "status": "completed"})

    assert listing.status_code == 200 and "Maya Lindqvist" in listing.content.decode()
    body = page.content.decode()
    assert page.status_code == 200
    assert commission.brief in body and "Biscuit is a spaniel." in body and "450.00" in body
    assert 'name="brief"' not in body, "nothing to edit"
    assert changed.status_code == 403
    assert admin.get("/django-admin/artists/commissionrequest/add/").status_code == 403
    commission.refresh_from_db()
    assert (commission.brief, commission.status) == ("A portrait of my dog Biscuit, in oils", Status.QUOTED)
