"""JSON in: DRF's parser, refusing bodies nested deeper than any request of this API needs.

Python's json module recurses once per level, so a body of a few thousand `[` raised
RecursionError, which DRF does not catch: a 500 from any JSON endpoint, login included. Every
body this API accepts is a few levels deep; anything past MAX_JSON_DEPTH is refused with a 400.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32
TOO_DEEP = f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."


class JSONParser(parsers.JSONParser):
    """The default JSON parser of the API (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"])."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nested_deeper_than(data, MAX_JSON_DEPTH):
            raise ParseError(TOO_DEEP)
        return data


def nested_deeper_than(data, limit: int) -> bool:
    """Whether lists/objects in `data` nest more than `limit` levels (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False
