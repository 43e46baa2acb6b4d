"""The art assistant's settings, read from the environment (star-imported by base.py).

With a key, the assistant answers through any OpenAI-compatible chat-completions server (OpenAI,
or a self-hosted vLLM / Ollama / llama.cpp at OPENAI_BASE_URL); without one, the built-in provider
answers offline. Either way the artworks come from our own catalogue through read-only tools.
"""

import environ

env = environ.Env()

OPENAI_API_KEY = env("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")  # empty: api.openai.com
OPENAI_MODEL = env("OPENAI_MODEL", default="gpt-4o-mini")
# A model slower than this (per request) is given up on and the built-in provider answers instead.
ASSISTANT_TIMEOUT_SECONDS = env.int("ASSISTANT_TIMEOUT_SECONDS", default=20)
# Model tokens one conversation may spend; past it the built-in provider answers that conversation.
ASSISTANT_TOKEN_BUDGET = env.int("ASSISTANT_TOKEN_BUDGET", default=20000)
# Rounds of tool calls the model may make for one message before it must answer.
ASSISTANT_MAX_TOOL_ROUNDS = env.int("ASSISTANT_MAX_TOOL_ROUNDS", default=4)
# Messages one user may send per window: "<count>/<number><s|m|h>" (e.g. "20/10m"); over it, 429.
ASSISTANT_RATE_LIMIT = env("ASSISTANT_RATE_LIMIT", default="20/10m")
# Conversations untouched this many days are deleted by the scheduler.
ASSISTANT_RETENTION_DAYS = env.int("ASSISTANT_RETENTION_DAYS", default=30)
