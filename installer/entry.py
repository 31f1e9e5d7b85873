"""Bundle entry point: the same as the `cdt-desktop` command."""

import sys

from cdt_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
