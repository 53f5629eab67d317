"""desk_app — the reception-counter application for Vietnamese police stations.

Nothing is done at import time: the composition root is :mod:`desk_app.bootstrap`.
"""

__version__ = "0.1.0"
