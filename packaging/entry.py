"""The bundle's entry point: ``desk-app`` (the GUI with no command, else the command line)."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
