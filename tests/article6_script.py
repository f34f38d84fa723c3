"""Article 6 verbs for the ledger script notation (`tests/ledger_script.py`).

    approach IND01 CA0123 IND,JPN
    standing IND01 [as_of=2021-01-01, later versions: today] [report=CA0123] [submitted=2021-01-01] [reviewed=2026-09-30]
                   [unmet=national_inventory_report] [gate_report=no] [gate_review=yes]
    authorization IND01 AUTH-1 purposes=NDC quantity=400000 date=2026-03-01 [definition=Authorisation]
                  (a version after the first defaults to the ledger's today, the only date it may carry)
                  [oimp=CORSIA] [version=2] [parties=JPN] [entities=E1] [occurred=2021-2030] [use=2026-01-01..2030-12-31]
    revoke IND01 AUTH-1 [date=2026-06-01]   (default: the ledger's today)
    entity IND01 E1 [ca=CA0123]
    authorize A AUTH-1 100            (or serials=IND01/2026/1-100)
    send A J 60                       (transfer to another Party's registry; auth=AUTH-1 to pick by authorization)
    use J R 10 year=2030              (use towards the NDC; a6cancel / oimpuse likewise, purpose=CORSIA entity=E1)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from setu.cli.arguments import parse_selection
from setu.domain.article6.aef_model import Timeframe
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.participation import Requirement
from setu.domain.article6.records import AuthorizedEntity
from setu.domain.article6.requests import (
    AuthorizeUnits,
    ConsumeUnits,
    RecordAuthorization,
    RecordStanding,
    RegisterApproach,
    RegisterEntity,
    RevokeAuthorization,
    TransferUnits,
)
from setu.domain.article6.vocabulary import FirstTransferDefinition, Purpose, Sector
from setu.domain.codes import RegistryCode, split_account_id
from setu.domain.outcomes import Outcome
from setu.domain.requests import ByQuantity, BySerials
from setu.services import article6_records, article6_units

ARTICLE6_VERBS = {"approach", "standing", "authorization", "revoke", "entity", "authorize", "send", "use", "oimpuse",
                  "a6cancel"}


def standing_document(party: str, options: dict[str, str]) -> dict[str, Any]:
    """A standing document: every requirement met and an initial report for CA0123 since 2021, unless the
    options say otherwise (`report=none` records no initial report)."""
    unmet = set(options.get("unmet", "").split(",")) - {""}
    document: dict[str, Any] = {
        "party": party,
        "as_of": options.get("as_of", "2021-01-01"),
        "requirements": {r.value: {"met": r.value not in unmet, "evidence": "test"} for r in Requirement},
        "gates": {"initial_report": options.get("gate_report", "yes") == "yes",
                  "technical_review": options.get("gate_review", "no") == "yes"},
    }
    if options.get("report", "CA0123") != "none":
        report = {"cooperative_approach_id": options.get("report", "CA0123"),
                  "submitted_on": options.get("submitted", "2021-01-01"), "reference": "initial report"}
        if "reviewed" in options:
            report["technical_review_completed_on"] = options["reviewed"]
        document["initial_reports"] = [report]
    return document


def _selection(args: list[str], options: dict[str, str], position: int) -> ByQuantity | BySerials:
    if "serials" in options:
        return parse_selection(options["serials"])
    return ByQuantity(int(args[position]))


def _timeframe(options: dict[str, str]) -> Timeframe | None:
    if "occurred" not in options and "use" not in options:
        return None
    first, _, last = options.get("occurred", "2021-2030").partition("-")
    use_from = use_to = None
    if "use" in options:
        start, _, end = options["use"].partition("..")
        use_from, use_to = date.fromisoformat(start), date.fromisoformat(end)
    return Timeframe(date(int(first), 1, 1), date(int(last), 12, 31), use_from, use_to)


def _day(text: str, uow: Any) -> date:
    """An ISO date, or `today`: the day the ledger's clock says (a revocation is never dated before it)."""
    return uow.clock().date() if text == "today" else date.fromisoformat(text)  # type: ignore[no-any-return]


def authorization_from_options(registry_party: str, authorization_id: str, options: dict[str, str]) -> Authorization:
    definition = options.get("definition")
    return Authorization(
        party=options.get("party", registry_party),
        authorization_id=authorization_id,
        version=int(options.get("version", 1)),
        authorization_date=date.fromisoformat(options.get("date", "2026-03-01")),
        cooperative_approach_id=options.get("ca", "CA0123"),
        purposes=Purpose.parse(options.get("purposes", "NDC"), field="purposes"),
        sectors=(Sector.ENERGY_GENERATION,),
        first_transfer_definition=FirstTransferDefinition.parse(definition, field="definition") if definition else None,
        authorized_quantity=int(options["quantity"]) if "quantity" in options else None,
        timeframe=_timeframe(options),
        authorized_parties=tuple(options["parties"].split(",")) if "parties" in options else (),
        authorized_entities=tuple(options["entities"].split(",")) if "entities" in options else (),
        oimp_authorized=options.get("oimp"),
    )


def article6_request(script: Any, verb: str, args: list[str], options: dict[str, str], key: str) -> Outcome:
    uow = script.uow
    if verb == "approach":
        parties = tuple(args[2].split(","))
        return article6_records.register_approach(
            uow, RegisterApproach(key, RegistryCode(args[0]), args[1], options.get("name", "India-Japan JCM"), parties))
    if verb == "standing":
        party = options.get("party", args[0][:3])
        with uow(read_only=True) as reading:
            later = bool(reading.article6.standings(party))
        if later and "as_of" not in options:  # a later version applies from the day it is recorded
            options = options | {"as_of": _day("today", uow).isoformat()}
        return article6_records.record_standing(uow, RecordStanding(
            key, RegistryCode(args[0]), standing_document(party, options)))
    if verb == "authorization":
        party = args[0][:3]
        if int(options.get("version", 1)) > 1 and "date" not in options:  # later versions take effect when recorded
            options = options | {"date": _day("today", uow).isoformat()}
        auth = authorization_from_options(party, args[1], options)
        return article6_records.record_authorization(uow, RecordAuthorization(key, RegistryCode(args[0]), auth))
    if verb == "revoke":
        return article6_records.revoke_authorization(uow, RevokeAuthorization(
            key, RegistryCode(args[0]), args[1], _day(options.get("date", "today"), uow), "test"))
    if verb == "entity":
        entity = AuthorizedEntity(args[1], args[0][:3], options.get("ca", "CA0123"), date(2026, 3, 1),
                                  f"Entity {args[1]}", args[0][:3], f"ID-{args[1]}")
        return article6_records.register_entity(uow, RegisterEntity(key, RegistryCode(args[0]), entity))
    source = script.account(args[0])
    registry = RegistryCode(options.get("registry", split_account_id(source)[0]))
    if verb == "authorize":
        return article6_units.authorize_units(uow, AuthorizeUnits(key, registry, source, _selection(args, options, 2),
                                                                  args[1]))
    destination = script.account(args[1])
    selection = _selection(args, options, 2)
    if verb == "send":
        return article6_units.transfer_units(uow, TransferUnits(key, registry, source, destination, selection,
                                                                options.get("auth")))
    year = options.get("year")
    return article6_units.consume_units(uow, ConsumeUnits(
        key, registry, source, destination, selection, ndc_year=int(year) if year else None,
        oimp_purpose=options.get("purpose"), using_entity=options.get("entity"), authorization_id=options.get("auth")))


def authorization_totals(uow: Any, authorization_id: str) -> Any:
    """The running totals (tonnes authorized, first transferred) stored on an authorization."""
    with uow(read_only=True) as reading:
        return reading.article6.authorization(authorization_id, lock=False)[1]


def assert_verified(uow: Any) -> None:
    """`setu verify` finds the stored state and the journals in agreement."""
    from setu.services.verification import verify

    report = verify(uow)
    assert report.ok, report.problems
