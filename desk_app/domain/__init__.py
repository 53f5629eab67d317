"""Pure rules of the counter: dossiers, codes, identity, calendar, catalogue, text.

No Qt, no SQL, no I/O and no clock reads here: callers pass ``now`` in.
"""
