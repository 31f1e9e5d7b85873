"""The composition root wires honestly: no callback in ``app.py`` refers to a name of its
function that is assigned only after the callback is made (it used to work only because the
lookup came later: ``case_store=lambda: ... repository`` before ``repository = ...``)."""

from __future__ import annotations

import ast

from tests.helpers import REPO_ROOT

Scope = ast.FunctionDef | ast.Lambda


def _own_nodes(scope: Scope) -> list[ast.AST]:
    """The nodes of ``scope`` itself, not those of the functions and lambdas inside it."""
    found: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, ast.Lambda | ast.FunctionDef):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _first_bound(scope: Scope) -> dict[str, int]:
    """Each name the scope binds itself, with the line it is first bound on."""
    arguments = scope.args
    bound = {
        arg.arg: scope.lineno
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    }
    for node in sorted(_own_nodes(scope), key=lambda n: getattr(n, "lineno", 0)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.setdefault(node.id, node.lineno)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound.setdefault(alias.asname or alias.name.split(".")[0], node.lineno)
        elif isinstance(node, ast.FunctionDef):
            bound.setdefault(node.name, node.lineno)
    return bound


def _late_names(source: str) -> list[str]:
    """``function: name (line)`` for each callback that reads a name of its function bound
    only on a later line."""
    late = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        bound = _first_bound(function)
        for inner in _own_nodes(function):
            if not isinstance(inner, ast.Lambda | ast.FunctionDef):
                continue
            own = _first_bound(inner)
            for name in ast.walk(inner):
                if (
                    isinstance(name, ast.Name)
                    and isinstance(name.ctx, ast.Load)
                    and name.id not in own
                    and bound.get(name.id, 0) > inner.lineno
                ):
                    late.append(f"{function.name}: {name.id} (line {inner.lineno})")
    return late


def test_the_check_finds_a_callback_made_before_its_name() -> None:
    source = "def build():\n    source = lambda: store\n    store = 1\n    return source\n"
    assert _late_names(source) == ["build: store (line 2)"]


def test_no_callback_of_the_composition_root_refers_to_a_name_assigned_after_it() -> None:
    source = (REPO_ROOT / "cdt_desktop" / "app.py").read_text(encoding="utf-8")
    assert _late_names(source) == []
