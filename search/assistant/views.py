"""The site's "Ask Artiqo" panel: a conversation page for browsers without JavaScript, JSON for the panel's script.

Thin views over `search.assistant.service.ask` (through `api.answer_question` for the script, so the panel
and the API answer alike). The panel itself is `templates/assistant/panel.html`, included by the catalogue
and home pages. Only a conversation's user reaches it: anyone else's id is a 404 on every URL.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from .api import answer_question, conversation_data, own_conversation
from .forms import AskArtiqoForm
from .models import Conversation
from .service import AssistantRateLimited, ask


def conversation_page(request, conversation=None, *, form=None, problem="", status=200):
    """The conversation so far (if any) above the form that continues it."""
    thread = conversation_data(conversation, {"request": request}) if conversation is not None else None
    form = form or AskArtiqoForm(initial={"conversation": conversation.pk if conversation is not None else None})
    context = {"assistant_thread": thread, "assistant_form": form, "assistant_problem": problem}
    return render(request, "assistant/conversation.html", context, status=status)


def _own_or_404(request, pk):
    try:
        return own_conversation(request.user, pk)
    except NotFound as missing:
        raise Http404("No such conversation.") from missing


@login_required
@require_http_methods(["GET", "POST"])
def ask_artiqo(request):
    """The panel's form without JavaScript: ask, then show the conversation (post/redirect/get).

    A GET shows the empty form: where the guest's "Log in to ask Artiqo" may lead back to.
    """
    if request.method != "POST":
        return conversation_page(request)
    form = AskArtiqoForm(request.POST)
    conversation = None
    if form.is_valid() and form.cleaned_data["conversation"] is not None:
        conversation = _own_or_404(request, form.cleaned_data["conversation"])
    if not form.is_valid():
        return conversation_page(request, conversation, form=form, status=400)
    try:
        conversation, _answer, _products = ask(
            user=request.user, message=form.cleaned_data["message"], conversation=conversation
        )
    except AssistantRateLimited as limited:
        problem = f"You have asked a lot in a short time: please try again in {limited.retry_after} seconds."
        response = conversation_page(request, conversation, form=form, problem=problem, status=429)
        response["Retry-After"] = str(max(1, int(limited.retry_after)))
        return response
    except ValidationError as wrong:
        return conversation_page(request, conversation, form=form, problem=" ".join(wrong.messages), status=400)
    except Conversation.DoesNotExist as gone:
        raise Http404("No such conversation.") from gone
    return redirect(reverse("assistant:conversation", kwargs={"pk": conversation.pk}) + "#assistant-latest")


@login_required
def conversation(request, pk: int):
    """One of the signed-in buyer's conversations, with the form to go on asking."""
    return conversation_page(request, _own_or_404(request, pk))


@extend_schema(exclude=True)  # the site's endpoint, not part of the API
class PanelChatView(APIView):
    """The panel script's POST: the API's `chat/` with the browser's session (and so its CSRF check).

    Besides the API's answer it returns the artworks' cards rendered by the site's own template, so
    the script shows the same cards, prices formatted the same way, as the page without JavaScript.
    """

    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    def post(self, request):
        response = answer_question(request)
        response.data["cards_html"] = render_to_string(
            "assistant/artwork_cards.html", {"products": response.data["products"]}, request=request
        )
        return response
