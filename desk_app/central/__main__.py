"""``python -m desk_app.central``: the same as ``desk-central``."""

from desk_app.central.cli import main

raise SystemExit(main())
