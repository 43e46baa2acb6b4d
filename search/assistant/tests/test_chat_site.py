"""The "Ask Artiqo" panel on the site: guests are asked to log in; a signed-in buyer asks without JavaScript
and gets the reply and artwork links on the conversation page; the script's JSON endpoint checks CSRF.
"""

from urllib.parse import quote

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from search.assistant.models import Conversation, ConversationMessage
from shop.catalogue.tests.factories import make_artwork

pytestmark = pytest.mark.django_db

ASK = reverse("assistant:ask")
CATALOGUE = reverse("catalogue:index")


@pytest.fixture
def gallery(site_pages):
    maya = make_artist(username="maya")
    return {
        "cheap": make_artwork(maya, title="Harbour Blue Morning", price="150.00"),
        "dear": make_artwork(maya, title="Harbour Blue Evening", price="1250.00"),
    }


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


@pytest.fixture
def bens_browser(client, ben):
    client.force_login(ben)
    return client


@pytest.mark.parametrize("page", ["catalogue", "home"])
def test_a_guest_is_asked_to_log_in_and_comes_back(client, gallery, page):
    url = CATALOGUE if page == "catalogue" else "/"

    html = client.get(url).content.decode()

    assert "Log in to ask Artiqo" in html
    assert f"{reverse('customer:login')}?next={quote(url)}" in html
    assert 'name="message"' not in html


@pytest.mark.parametrize("page", ["catalogue", "home"])
def test_the_catalogue_and_home_pages_carry_the_panel_for_a_signed_in_buyer(bens_browser, gallery, page):
    html = bens_browser.get(CATALOGUE if page == "catalogue" else "/").content.decode()

    assert '<label class="assistant-panel__label" for="assistant-message">Ask Artiqo</label>' in html
    assert f'action="{ASK}"' in html and f'data-endpoint="{reverse("assistant:chat")}"' in html
    assert 'aria-live="polite"' in html
    assert "js/assistant.js" in html and "defer" in html
    assert "Log in to ask Artiqo" not in html


def test_asking_without_javascript_shows_the_reply_and_links_to_the_artworks(bens_browser, ben, gallery):
    response = bens_browser.post(ASK, {"message": "harbour under £200"}, follow=True)

    assert response.status_code == 200
    conversation = Conversation.objects.get(user=ben)
    assert response.redirect_chain == [
        (reverse("assistant:conversation", kwargs={"pk": conversation.pk}) + "#assistant-latest", 302)
    ]
    html = response.content.decode()
    reply = conversation.messages.filter(role="assistant").get()
    assert "harbour under £200" in html
    assert reply.content.split("\n")[0][:40] in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert gallery["cheap"].get_absolute_url() in html and "£150.00" in html
    assert gallery["dear"].get_absolute_url() not in html
    assert f'name="conversation" value="{conversation.pk}"' in html

    again = bens_browser.post(ASK, {"message": "something by maya", "conversation": conversation.pk}, follow=True)

    assert again.status_code == 200
    assert Conversation.objects.filter(user=ben).count() == 1
    assert conversation.messages.filter(role="user").count() == 2


def test_a_guest_posting_the_form_is_sent_to_log_in(client, gallery):
    response = client.post(ASK, {"message": "harbour"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("customer:login"))
    assert not ConversationMessage.objects.exists()


def test_an_empty_or_overlong_question_is_refused_on_the_page(bens_browser, gallery):
    empty = bens_browser.post(ASK, {"message": "  "})
    overlong = bens_browser.post(ASK, {"message": "x" * 2001})
    not_an_id = bens_browser.post(ASK, {"message": "harbour", "conversation": "abc"})

    assert (empty.status_code, overlong.status_code, not_an_id.status_code) == (400, 400, 400)
    assert "This field is required." in empty.content.decode()
    assert not ConversationMessage.objects.exists()


def test_another_buyers_conversation_is_a_404_on_the_site(bens_browser, gallery):
    beas = Conversation.objects.create(user=UserFactory(username="bea"), title="Bea's secret")

    seen = bens_browser.get(reverse("assistant:conversation", kwargs={"pk": beas.pk}))
    continued = bens_browser.post(ASK, {"message": "harbour", "conversation": beas.pk})

    assert (seen.status_code, continued.status_code) == (404, 404)
    assert "Bea&#x27;s secret" not in seen.content.decode()
    assert not ConversationMessage.objects.exists()


@override_settings(ASSISTANT_RATE_LIMIT="1/10m")
def test_asking_too_often_on_the_site_says_when_to_try_again(bens_browser, gallery):
    bens_browser.post(ASK, {"message": "harbour"})

    refused = bens_browser.post(ASK, {"message": "harbour again"})

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "try again in" in refused.content.decode()


def test_the_panel_script_gets_the_reply_and_its_cards_as_json_with_the_session(ben, gallery):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ben)
    token = browser.get(CATALOGUE).context["csrf_token"]
    chat = reverse("assistant:chat")

    forged = browser.post(chat, {"message": "harbour"}, content_type="application/json")
    answered = browser.post(
        chat, {"message": "harbour under £200"}, content_type="application/json", headers={"X-CSRFToken": str(token)}
    )

    assert forged.status_code == 403
    assert answered.status_code == 201, answered.content
    body = answered.json()
    assert body["conversation"] == Conversation.objects.get(user=ben).pk
    assert gallery["cheap"].pk in [product["id"] for product in body["products"]]
    assert gallery["cheap"].get_absolute_url() in body["cards_html"] and "£150.00" in body["cards_html"]
    assert Client().post(chat, {"message": "harbour"}, content_type="application/json").status_code == 403
