"""Which provider answers: the OpenAI-compatible one when a key is configured, else the built-in one."""

from django.conf import settings

from .base import ProviderUnavailable, Reply

__all__ = ["ProviderUnavailable", "Reply", "builtin_provider", "provider_for_settings"]


def builtin_provider():
    """The offline provider: always there, used by default and as the fallback."""
    from .builtin import BuiltinProvider

    return BuiltinProvider()


def provider_for_settings():
    """The OpenAI-compatible provider when OPENAI_API_KEY is set, otherwise the built-in one."""
    if getattr(settings, "OPENAI_API_KEY", ""):
        from .openai_compatible import OpenAICompatibleProvider

        return OpenAICompatibleProvider()
    return builtin_provider()
