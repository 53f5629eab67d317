"""The sync wing: everything that decides what goes to the central server and what its answers mean.

* :mod:`~desk_app.sync.outbox` — queue a dossier, record an event, queue a scan, each inside the caller's
  unit of work (the only place that builds payloads);
* :mod:`~desk_app.sync.policy` — pure: the backoff and the one table of what each server answer means;
* :mod:`~desk_app.sync.client` — the HTTP client (httpx, TLS verified);
* :mod:`~desk_app.sync.worker` — a sync round, enrolment, the sync status and the outbox view's reads.

Storage never imports this package (an import-linter contract): repositories store, they queue nothing.
"""
