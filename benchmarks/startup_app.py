"""The app's side of the startup budget: `cdt-desktop` itself (app.main), shown and idle.

The parent passes the case store folder in CDT_DESKTOP_DATA_DIR (a store made by a first, untimed
run), so this measures an ordinary day's start, not the first-ever one, and sets
CDT_DESKTOP_STARTUP_PROBE, so that main() prints `ready <peak RSS KiB>` once the shown window's
loop is idle and quits (the bundled app is timed with the same probe). Everything `cdt-desktop`
does is in the measurement: logging, the exception hook, the application's identity and icon,
the instance lock, the window.
"""

import os
import sys


def main() -> None:
    from cdt_desktop import app as cdt_app

    sys.exit(cdt_app.main(data_dir=os.environ["CDT_DESKTOP_DATA_DIR"]))


if __name__ == "__main__":
    main()
