"""The search app's models: Oscar's search app has none; the assistant's conversations live here."""

from .assistant.models import Conversation, ConversationMessage

__all__ = ["Conversation", "ConversationMessage"]
