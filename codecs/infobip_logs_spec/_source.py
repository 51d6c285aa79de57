"""Python source generated from the shapes: the compiled fast paths' one way to build it.

Each fast path writes one function per object of a shape and compiles them together, once per
process; this holds the source, the names the functions use, and the compiling.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SourceBuilder"]


class SourceBuilder:
    def __init__(self) -> None:
        self.functions: dict[int, str] = {}
        self.namespace: dict[str, Any] = {}
        self.source: list[str] = []

    def name_for(self, node: object, prefix: str) -> tuple[str, bool]:
        """The function name of ``node``, and whether it is new (its source still to write)."""
        if id(node) in self.functions:
            return self.functions[id(node)], False
        name = f"{prefix}_{len(self.functions)}"
        self.functions[id(node)] = name
        self.namespace[f"keep_{name}"] = node  # keeps the id above this node's
        return name, True

    def constant(self, value: Any) -> str:
        """A name the generated source reads ``value`` by."""
        name = f"c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    @staticmethod
    def each_value(name: str, inner: str) -> str:
        """An expression for the mapping ``name`` with ``inner`` (of ``i``) for each value."""
        return name if inner == "i" else f"{{k: {inner} for k, i in {name}.items()}}"

    def compiled(self, label: str, **names: Any) -> dict[str, Any]:
        """The functions, defined in a namespace of ``names`` and the builder's constants."""
        namespace = {**names, **self.namespace}
        exec(compile("\n".join(self.source), f"<{label}>", "exec"), namespace)
        return namespace
