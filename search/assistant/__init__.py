"""The art assistant: a chat that finds real artworks through read-only tools over the catalogue.

`service.ask()` is the one entry point (the API and the site call it); `tools.py` is all the model
may see of the catalogue; `providers/` holds the built-in provider and the OpenAI-compatible one.
"""
