"""Scanning: scanner back-ends, file import, the page pipeline and the content-addressed page store.

No Qt here: the GUI runs these functions off its thread through its task helper, the CLI calls them
directly. Images are Pillow images; numpy does the page analysis (blank, skew, threshold).
"""
