"""Starts the GUI: logging and the exception hook first, then Qt, then the window.

Order matters. The exception hook goes in before the QApplication exists, so an error while
building the window is logged and shown instead of vanishing in a windowed build. A missing or
damaged reference library is a clear dialog and exit status 1, never a traceback. Nothing heavy
(ReportLab, QtPdf, the appeal dialog) is imported here: start-up pays only for the window. The
self-check lives in ``ui/shell/self_check.py``, imported only for it; which case store and code
sets a start opens is decided in ``services/`` (``store.py``, ``licensed_codes.py``).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cdt_desktop import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from cdt_desktop.core import paths
from cdt_desktop.core.errors import UserFacingError
from cdt_desktop.core.log import get_logger, rotate_current, setup_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMainWindow

    from cdt_desktop.db.codesets import CodeSetStore
    from cdt_desktop.domain.cases.ports import CaseRepository
    from cdt_desktop.domain.users import UserRepository
    from cdt_desktop.ui.shell.main_window import MainWindow

_log = get_logger("app")

EXIT_OK = 0
EXIT_FAILURE = 1
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
STARTUP_PROBE_ENV = "CDT_DESKTOP_STARTUP_PROBE"
"""Set (to anything) by the benchmark: print ``ready <peak RSS KiB>`` once the shown window's
event loop is idle, then quit. The same probe times the source tree and the bundled app."""


def app_icon() -> Any:
    """The tooth icon at every size we ship (PNG files; the SVG is their source).

    Each file is added with its size, so Qt reads a PNG only when that size is drawn instead
    of opening all seven at start-up to learn their sizes.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        png = paths.resource_path("icons", f"cdt-desktop-{size}.png")
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


def build_main_window(
    *,
    data_dir: Path | str | None = None,
    store: str | None = None,
    user: str | None = None,
) -> QMainWindow:
    """The fully wired window inside the running QApplication; not shown, no event loop.

    ``user`` signs that user in without a PIN where the store has users (tests, benchmarks and
    the self-check only; neither the command line nor the UI reaches it). A store with users
    otherwise opens locked when the window is first shown.

    Raises ``ReferenceDataError`` (a UserFacingError) when ``data/cdt.sqlite`` is missing or
    broken, and the case store's UserFacingErrors when the user's case file cannot be opened.
    """
    import linecache

    from PySide6.QtGui import QGuiApplication

    from cdt_desktop.core import atomic
    from cdt_desktop.services.licensed_codes import licensed_library
    from cdt_desktop.services.store import StoreChoice, StoreInUse
    from cdt_desktop.ui.common.settings import Key, Settings
    from cdt_desktop.ui.shell.main_window import MainWindow

    atomic.protect(*paths.owned_files(data_dir))  # no export replaces this window's store
    _clean_temporaries(data_dir)
    in_use = StoreInUse()  # what reads the store follows the window's (it may switch)
    library, licensed, codesets = licensed_library(
        paths.user_data_dir(data_dir), case_store=in_use, online=in_use.online
    )  # the library first: a broken install is said before any store is opened
    store_choice = StoreChoice(data_dir, store)
    repository = in_use.opened(store_choice.open_at_start())
    settings = Settings.for_data_dir(data_dir)
    appearance = settings.get(Key.APPEARANCE)
    if appearance != "system":  # View > Light / Dark colours: before the widgets are made
        from cdt_desktop.ui.common.appearance import apply_appearance

        apply_appearance(appearance)
    # PySide6 reads the source of every module imported after it (to see whether the module
    # uses PySide6 "features"; ours and the standard library's are spared, skip_source_scan),
    # and linecache keeps those sources: text only a traceback would need, and then it reads
    # the file again.
    linecache.clearcache()  # before the widgets, which reuse that memory (peak RSS -1 MiB)
    from cdt_desktop.services.cases import CaseService
    from cdt_desktop.services.office_library import OfficeLibrary

    office = OfficeLibrary(library, in_use)
    window = MainWindow(
        office,
        repository,
        settings,
        store_choice=store_choice,
        cases=CaseService(repository, office),
        licensed=licensed,
    )
    in_use.follow(lambda: window.store, lambda: window.store_status.online)
    _show_code_changes(window, repository, codesets)
    _attach_session(window, cast("UserRepository", repository), user)  # both backends hold users
    linecache.clearcache()  # the pane modules the window imported while it was built
    if QGuiApplication.windowIcon().isNull():  # main() gave the application the icon already,
        window.setWindowIcon(app_icon())  # and a window without its own icon shows that one
    window.destroyed.connect(lambda *_: _close(library, repository, licensed))
    return window


def _show_code_changes(
    window: MainWindow, repository: CaseRepository | None, codesets: CodeSetStore | None
) -> None:
    """The marks of open cases whose code the newest CDT edition changed."""
    if repository is not None and repository.code_sets() is not None:
        # the office's shared code set: read from the server once the window is up (the
        # marks of open cases whose code the newest edition changed), not before it shows
        from PySide6.QtCore import QTimer

        from cdt_desktop.ui.shell import codesets as shared_codes

        QTimer.singleShot(0, window, lambda: shared_codes.refresh(window))
    elif codesets is not None:  # the yearly CDT change: open cases whose code changed
        from cdt_desktop.services.cdt_editions import code_notes

        notes = code_notes(codesets)
        if notes:
            from cdt_desktop.ui.shell.codesets import show_code_notes

            show_code_notes(window, notes)


def _attach_session(window: QMainWindow, store: UserRepository, user: str | None) -> None:
    """Sign-in for this window: the badge, Ctrl+L, File > Users..., the lock at start."""
    from cdt_desktop.services.auth import AuthService
    from cdt_desktop.ui.session.controller import SessionController

    session = SessionController(window, AuthService(store))
    window.session = session  # type: ignore[attr-defined]
    cases = getattr(window, "cases", None)
    if cases is not None:  # the case service checks the signed-in user's role before writing
        cases.auth = session.auth
    switched = getattr(window, "storeSwitched", None)
    if switched is not None:  # File > Case store...: sign-in follows the window's store
        switched.connect(session.switch_store)
    if (user_switched := getattr(window, "user_switched", None)) is not None:
        session.userSwitched.connect(user_switched)  # the previous user's case closes
    if (signed_in := getattr(window, "signed_in", None)) is not None:
        session.signedIn.connect(signed_in)  # the buttons follow the user's role
    if user is not None and session.sign_in_state() is True:
        session.sign_in_trusted(user)
    session.start()


def _clean_temporaries(data_dir: Path | str | None) -> None:
    """Remove what a killed backup or export left in the app's own folders (issue 15 item 8):
    the data folder and its backups. Export folders are cleaned by the next export there, and
    stale read-only copies by the next read-only open."""
    from cdt_desktop.core.tempclean import clean_stale

    folder = paths.user_data_dir(data_dir)
    removed = clean_stale(folder) + clean_stale(folder / "backups")
    if removed:
        _log.info("removed %d stale temporary file(s)", removed)


def _close(*resources: object) -> None:
    for resource in resources:
        close = getattr(resource, "close", None)
        if close is not None:
            try:
                close()
            except Exception as exc:
                _log.warning("close failed (%s)", type(exc).__name__)


def _make_application(qt_args: Sequence[str] = ()) -> QApplication:
    """The application, with Qt's own options from the command line (``-platform xcb``)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from cdt_desktop.ui import skip_source_scan

    skip_source_scan()  # before the window's modules are imported
    existing = QApplication.instance()
    if existing is None:
        # fractional scaling (125 %, 150 %) as is, not rounded to whole factors
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = existing or QApplication([*sys.argv[:1], *qt_args])
    assert isinstance(app, QApplication)
    if existing is None and app.platformName() == "offscreen":  # self-check, tests, benchmarks
        from cdt_desktop.ui.common.qt_messages import drop_known_noise

        drop_known_noise()
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def preload() -> None:
    """Import the window's Qt-free modules while PySide6 is not loaded yet.

    Once PySide6 is imported it hooks ``__import__`` and reads the *source* of every module
    imported afterwards (its ``__feature__`` check), which costs start-up time and keeps the
    text in ``linecache``. Our domain and database modules never use Qt, so importing them first
    spares that work. Harmless when PySide6 is already loaded (tests, benchmarks). Plain import
    statements, so that the bundle's static analysis sees them.
    """
    import sqlite3  # noqa: F401

    import cdt_desktop.db.cases
    import cdt_desktop.db.cases.sqlite.repository
    import cdt_desktop.db.cases.url
    import cdt_desktop.db.reference.library
    import cdt_desktop.domain.chart_layout  # noqa: F401


@contextmanager
def starting() -> Iterator[None]:
    """Start-up with the cyclic garbage collector paused; what it built is frozen afterwards.

    Start-up creates tens of thousands of objects that live as long as the app (modules,
    classes, the enum classes PySide6 builds, widgets) and almost no garbage, so the collections
    their allocations would trigger find next to nothing (some 60 of them, about 10 ms here).
    ``gc.freeze`` then keeps those objects out of every later collection too, so the pauses while
    the user types stay short. Not collecting first leaves start-up's few hundred cyclic leftovers
    (about 0.1 MB) in memory for good; a full collection would cost more time than they weigh.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def main(
    *,
    data_dir: Path | str | None = None,
    store: str | None = None,
    self_check: bool = False,
    qt_args: Sequence[str] = (),
) -> int:
    """Run the app; ``self_check`` builds the window offscreen, searches once and exits;
    ``qt_args``: Qt's own options (``cli.qt_options``)."""
    with starting():
        started = _start(data_dir, self_check, store, qt_args)
    if isinstance(started, int):
        return started
    app, window, log_file, lock = started
    try:
        if self_check:
            return _self_check(app, window, log_file)
        if os.environ.get(STARTUP_PROBE_ENV):
            _probe_when_idle(app)
        status = app.exec()
        _dispose(window)
    finally:
        if lock is not None:  # the next start finds the case store free
            from cdt_desktop.ui.shell import instance_lock

            with suppress(OSError):
                instance_lock.show_path(paths.user_data_dir(data_dir)).unlink(missing_ok=True)
            lock.unlock()
    _log.info("exit %s", status)
    return int(status)


def _start(
    data_dir: Path | str | None,
    self_check: bool,
    store: str | None = None,
    qt_args: Sequence[str] = (),
) -> int | tuple[QApplication, QMainWindow, Path | None, Any]:
    """Everything up to the shown window (or the exit status when it cannot start).

    The window holds the case store's instance lock (returned last) while it runs; the
    self-check shows no window to anyone and takes none.
    """
    preload()
    from cdt_desktop.ui.shell import excepthook

    if self_check:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    excepthook.install()  # first: nothing raised from here on is lost, not even by logging
    log_file = _start_logging(data_dir)
    _log.info("starting %s %s", APP_NAME, __version__)
    app = _make_application(qt_args)
    lock = None
    try:
        if not self_check:
            from cdt_desktop.ui.shell import instance_lock

            lock = instance_lock.acquire(paths.user_data_dir(data_dir))
            rotate_current()  # only the lock holder may rename the log (issue 13)
            if not _chosen_store_settled(data_dir, store):
                if lock is not None:
                    lock.unlock()
                return EXIT_FAILURE
        window = _build_window(data_dir, store, self_check)
    except UserFacingError as exc:
        from cdt_desktop.ui.common import msgbox
        from cdt_desktop.ui.shell import instance_lock

        if lock is not None:  # the window could not be built: a retry must not find it taken
            lock.unlock()
        if isinstance(exc, instance_lock.AlreadyRunningError) and instance_lock.ask_to_show(
            paths.user_data_dir(data_dir), store=store
        ):  # a double click on the icon: the open window came to the front instead
            _log.info("the running window was brought to the front")
            return EXIT_OK
        _log.error("cannot start (%s)", type(exc).__name__)
        title = getattr(exc, "title", f"{APP_NAME} cannot start")
        if not getattr(exc, "shown", False):  # the damaged store's message was shown already
            msgbox.show_error(None, title, str(exc))
        if self_check:
            print(f"self-check failed: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BaseException:  # an unexpected error: the hook reports it; the lock is not kept
        if lock is not None:
            lock.unlock()
        raise
    if not self_check:
        getattr(window, "show_first", window.show)()  # maximised on a 768p screen's first start
        if lock is not None:  # a second start asks this window to come to the front
            from cdt_desktop.ui.shell import instance_lock

            requests = instance_lock.ShowRequests(
                paths.user_data_dir(data_dir), window, store=store
            )
            requests.requested.connect(lambda: instance_lock.bring_to_front(window))
    return app, window, log_file, lock


def _build_window(data_dir: Path | str | None, store: str | None, self_check: bool) -> QMainWindow:
    """The window (``build_main_window``); where this PC's case store is damaged, the message
    offers to set it aside and start on an empty store (then File > Restore cases from
    backup...). The error, marked as shown, when the user chose Quit."""
    try:
        return build_main_window(data_dir=data_dir, store=store)
    except UserFacingError as exc:
        if self_check:
            raise
        from cdt_desktop.ui.shell import damaged_store

        damaged = damaged_store.damaged_store_file(exc, data_dir)
        if damaged is None:
            raise
        answer = damaged_store.ask_set_aside(exc)
        if not answer:
            exc.shown = answer is not None  # type: ignore[attr-defined]
            raise
        from cdt_desktop.services.restore import set_aside

        folder = set_aside(damaged)
        _log.warning("the damaged case store was set aside")
    window = build_main_window(data_dir=data_dir, store=store)
    damaged_store.tell(window, folder)
    return window


def _chosen_store_settled(data_dir: Path | str | None, store: str | None) -> bool:
    """False when the store chosen for this PC is a file that is not there and the user (or,
    without a screen, the start itself) chose to quit rather than make an empty one."""
    from cdt_desktop.services.store import StoreChoice

    choice = StoreChoice(data_dir, store)
    if choice.missing_at_start() is None:
        return True
    from cdt_desktop.ui.shell import store_missing

    if store_missing.settle(choice):
        return True
    path = choice.missing_at_start()
    if path is not None:  # the command line says why nothing opened (a window said it already)
        print(f"{APP_NAME} did not start: no case store at {path}", file=sys.stderr)
    return False


def _probe_when_idle(app: QApplication) -> None:
    """Posted after ``window.show()``: fires once the loop has handled what showing queued.

    Kept here, not with the self-check: the probe measures the start, so it loads nothing the
    start would not."""
    from PySide6.QtCore import QTimer

    def ready() -> None:
        import resource  # Unix only, as the benchmark is

        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)


def _start_logging(data_dir: Path | str | None) -> Path | None:
    """Logging is best effort (issue 15 item 11): a read-only data folder, or a file where it
    should be, leaves the app without a log file, never without a window or a dialog. The log
    is not rotated here: a second launch must not rename the running window's log."""
    from cdt_desktop.db.sqlitefile.checks import is_network_path

    folder = paths.user_log_dir(data_dir)
    if is_network_path(folder):  # like the store and the code sets (issue 15 item 20)
        print("warning: no log file (the log folder is on a network share)", file=sys.stderr)
        return None
    try:
        return setup_logging(folder, rotate_first=False)
    except OSError as exc:
        print(f"warning: no log file ({type(exc).__name__})", file=sys.stderr)
        return None


def _dispose(window: QMainWindow) -> None:
    """Close (saving state, even when the loop ended without a close) and delete the window now.

    Deleting at once also closes the reference library and the case store (``destroyed``), so
    nothing is left open when ``main`` returns, which matters for in-process callers and tests.
    """
    import shiboken6

    if window.isVisible():
        window.close()
    if shiboken6.isValid(window):
        shiboken6.delete(window)


def _self_check(app: QApplication, window: QMainWindow, log_file: Path | None) -> int:
    """The bundle test (``ui/shell/self_check.py`` says what it checks): exit status 0
    when nothing is wrong, else 1 with the problems on stderr."""
    from cdt_desktop.ui.shell.self_check import self_check_problems

    problems = self_check_problems(app, window)
    _dispose(window)
    if problems:
        print("self-check failed: " + "; ".join(problems), file=sys.stderr)
        return EXIT_FAILURE
    print(f"self-check ok (log: {log_file})")
    return EXIT_OK
