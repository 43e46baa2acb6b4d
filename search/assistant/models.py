"""A buyer's conversations with the assistant: what they asked, what it answered and which artworks it showed.

Stored per user (only their user may read them) and deleted ASSISTANT_RETENTION_DAYS after their last
message by the scheduler (`service.purge_old_conversations`): a chat is a passing question, not a record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Conversation(models.Model):
    """One thread of messages between a buyer and the assistant."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assistant_conversations")
    title = models.CharField(max_length=120, blank=True, help_text="The first message, shortened.")
    # The provider that answered last ("builtin", "openai", "builtin (fallback)").
    provider = models.CharField(max_length=40, blank=True)
    # Model tokens spent so far: the OpenAI-compatible provider stops at ASSISTANT_TOKEN_BUDGET.
    tokens_used = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        app_label = "search"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["user", "updated_at"], name="assistant_user_recent")]

    def __str__(self):
        return self.title or f"Conversation #{self.pk}"


class ConversationMessage(models.Model):
    """One message: the buyer's words, or the assistant's answer with the tool calls and artworks behind it."""

    class Role(models.TextChoices):
        USER = "user", "Buyer"
        ASSISTANT = "assistant", "Assistant"
        TOOL = "tool", "Tool"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=16, choices=Role.choices)
    content = models.TextField(blank=True)
    # [{"name": ..., "arguments": {...}, "result_ids": [...]}]: how the answer was found, for review.
    tool_calls = models.JSONField(default=list, blank=True)
    # The artworks shown with this answer, in order: only ids a tool returned during this turn.
    product_ids = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "search"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="assistant_thread")]

    def __str__(self):
        return f"{self.get_role_display()} message in conversation #{self.conversation_id}"
