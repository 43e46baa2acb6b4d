"""Admins approve, suspend and reinstate artists from the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from artists.models import Artist
from artists.services import approve_artist, suspend_artist

MANAGE = "artists.change_artist"


@permission_required(MANAGE, raise_exception=True)
def artist_list(request):
    """Every artist with their status; pending applications first, then by name."""
    status = request.GET.get("status", "")
    artists = Artist.objects.select_related("user", "page").order_by("display_name")
    if status in Artist.Status.values:
        artists = artists.filter(status=status)
    counts = Artist.objects.aggregate(**{value: Count("pk", filter=Q(status=value)) for value in Artist.Status.values})
    return TemplateResponse(
        request,
        "artists/admin/artist_list.html",
        {
            "artists": artists,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in Artist.Status.choices],
        },
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def approve(request, pk):
    artist = approve_artist(artist=get_object_or_404(Artist, pk=pk))
    messages.success(request, f"{artist} is approved: they have a studio login, a shop and a draft page.")
    return redirect("artist_approvals:list")


@require_POST
@permission_required(MANAGE, raise_exception=True)
def suspend(request, pk):
    artist = suspend_artist(artist=get_object_or_404(Artist, pk=pk), reason=request.POST.get("reason", "").strip())
    messages.warning(request, f"{artist} is suspended: their page and artworks are hidden and sales stopped.")
    return redirect("artist_approvals:list")
