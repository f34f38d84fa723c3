"""`setu demo`: a scripted India-Japan scenario on a fresh database, told step by step.

It opens with the monitoring chapter (sample projects to ER, `demo_mrv`). The scenario after it is the
registry-core chapter: two national registries, a Joint Committee issuance decision split between them,
transfers, a retirement towards Japan's NDC, cancellations, and the ledger refusing what it must refuse.
The project-cycle chapter (`demo_cycle`) then walks each sample project from idea note to credits in
both registries; the Article 6 chapter (`demo_article6`) authorizes, first transfers, uses and cancels
some of them and writes both Parties' AEF workbooks and corresponding-adjustment reports; a last
`verify` covers ledger and cycle. Every step goes through the same service
functions the CLI commands call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from setu.cli import render
from setu.cli.demo_article6 import article6_chapter
from setu.cli.demo_cycle import cycle_chapter
from setu.cli.demo_mrv import monitoring_chapter
from setu.domain.accounts import AccountStatus, AccountType, TransactionType
from setu.domain.blocks import SerialRange, SerialSpace, UnitKind
from setu.domain.codes import AccountId, CooperativeApproachId, PartyCode, RegistryCode, SerialNumber, split_account_id
from setu.domain.outcomes import Outcome
from setu.domain.requests import ByQuantity, BySerials, ChangeAccountStatus, CreateRegistry, Issue, Move, OpenAccount
from setu.services import issuance, movement, queries, registry_admin, verification
from setu.store.database import make_engine
from setu.store.documents import FileDocumentStore
from setu.store.migrate import upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory

CA = CooperativeApproachId("CA0123")  # placeholder until the CARP assigns the India-Japan JCM its id
IND, JPN = RegistryCode("IND01"), RegistryCode("JPN01")
DECISION = "JC-IN-2027-004"
PROJECT = "IN-JCM-0001"
PERIOD = "MP01-2026"


class Demo:
    def __init__(self, uow: SqlUnitOfWorkFactory) -> None:
        self.uow = uow
        self.step = 0
        self.ok = True

    def say(self, text: str) -> None:
        self.step += 1
        render.console.print(f"\n[bold]{self.step}. {text}[/]", soft_wrap=True)

    def expect(self, outcome: Outcome, what: str, *, refused: bool = False) -> Outcome:
        render.outcome(outcome, what)
        if outcome.accepted == refused:
            self.ok = False
            render.errors.print("[red]   ^ the demo expected the opposite: this is a bug[/]")
        return outcome

    def account(self, registry: RegistryCode, kind: AccountType, holder: str) -> AccountId:
        key = f"demo-open-{registry}-{kind.value}-{holder}"
        outcome = self.expect(registry_admin.open_account(self.uow, OpenAccount(key, registry, kind, holder)), f"{holder}:")
        assert outcome.account_id is not None
        return outcome.account_id

    def move(self, key: str, kind: TransactionType, source: AccountId, destination: AccountId, selection,
             what: str, *, refused: bool = False) -> Outcome:  # type: ignore[no-untyped-def]
        request = Move(key, split_account_id(source)[0], kind, source, destination, selection)
        return self.expect(movement.move(self.uow, request), what, refused=refused)


def run_demo(database_url: str) -> int:
    """Run the scenario on a fresh database at `database_url`; return the exit code."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)
    engine = make_engine(database_url)
    upgrade(engine)
    demo = Demo(SqlUnitOfWorkFactory(engine))
    with demo.uow(read_only=True) as uow:
        if uow.ledger.journal_heads():
            render.errors.print(f"error: --database-url: {database_url} already holds registries; the demo needs an empty database")
            return 2
    demo.say("Monitoring: five sample projects, one per methodology, from meter data to emission reductions")
    render.console.print("Missing data is filled conservatively; each report workbook shows every equation with its numbers.")
    demo.ok &= monitoring_chapter(Path("var/demo-reports"), date.today())
    _scenario(demo)
    clock = [datetime.now(UTC)]  # the cycle chapter moves its own clock forward through months of the cycle
    cycled = SqlUnitOfWorkFactory(engine, clock=lambda: clock[0])
    documents = FileDocumentStore(Path("var/demo-documents"))
    demo.ok &= cycle_chapter(cycled, clock, documents, Path("var/demo-reports"), demo.say)
    demo.ok &= article6_chapter(cycled, clock, Path("var/demo-reports"), demo.say)
    demo.ok &= _verify(demo, documents)
    render.console.print(f"\n[bold]Explore it yourself:[/] export SETU_DATABASE_URL={database_url}"
                         " SETU_DOCUMENT_DIR=var/demo-documents; setu holdings; setu project list;"
                         " setu cycle history IN-JCM-PV-001", soft_wrap=True)
    engine.dispose()
    return 0 if demo.ok else 1


def _scenario(d: Demo) -> None:
    d.say("Two national registries in one deployment, each with its own accounts and journal")
    for code, party, name in ((IND, "IND", "India JCM registry (MoEFCC)"), (JPN, "JPN", "Japan JCM registry (MOEJ)")):
        request = CreateRegistry(f"demo-registry-{code}", code, PartyCode(party), name)
        d.expect(registry_admin.create_registry(d.uow, request), f"registry {code}:")

    d.say("Accounts: government and participant holdings, retirement and cancellation accounts")
    goi = d.account(IND, AccountType.PARTY_HOLDING, "Government of India")
    surya = d.account(IND, AccountType.ENTITY_HOLDING, "Surya Rooftop Energy Pvt Ltd (project participant)")
    steel = d.account(IND, AccountType.ENTITY_HOLDING, "Deccan Green Steel Ltd")
    omge = d.account(IND, AccountType.OMGE_CANCELLATION, "India OMGE cancellation")
    goj = d.account(JPN, AccountType.PARTY_HOLDING, "Government of Japan")
    kouden = d.account(JPN, AccountType.ENTITY_HOLDING, "Nippon Kouden KK (project participant)")
    jp_ndc = d.account(JPN, AccountType.RETIREMENT, "Japan NDC retirement (無効化口座)")
    jp_vol = d.account(JPN, AccountType.VOLUNTARY_CANCELLATION, "Japan voluntary cancellation (取消口座)")

    d.say(f"Joint Committee decision {DECISION}: 10,007 t verified for {PROJECT} {PERIOD}, vintage 2026;"
          " Japan 50%, India 10%, participants 40% (remainder of 2 t to the Indian participant)")
    issues = (
        ("jpn-goj", JPN, goj, 5_003, 5_003, "Japan's share into JPN01"),
        ("ind-goi", IND, goi, 1_000, 5_004, "India's share into IND01"),
        ("ind-pp", IND, surya, 4_004, 5_004, "the participant's share into IND01"),
    )
    for key, registry, account, quantity, decided, what in issues:
        # The mitigation occurred in India: India is the first-transferring Party of every share.
        request = Issue(f"demo-issue-{key}", registry, account, quantity, UnitKind.JCM_CREDIT, CA, 2026, PROJECT,
                        PERIOD, DECISION, decided, first_transferring_party=PartyCode("IND"))
        d.expect(issuance.issue(d.uow, request), f"issuance, {what}:")

    d.say("The registry refuses to issue one tonne more than the decision allows")
    extra = Issue("demo-issue-extra", IND, surya, 1, UnitKind.JCM_CREDIT, CA, 2026, PROJECT, PERIOD, DECISION, 5_004)
    d.expect(issuance.issue(d.uow, extra), "issuance", refused=True)

    d.say("Trading inside India: the participant sells 1,500 t to a steel maker (holder keeps the lower serials)")
    d.move("demo-sale-1", TransactionType.TRANSFER, surya, steel, ByQuantity(1_500), "transfer")

    d.say("Japan retires 2,000 t towards its NDC, naming the exact serials; the Japanese participant gets 1,000 t")
    retired = SerialRange(SerialSpace(JPN, 2026), SerialNumber(1), SerialNumber(2_000))
    d.move("demo-retire-1", TransactionType.RETIREMENT, goj, jp_ndc, BySerials(retired), "retirement")
    d.move("demo-goj-to-pp", TransactionType.TRANSFER, goj, kouden, ByQuantity(1_000), "transfer")
    d.move("demo-vol-cancel", TransactionType.CANCELLATION, kouden, jp_vol, ByQuantity(200), "voluntary cancellation")

    d.say("A network retry of the retirement, with the same idempotency key: the same answer, nothing moves twice")
    d.move("demo-retire-1", TransactionType.RETIREMENT, goj, jp_ndc, BySerials(retired), "retirement")

    d.say("Retired units never move again")
    some = SerialRange(SerialSpace(JPN, 2026), SerialNumber(1_500), SerialNumber(1_600))
    d.move("demo-steal", TransactionType.TRANSFER, goj, kouden, BySerials(some), "transfer", refused=True)

    d.say("India cancels 20 t towards overall mitigation in global emissions (voluntary under Article 6.2)")
    d.move("demo-omge", TransactionType.CANCELLATION, goi, omge, ByQuantity(20), "OMGE cancellation")

    d.say("A suspended account can neither send nor receive until it is reinstated")
    d.expect(registry_admin.change_account_status(d.uow, ChangeAccountStatus("demo-suspend", IND, steel, AccountStatus.SUSPENDED)),
             "suspended")
    d.move("demo-sale-2", TransactionType.TRANSFER, surya, steel, ByQuantity(100), "transfer", refused=True)
    d.expect(registry_admin.change_account_status(d.uow, ChangeAccountStatus("demo-reinstate", IND, steel, AccountStatus.OPEN)),
             "reinstated")
    d.move("demo-sale-3", TransactionType.TRANSFER, surya, steel, ByQuantity(100), "transfer")

    d.say("Who holds what")
    render.holdings(queries.holdings(d.uow), as_json=False)

    d.say("The life of one tonne, from issuance to retirement")
    render.history(queries.serial_history(d.uow, SerialSpace(JPN, 2026), 1_999), "JPN01/2026/1999 (CA0123-JPN01-IND-1999-2026)")

    d.say("Verify: recompute every hash chain and replay both journals against the stored ledger")
    report = verification.verify(d.uow)
    for registry, (seq, digest) in sorted(report.heads.items()):
        render.console.print(f"{registry}: {seq} entries, head {digest}")
    if report.ok:
        render.console.print(f"[green]✔[/] {report.entries} journal entries replay exactly to the stored holdings")
    else:
        d.ok = False
        for problem in report.problems:
            render.errors.print(problem)


def _verify(d: Demo, documents: FileDocumentStore) -> bool:
    d.say("Verify everything: both registries' journals, every project's cycle chain and every document file"
          " against the stored records")
    report = verification.verify(d.uow, documents)
    for problem in report.problems + report.cycle.problems:
        render.errors.print(problem, soft_wrap=True)
    if report.ok:
        render.console.print(f"[green]✔[/] {report.entries} journal entries and {report.cycle.entries} cycle chain"
                             " entries agree with the stored state")
    return report.ok
