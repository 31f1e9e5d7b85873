"""Every Qt import of the application lives in this package.

Importing it first applies a guard for a PySide6 6.12.0 bug on Python 3.11: each call of a Qt
method that returns nothing (``update()``, ``setText()``, every ``QPainter`` draw call...) drops one
reference to ``None`` it never took, and every ``Signal.emit()`` does the same to the ``True`` or
``False`` it returns. After some tens of thousands of calls CPython aborts with "Fatal Python
error: none_dealloc" (or "bool_dealloc"). Python 3.12+ makes these singletons immortal, so nothing
is needed there; on 3.11 we give each a reference count no session can exhaust. Reproduced here
with 10,000-iteration ``QWidget.update()`` and ``emit()`` loops; PySide6 6.11.3 does not have the
bug, but its PDF module lives in the much larger Addons wheel. Remove this when PySide6 fixes it.

``skip_source_scan`` spares start-up another PySide6 cost: see its docstring.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

_NONE_GUARD = 1 << 48


def _guard_singleton_refcounts() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import struct

    count = "q" if sys.maxsize > 2**32 else "i"  # a C Py_ssize_t, as ob_refcnt is
    try:
        # Linux: write the count through the process's own memory file; no library is loaded
        # for it (ctypes' C core and libffi would add 0.2 MiB to every window)
        with open("/proc/self/mem", "r+b", buffering=0) as own:
            for singleton in (None, True, False):
                own.seek(id(singleton))  # ob_refcnt is the first field of every PyObject
                (value,) = struct.unpack(count, own.read(struct.calcsize(count)))
                if value < _NONE_GUARD:
                    own.seek(id(singleton))
                    own.write(struct.pack(count, value + _NONE_GUARD))
    except (OSError, struct.error):  # not Linux, or a kernel that refuses: ctypes does it
        pass
    if all(sys.getrefcount(singleton) > _NONE_GUARD for singleton in (None, True, False)):
        return  # written (a sandbox may take the write and keep the memory as it was)
    # ctypes' C core only: ``import ctypes`` would build its Python layer too (~3 ms of start-up)
    from _ctypes import _SimpleCData

    class _RefCount(_SimpleCData):
        _type_ = count

    for singleton in (None, True, False):
        refcount = _RefCount.from_address(id(singleton))
        if refcount.value < _NONE_GUARD:
            refcount.value += _NONE_GUARD


_guard_singleton_refcounts()


_FEATURE_MODULE = "PySide6.support.feature"
_STDLIB = os.path.dirname(os.__file__) + os.sep


def skip_source_scan() -> bool:
    """Tell PySide6 which modules use it without it reading their source.

    Once imported, PySide6 hooks ``__import__`` and, for every module imported afterwards, reads
    the module's whole source (``inspect.getsource``) to see whether the text "PySide6" occurs
    in it (its ``__feature__`` switch: "no feature" for modules that use Qt, "ignore" for the
    others). For the window's hundred modules that is about 4 % of start-up, and linecache
    keeps every text it read. The answer is known without reading: our ``cdt_desktop.ui``
    package and the composition root (``cdt_desktop.app``) use PySide6, our other modules and
    the standard library never do. Other modules are still scanned by PySide6 itself, and we
    never use ``__feature__``, so the switch PySide6 records is the one it would have found.

    Call after PySide6 is imported; True when the scan is now short-cut (False when this
    PySide6 has no such scan, e.g. another version: then nothing changes).
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan):
        return False
    if getattr(scan, "short_cut", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if name == "cdt_desktop" or name.startswith("cdt_desktop."):
            return name.startswith(("cdt_desktop.ui.", "cdt_desktop.app"))
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if origin.startswith(_STDLIB) and "site-packages" not in origin:
            return False
        return bool(scan(module))

    uses_pyside.short_cut = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
