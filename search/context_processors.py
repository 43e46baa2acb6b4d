def search_form(request):
    """The header's search box on every page, pre-filled from `?q=` (as long as SearchForm allows).

    A plain value rather than a bound form: the box is one input, and rendering a form widget's
    templates on every page cost more than the rest of the header.
    """
    return {"search_query": request.GET.get("q", "")[:200]}
