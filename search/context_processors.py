from .forms import SearchForm


def search_form(request):
    """Make the header's search box available on every page, pre-filled from `?q=`."""
    return {"search_form": SearchForm(request.GET or None)}
