"""Files shipped inside the package, found through ``importlib.resources`` only.

The spec, the generated schemas and the documented-examples corpus live at the top of the
repository (``spec/``, ``schemas/``, ``tests/corpus/``); ``_data/`` links to them so that an
editable checkout and an installed wheel see the same tree.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from ._errors import SchemaError

__all__ = ["data_dir", "data_file", "read_bytes"]


def data_file(*parts: str) -> Traversable:
    """The packaged file at ``_data/<parts...>``; raises ``SchemaError`` if it is missing."""
    node = resources.files("infobip_logs_spec").joinpath("_data", *parts)
    if not node.is_file():
        raise SchemaError(f"packaged file _data/{'/'.join(parts)} is missing")
    return node


def data_dir(*parts: str) -> Traversable:
    """The packaged folder at ``_data/<parts...>``; raises ``SchemaError`` if it is missing."""
    node = resources.files("infobip_logs_spec").joinpath("_data", *parts)
    if not node.is_dir():
        raise SchemaError(f"packaged folder _data/{'/'.join(parts)} is missing")
    return node


def read_bytes(*parts: str) -> bytes:
    return data_file(*parts).read_bytes()
