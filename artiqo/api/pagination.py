from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination


class PageNumberPagination(DRFPageNumberPagination):
    """`?page=` and `?page_size=` (max 100), as API.md promises."""

    page_size_query_param = "page_size"
    max_page_size = 100
