"""Running Artiqo as a service: start-up checks, health, logs, the email queue and the scheduler.

Nothing here is about art or orders; it is what lets any number of app, worker and scheduler
processes (the Procfile) share one database and one Redis, and refuse to start when they can't.
"""
