"""Equations as small expression trees that can print themselves and evaluate with their numbers shown.

A methodology writes `EG * EF_RE` and gets three things from one definition: the equation text for
`setu methodology show`, a dimension check before any data is seen, and an evaluation that records the
substituted numbers for the verifier. Operators build nodes; nothing is evaluated at definition time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from setu.domain.mrv.units import Quantity, UnitError

SUM_TERMS_SHOWN = 12
"""A sum over more equipment than this shows its first terms and how many more there are."""


class Scope(Protocol):
    """What an expression needs while it is evaluated: values, options, tables and equipment."""

    def value(self, symbol: str) -> Quantity: ...
    def option(self, name: str) -> str: ...
    def lookup(self, table: str, key: Quantity) -> Quantity: ...
    def equipment(self) -> Sequence[tuple[str, Scope]]: ...
    def label(self, symbol: str) -> str: ...


class Expr:
    """Base of every node; `+ - * /` build new nodes."""

    def __add__(self, other: Expr) -> Expr:
        return BinOp("+", self, other)

    def __sub__(self, other: Expr) -> Expr:
        return BinOp("-", self, other)

    def __mul__(self, other: Expr) -> Expr:
        return BinOp("×", self, other)

    def __truediv__(self, other: Expr) -> Expr:
        return BinOp("/", self, other)

    def render(self) -> str:
        """The expression in the methodology's notation."""
        raise NotImplementedError

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        """The exact value and the expression with its numbers substituted."""
        raise NotImplementedError

    def symbols(self) -> set[str]:
        """Every symbol this expression reads."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Sym(Expr):
    """A parameter or an earlier equation's result, by symbol."""

    name: str

    def render(self) -> str:
        return self.name

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        quantity = scope.value(self.name)
        return quantity, scope.label(self.name)

    def symbols(self) -> set[str]:
        return {self.name}


@dataclass(frozen=True, eq=False)
class Num(Expr):
    """A constant written into the equation itself, with its unit (e.g. 37 degC)."""

    value: str
    unit: str

    def render(self) -> str:
        return self.value if self.unit == "1" else f"{self.value} {self.unit}"

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        return Quantity.of(Decimal(self.value), self.unit), self.render()

    def symbols(self) -> set[str]:
        return set()


_OPERATIONS: dict[str, Callable[[Quantity, Quantity], Quantity]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "×": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def _wrap(node: Expr, text: str, parent: str, right: bool) -> str:
    """Parenthesise `text` where precedence or left associativity needs it, and nowhere else."""
    if not isinstance(node, BinOp):
        return text
    sum_like = node.op in "+-"
    needs = (sum_like and parent in ("×", "/")) or (sum_like and parent == "-" and right)
    needs = needs or (not sum_like and parent == "/" and right)
    return f"({text})" if needs else text


@dataclass(frozen=True, eq=False)
class BinOp(Expr):
    """`left op right` for + - × /."""

    op: str
    left: Expr
    right: Expr

    def render(self) -> str:
        left = _wrap(self.left, self.left.render(), self.op, right=False)
        return f"{left} {self.op} {_wrap(self.right, self.right.render(), self.op, right=True)}"

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        left, left_text = self.left.evaluate(scope)
        right, right_text = self.right.evaluate(scope)
        try:
            result = _OPERATIONS[self.op](left, right)
        except ZeroDivisionError:
            raise UnitError(f"{self.render()}: division by zero ({right_text})") from None
        except UnitError as error:
            raise UnitError(f"{self.render()}: {error}") from None
        text = f"{_wrap(self.left, left_text, self.op, right=False)} {self.op} {_wrap(self.right, right_text, self.op, right=True)}"
        return result, text

    def symbols(self) -> set[str]:
        return self.left.symbols() | self.right.symbols()


@dataclass(frozen=True, eq=False)
class Extreme(Expr):
    """`min(a, b)` or `max(a, b)`: the conservative choice between two values of one dimension."""

    name: str
    first: Expr
    second: Expr

    def render(self) -> str:
        return f"{self.name}({self.first.render()}, {self.second.render()})"

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        first, first_text = self.first.evaluate(scope)
        second, second_text = self.second.evaluate(scope)
        order = first.compare(second)
        pick_first = order <= 0 if self.name == "min" else order >= 0
        return (first if pick_first else second), f"{self.name}({first_text}, {second_text})"

    def symbols(self) -> set[str]:
        return self.first.symbols() | self.second.symbols()


def Min(first: Expr, second: Expr) -> Expr:  # noqa: N802 - reads like the equation
    """The smaller of two values."""
    return Extreme("min", first, second)


def Max(first: Expr, second: Expr) -> Expr:  # noqa: N802
    """The larger of two values."""
    return Extreme("max", first, second)


@dataclass(frozen=True, eq=False)
class Sum(Expr):
    """`Σ_i body`: the body evaluated once per equipment unit of the project and added up."""

    body: Expr

    def render(self) -> str:
        return f"Σ_i ({self.body.render()})"

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        units = scope.equipment()
        if not units:
            raise UnitError(f"{self.render()}: the project has no equipment to sum over")
        values = [(equipment_id, self.body.evaluate(unit_scope)[0]) for equipment_id, unit_scope in units]
        total = values[0][1]
        for _, value in values[1:]:
            total = total + value
        terms = [f"{value.format()} [{equipment_id}]" for equipment_id, value in values]
        shown = terms[:SUM_TERMS_SHOWN]
        if len(terms) > SUM_TERMS_SHOWN:
            shown.append(f"… ({len(terms) - SUM_TERMS_SHOWN} more)")
        return total, " + ".join(shown)

    def symbols(self) -> set[str]:
        return self.body.symbols()


@dataclass(frozen=True, eq=False)
class Choice(Expr):
    """One of several expressions, chosen per equipment unit by a named option in the project file."""

    option: str
    cases: tuple[tuple[str, Expr], ...]

    def render(self) -> str:
        return " | ".join(f"{expr.render()} [{self.option}={key}]" for key, expr in self.cases)

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        chosen = scope.option(self.option)
        for key, expr in self.cases:
            if key == chosen:
                value, text = expr.evaluate(scope)
                return value, f"{text} [{self.option}={key}]"
        raise UnitError(f"option {self.option}={chosen!r} is not one of {', '.join(k for k, _ in self.cases)}")

    def symbols(self) -> set[str]:
        return set().union(*(expr.symbols() for _, expr in self.cases))

    def keys(self) -> tuple[str, ...]:
        """The option values this choice accepts."""
        return tuple(key for key, _ in self.cases)


@dataclass(frozen=True, eq=False)
class Lookup(Expr):
    """A value read from one of the methodology's banded default tables, keyed by another quantity."""

    table: str
    key: Expr

    def render(self) -> str:
        return f"{self.table}({self.key.render()})"

    def evaluate(self, scope: Scope) -> tuple[Quantity, str]:
        key, key_text = self.key.evaluate(scope)
        value = scope.lookup(self.table, key)
        return value, f"{self.table}({key_text}) = {value.format()}"

    def symbols(self) -> set[str]:
        return self.key.symbols()
