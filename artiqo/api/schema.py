def only_public_api(endpoints, **kwargs):
    """Keep the schema to our /api/v1/ contract; Wagtail's internal admin API is not part of it."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
