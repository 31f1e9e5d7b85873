"""`python -m cdt_desktop` is the same as the `cdt-desktop` command."""

import sys

from cdt_desktop.cli import main

sys.exit(main())
