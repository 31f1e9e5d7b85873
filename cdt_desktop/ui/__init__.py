"""Every Qt import of the application lives in this package.

Importing it first applies a guard for a PySide6 6.12.0 bug on Python 3.11: each call of a Qt
method that returns nothing (``update()``, ``setText()``, every ``QPainter`` draw call...) drops one
reference to ``None`` it never took, and every ``Signal.emit()`` does the same to the ``True`` or
``False`` it returns. After some tens of thousands of calls CPython aborts with "Fatal Python
error: none_dealloc" (or "bool_dealloc"). Python 3.12+ makes these singletons immortal, so nothing
is needed there; on 3.11 we give each a reference count no session can exhaust. Reproduced here
with 10,000-iteration ``QWidget.update()`` and ``emit()`` loops; PySide6 6.11.3 does not have the
bug, but its PDF module lives in the much larger Addons wheel. Remove this when PySide6 fixes it.
"""

from __future__ import annotations

import ctypes
import sys

_NONE_GUARD = 1 << 48


def _guard_singleton_refcounts() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every PyObject
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _NONE_GUARD:
            refcount.value += _NONE_GUARD


_guard_singleton_refcounts()
