"""WSGI entry point for gunicorn (`gunicorn artiqo.wsgi`): production settings unless told otherwise.

Before serving, the production start-up checks run (artiqo.ops.checks): a missing database, cache,
mail server or Stripe key stops each worker from booting with the checks' messages, instead of a
site that half works. `make run` uses runserver with artiqo.settings.dev, never this default.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "artiqo.settings.production")
application = get_wsgi_application()

from artiqo.ops.checks import refuse_to_serve_on_errors  # noqa: E402  (needs the apps loaded above)

refuse_to_serve_on_errors()
