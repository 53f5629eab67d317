"""The reference central server that desks sync to (issue 6)."""
