"""Tests in the ledger's own notation.

    registry IND01 IND
    open IND01 party-holding A
    issue A 1000 decided=1500              (vintage=2026 decision=D1 project=P1 kind=jcm-credit key=...)
    transfer A B 300 -> ok
    retire B R serials=IND01/2026/750-800
    transfer R A 1 -> ACCOUNT_TYPE_NOT_ALLOWED
    suspend B / reinstate B / close B
    holds A 700

Aliases (A, B, R) name accounts opened by the script; anything else is used as an account id as is.
Each line may end in `-> ok` (the default) or `-> CODE`; a mismatch fails with the line number.
"""

from __future__ import annotations

import itertools
import shlex

from setu.cli.arguments import parse_selection
from setu.domain.accounts import AccountStatus, AccountType, TransactionType
from setu.domain.blocks import UnitKind
from setu.domain.codes import AccountId, CooperativeApproachId, PartyCode, RegistryCode, split_account_id
from setu.domain.outcomes import Outcome
from setu.domain.requests import ByQuantity, BySerials, ChangeAccountStatus, CreateRegistry, Issue, Move, OpenAccount
from setu.services import issuance, movement, queries, registry_admin
from setu.services.ports import UnitOfWorkFactory
from tests.article6_script import ARTICLE6_VERBS, article6_request

MOVES = {"transfer": TransactionType.TRANSFER, "retire": TransactionType.RETIREMENT, "cancel": TransactionType.CANCELLATION}
STATUSES = {"suspend": AccountStatus.SUSPENDED, "reinstate": AccountStatus.OPEN, "close": AccountStatus.CLOSED}


def _registry(account: str) -> RegistryCode:
    """The registry prefix of an account id, or of a deliberately missing one such as IND01-99."""
    return split_account_id(account)[0]


class LedgerScript:
    """Runs script lines against the real services on one database."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self.uow = uow
        self.aliases: dict[str, AccountId] = {}
        self._keys = itertools.count(1)
        self.last: Outcome | None = None

    def account(self, name: str) -> AccountId:
        return self.aliases.get(name, AccountId(name))

    def run(self, script: str) -> None:
        for number, raw in enumerate(script.strip().splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if line:
                self.line(line, where=f"line {number}: {line!r}")

    def line(self, line: str, *, where: str = "") -> Outcome | None:
        command, _, expectation = line.partition("->")
        expected = expectation.strip() or "ok"
        words = shlex.split(command)
        verb, args = words[0], [w for w in words[1:] if "=" not in w]
        options = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if verb == "holds":
            total = queries.holdings(self.uow, account=self.account(args[0])).total(self.account(args[0]))
            assert total == int(args[1]), f"{where}: {args[0]} holds {total} t, expected {args[1]}"
            return None
        outcome = self._request(verb, args, options)
        self.last = outcome
        got = "ok" if outcome.accepted else outcome.rejection.code.name  # type: ignore[union-attr]
        assert got == expected, f"{where}: got {got} ({outcome.rejection}), expected {expected}"
        return outcome

    def _request(self, verb: str, args: list[str], options: dict[str, str]) -> Outcome:
        key = options.get("key") or f"k{next(self._keys)}"
        if verb == "registry":
            return registry_admin.create_registry(self.uow, CreateRegistry(key, RegistryCode(args[0]), PartyCode(args[1]),
                                                                           options.get("name", args[0])))
        if verb == "open":
            outcome = registry_admin.open_account(self.uow, OpenAccount(key, RegistryCode(args[0]), AccountType(args[1]),
                                                                       options.get("holder", args[2])))
            if outcome.account_id is not None:
                self.aliases[args[2]] = outcome.account_id
            return outcome
        if verb == "issue":
            account = self.account(args[0])
            quantity = int(args[1])
            request = Issue(
                key, RegistryCode(options.get("registry", _registry(account))), account, quantity,
                UnitKind(options.get("kind", "jcm-credit")), CooperativeApproachId(options.get("ca", "CA0123")),
                int(options.get("vintage", 2026)), options.get("project", "P1"), options.get("period", "MP1"),
                options.get("decision", "D1"), int(options.get("decided", quantity)),
            )
            return issuance.issue(self.uow, request)
        if verb in MOVES:
            source, destination = self.account(args[0]), self.account(args[1])
            if "serials" in options:
                selection: ByQuantity | BySerials = parse_selection(options["serials"])
            else:
                vintage = options.get("vintage")
                selection = ByQuantity(int(args[2]), int(vintage) if vintage else None, options.get("project"))
            registry = RegistryCode(options.get("registry", _registry(source)))
            return movement.move(self.uow, Move(key, registry, MOVES[verb], source, destination, selection))
        if verb in ARTICLE6_VERBS:
            return article6_request(self, verb, args, options, key)
        if verb in STATUSES:
            account = self.account(args[0])
            request = ChangeAccountStatus(key, _registry(account), account, STATUSES[verb])
            return registry_admin.change_account_status(self.uow, request)
        raise ValueError(f"unknown script verb {verb!r}")
