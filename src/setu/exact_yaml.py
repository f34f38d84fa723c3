"""YAML read exactly: every float-looking scalar becomes the `Decimal` of its text, never a binary float.

Project files, NDC documents and authorizations all carry amounts that decide tonnes; a YAML float would
round them. Non-finite spellings (`.nan`, `.inf`) are refused where they are read.

Three more YAML 1.1 habits would silently change what a focal point wrote, so they are closed too:
- only decimal digits make an integer: `00123`, `0x1F` and `12:34` (octal, hex, base 60 in YAML 1.1)
  stay the text they are, so an identification number `00123` is not stored as `83`, and a quantity
  written that way is refused where a number is read;
- a key given twice in one mapping is refused (YAML would keep the last value without a word);
- anchors and aliases (`&a`, `*a`) are refused: no document needs them, and a self-referencing or
  exponentially nested alias would exhaust the reader.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from decimal import Decimal
from typing import Any

import yaml

_DECIMAL_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


class ExactLoader(yaml.SafeLoader):
    """SafeLoader that reads floats as Decimal of their text, integers only from decimal digits, and
    refuses duplicate keys and aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"alias *{event.anchor} is not accepted: write the value"
                                              " out", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            seen: set[Hashable] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, Hashable):
                    if key in seen:
                        raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice in this"
                                                                " mapping", key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")  # .nan, .inf and friends: YAML spellings Decimal does not read
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite number", node.start_mark)
    return value


def _decimal_integer(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    text = str(loader.construct_scalar(node))
    return int(text.replace("_", "")) if _DECIMAL_INTEGER.fullmatch(text) else text


ExactLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)
ExactLoader.add_constructor("tag:yaml.org,2002:int", _decimal_integer)
