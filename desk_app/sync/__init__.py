"""Outbox, protocol and worker that sync the station to the central server (issue 6)."""
