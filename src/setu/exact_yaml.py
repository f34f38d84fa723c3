"""YAML read exactly: every float-looking scalar becomes the `Decimal` of its text, never a binary float.

Project files, NDC documents and authorizations all carry amounts that decide tonnes; a YAML float would
round them. Non-finite spellings (`.nan`, `.inf`) are refused where they are read.
"""

from __future__ import annotations

from decimal import Decimal

import yaml


class ExactLoader(yaml.SafeLoader):
    """SafeLoader that reads floats as Decimal of their text."""


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")  # .nan, .inf and friends: YAML spellings Decimal does not read
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite number", node.start_mark)
    return value


ExactLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)
