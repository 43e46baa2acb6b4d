"""Templates ask `artists.selling` too: `{% if user|can_use_studio %}` shows the studio link to those it lets in."""

from django import template

from artists import selling

register = template.Library()


@register.filter
def can_use_studio(user) -> bool:
    return selling.can_use_studio(user)
