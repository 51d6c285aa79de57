"""Generate ``models.py``: a typed class per payload object, for editors and type checkers.

The classes add nothing at run time but names and annotations: behaviour comes from the spec
through ``Record``, and a component without a class here still works (``model_class`` makes one).
"""

from __future__ import annotations

from ._contract import Contract
from ._shape import ArrayNode, MapNode, Node, ObjectNode, ScalarNode, object_node

__all__ = ["models_source"]

HEADER = '''"""Typed classes for every payload object of the spec, one per component.

Generated from spec/generated/openapi.live.yaml (the live profile, which has every field the
documented one has) by tools/generate_schemas.py; do not edit. Fields keep the spec's names; a
name that is a Python keyword gets a trailing underscore (``from_``). The classes serve both
profiles.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ._model import Record

'''


def _annotation(node: Node) -> str:
    if isinstance(node, ObjectNode):
        return node.model
    if isinstance(node, ArrayNode):
        return f"tuple[{_annotation(node.item)}, ...]"
    if isinstance(node, MapNode):
        return f"dict[str, {_annotation(node.value)}]"
    assert isinstance(node, ScalarNode)
    return node.lexical.python_type


def _objects(contract: Contract) -> list[ObjectNode]:
    """Every object reachable from a JSON payload, in spec order of the components."""
    found: dict[str, ObjectNode] = {}

    def visit(node: Node) -> None:
        if isinstance(node, ObjectNode):
            if node.component in found:
                return
            found[node.component] = node
            for field in node.fields:
                visit(field.node)
        elif isinstance(node, ArrayNode):
            visit(node.item)
        elif isinstance(node, MapNode):
            visit(node.value)

    for model in contract.json_models():
        visit(object_node(contract, model))
    order = list(contract.components)
    return sorted(found.values(), key=lambda node: order.index(node.component))


def _docstring(text: str, indent: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') or "No description."
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(indent) + len(line) + len(word) + 7 > 100:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""\n'
    body = "".join(f"{indent}{item}\n" for item in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}{indent}"""\n'


def models_source(contract: Contract) -> str:
    parts = [HEADER]
    for node in _objects(contract):
        parts.append(f'\nclass {node.model}(Record, component="{node.component}"):\n')
        parts.append(_docstring(node.description, "    "))
        parts.append("\n    __slots__ = ()\n")
        for field in node.fields:
            annotation = _annotation(field.node)
            if not field.required:
                annotation += " | None"
            parts.append(f"\n    {field.attribute}: {annotation}\n")
            parts.append(_docstring(field.description, "    "))
        parts.append("\n")
    names = "".join(
        f'    "{name}",\n' for name in sorted(node.model for node in _objects(contract))
    )
    parts.append(f"\n__all__ = [\n{names}]\n")
    return "".join(parts)
