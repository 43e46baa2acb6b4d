from django import template

from ..menus import menu_links

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_menu_links(context):
    """The editorial pages for the footer, as (url, title), cached (see home/menus.py)."""
    request = context.get("request")
    return menu_links(request) if request is not None else []
