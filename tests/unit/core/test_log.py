"""Logs: one file per user, rotating, and never the text of an exception message."""

from __future__ import annotations

import faulthandler
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdt_desktop.core import log
from cdt_desktop.core.log import format_redacted, get_logger, setup_logging

SENTINEL = "Zoë-Nguyễn-SENTINEL-4711"


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "logs"
    log.shutdown_logging()
    faulthandler.enable(file=sys.__stderr__)  # give pytest its own fault handler back


def _raise_nested() -> None:
    try:
        {}[SENTINEL]
    except KeyError as exc:
        raise RuntimeError(f"could not render {SENTINEL}") from exc


def test_log_file_is_in_the_given_folder_and_receives_records(log_dir: Path) -> None:
    path = setup_logging(log_dir)
    get_logger("ui").info("window shown")
    assert path.parent == log_dir
    assert "cdt.ui: window shown" in path.read_text(encoding="utf-8")
    assert (log_dir / log.FAULT_FILE_NAME).exists()
    assert faulthandler.is_enabled()


def test_a_crash_s_traceback_reaches_the_fault_file(log_dir: Path) -> None:
    """What faulthandler writes to the fault file's descriptor when the app crashes is in the
    file, and the file is the user's alone."""
    import os
    import subprocess
    import sys

    code = (
        "import faulthandler, sys\n"
        "from cdt_desktop.core.log import setup_logging\n"
        f"setup_logging({str(log_dir)!r})\n"
        "faulthandler._sigsegv()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode != 0
    said = (log_dir / log.FAULT_FILE_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in said and "File " in said, said
    if os.name == "posix":
        assert (log_dir / log.FAULT_FILE_NAME).stat().st_mode & 0o077 == 0


def test_default_folder_is_the_per_user_log_dir(log_dir: Path) -> None:
    path = setup_logging(fault_handler=False)
    from cdt_desktop.core import paths

    assert path.parent == paths.user_log_dir()


# RELIABILITY req. 15
def test_exception_messages_never_reach_the_file_but_types_and_frames_do(log_dir: Path) -> None:
    path = setup_logging(log_dir)
    try:
        _raise_nested()
    except RuntimeError:
        get_logger("crash").exception("uncaught")
    text = path.read_text(encoding="utf-8")
    assert SENTINEL not in text
    assert "RuntimeError" in text
    assert "KeyError" in text
    assert "_raise_nested" in text


def test_setting_up_twice_does_not_duplicate_lines(log_dir: Path) -> None:
    setup_logging(log_dir, fault_handler=False)
    path = setup_logging(log_dir, fault_handler=False)
    get_logger("db").warning("once")
    assert path.read_text(encoding="utf-8").count("once") == 1


@pytest.mark.parametrize("area", log.AREAS)
def test_each_area_has_its_own_named_logger(area: str) -> None:
    assert get_logger(area).name == f"cdt.{area}"


def test_unknown_area_is_refused() -> None:
    with pytest.raises(ValueError):
        get_logger("patients")


def test_format_redacted_without_traceback_names_the_type() -> None:
    text = format_redacted(ValueError, ValueError(SENTINEL), None)
    assert "ValueError" in text
    assert SENTINEL not in text


def test_records_below_the_level_are_dropped(log_dir: Path) -> None:
    path = setup_logging(log_dir, level=logging.WARNING, fault_handler=False)
    get_logger("app").info("chatty")
    get_logger("app").warning("important")
    text = path.read_text(encoding="utf-8")
    assert "chatty" not in text
    assert "important" in text


def test_a_full_log_is_rotated_at_start_and_old_ones_shift(log_dir: Path) -> None:
    log_dir.mkdir(parents=True)
    current = log_dir / log.LOG_FILE_NAME
    current.write_text("x" * log.MAX_BYTES, encoding="utf-8")
    (log_dir / f"{log.LOG_FILE_NAME}.1").write_text("older", encoding="utf-8")
    path = setup_logging(log_dir)
    get_logger("app").info("fresh start")
    assert path.read_text(encoding="utf-8").count("\n") == 1
    assert (log_dir / f"{log.LOG_FILE_NAME}.1").stat().st_size == log.MAX_BYTES
    assert (log_dir / f"{log.LOG_FILE_NAME}.2").read_text(encoding="utf-8") == "older"


def test_a_small_log_is_kept_and_appended_to(log_dir: Path) -> None:
    log_dir.mkdir(parents=True)
    current = log_dir / log.LOG_FILE_NAME
    current.write_text("yesterday\n", encoding="utf-8")
    setup_logging(log_dir)
    get_logger("app").info("today")
    assert current.read_text(encoding="utf-8").startswith("yesterday\n")
    assert not (log_dir / f"{log.LOG_FILE_NAME}.1").exists()


def test_rotation_keeps_at_most_the_configured_number_of_old_logs(tmp_path: Path) -> None:
    log_file = tmp_path / "app.log"
    for _ in range(8):
        log_file.write_text("x" * 20, encoding="utf-8")
        log.rotate(log_file, max_bytes=10, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.log.1", "app.log.2", "app.log.3"]
