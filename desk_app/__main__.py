"""``python -m desk_app`` runs the same CLI as the ``desk-app`` command."""

from desk_app.cli import main

raise SystemExit(main())
