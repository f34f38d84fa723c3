"""The cycle CLI's `--json` output, `setu document get`, and unusable input on the cycle commands.

The state is built through the services (`World`, fast); the commands run in-process on the same
database and document directory, as `setu ...` would, sharing one engine per test so PostgreSQL
connections do not pile up. Every answer must be one JSON value on stdout (refusals included), keep
the exit code (0 done, 1 refused, 2 unusable input), and never end in a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from setu.cli import context
from setu.cli.app import app
from setu.domain.cycle.documents import Variant
from setu.domain.cycle.forms import Form
from setu.domain.cycle.rejections import CycleCode, CycleRejected
from setu.domain.cycle.transitions import Action
from setu.services import document_retrieval
from setu.services.document_retrieval import ByForm, ByHash, ById, DocumentFileProblem
from setu.store.database import make_engine
from tests.cycle.world import PV, World

OUTCOME_KEYS = ["idempotency_key", "accepted", "code", "message", "entry_id", "project_id", "document_id", "issued",
                "replayed"]
FAILURE_KEYS = ["accepted", "code", "message"]
SHARE_KEYS = ["recipient", "registry", "account", "vintage_year", "quantity_t", "transaction_id", "serial_first",
              "serial_last", "jcm_serial"]
DOCUMENT_KEYS = ["id", "project_id", "period_id", "form", "form_number", "version", "variant", "sha256", "size_bytes",
                 "filename", "uploaded_by", "uploaded_at"]
STATUS_KEYS = ["id", "name", "methodology_id", "methodology_version", "sectoral_scope", "participants", "created_by",
               "created_at", "state", "validator", "public_input_closes", "approvals", "pending", "periods", "documents",
               "issuances", "open_steps"]
SECRET = b"%PDF-1.7 \x00\xff confidential tariff 4.12 INR/kWh"
REDACTED = b"%PDF-1.7 \x00\xfe tariff [redacted]"


@pytest.fixture
def setu(db_url, files, monkeypatch) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """`setu(*args)`: run a command in-process; no exception may escape but the exit itself."""
    monkeypatch.setenv("SETU_DATABASE_URL", db_url)
    monkeypatch.setenv("SETU_DOCUMENT_DIR", str(files.root))
    monkeypatch.setenv("SETU_PUBLIC_INPUT_DAYS", "0")
    engines: dict[str, Any] = {}
    monkeypatch.setattr(context, "make_engine", lambda url: engines.get(url) or engines.setdefault(url, make_engine(url)))
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        result = runner.invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.stdout + result.stderr
        return result

    yield run
    for engine in engines.values():
        engine.dispose()


def _json(result, code: int = 0) -> Any:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.stdout, result.stderr)
    value = json.loads(result.stdout)
    _no_floats(value)
    return value


def _no_floats(value: Any) -> None:
    assert not isinstance(value, float), value
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _no_floats(item)


@pytest.fixture
def decided(world: World) -> World:
    world.create()
    world.walk_to_implemented()
    world.walk_to_decided()  # 10,007 t of vintage 2027 at 50/10/40, remainder to the participant
    return world


def test_issue_answers_with_the_outcome_and_its_shares(setu, decided):
    args = ("cycle", "act", "ISSUE", "--project", PV, "--period", "MP1", "--as", "rm", "--reason", "JC decided",
            "--key", "issue-json", "--json")
    first = _json(setu(*args))
    assert list(first) == OUTCOME_KEYS
    assert (first["accepted"], first["code"], first["project_id"], first["replayed"]) == (True, None, PV, False)
    assert [list(s) for s in first["issued"]] == [SHARE_KEYS] * 3
    assert sorted(s["quantity_t"] for s in first["issued"]) == [1000, 4004, 5003]
    again = _json(setu(*args))
    assert again["replayed"] and again["issued"] == first["issued"]
    refused = _json(setu(*args[:-3], "--key", "issue-json-2", "--json"), 1)
    assert list(refused) == OUTCOME_KEYS and not refused["accepted"]
    assert (refused["code"], refused["message"]) == ("PERIOD_ALREADY_ISSUED", f"period MP1 of {PV} is already issued")


def test_project_show_list_and_history_as_json(setu, decided):
    _json(setu("cycle", "act", "ISSUE", "--project", PV, "--period", "MP1", "--as", "rm", "--reason", "x", "--json"))
    shown = _json(setu("project", "show", PV, "--json"))
    assert list(shown) == STATUS_KEYS
    assert (shown["state"], shown["validator"], shown["participants"]) == (
        "IMPLEMENTED", "Earthood Services", ["Surya Rooftop Energy", "Nippon Kouden KK"])
    assert shown["periods"] == [{"id": "MP1", "state": "ISSUED", "verifier": "Earthood Services", "approvals": []}]
    assert all(list(d) == DOCUMENT_KEYS for d in shown["documents"])
    assert {d["form"] for d in shown["documents"]} >= {"PIN", "MONITORING_REPORT", "JC_DECISION"}
    [issuance] = shown["issuances"]
    assert (issuance["decision_id"], issuance["decided_t"]) == ("JC-IN-2028-001", {"2027": 10007})
    assert [s["percent"] for s in issuance["allocation"]["shares"]] == ["50", "10", "40"]  # exact decimals, as text
    assert sum(s["quantity_t"] for s in issuance["issued"]) == 10007 and issuance["issued_at"].endswith("Z")

    assert _json(setu("project", "list", "--json")) == [
        {"id": PV, "name": f"Rooftop solar {PV}", "state": "IMPLEMENTED", "periods": [{"id": "MP1", "state": "ISSUED"}]}]

    history = _json(setu("cycle", "history", PV, "--json"))
    assert history["project_id"] == PV
    assert [e["action"] for e in history["events"]][:2] == ["SUBMIT_PIN", "GRANT_NO_OBJECTION"]
    assert history["events"][-1]["action"] == "ISSUE"
    first = history["events"][0]
    assert list(first) == ["at", "action", "period_id", "actor", "organisation", "role", "reason", "documents"]
    assert (first["actor"], first["role"], first["at"]) == ("asha", "FOCAL_POINT", "2026-05-01T09:00:00.000000Z")
    assert first["documents"] == [f"{PV}/-/3.1/v1/public", f"{PV}/-/3.2/v1/public"]


def test_overdue_as_json(setu, world):
    world.create()
    for user, action in [("asha", Action.SUBMIT_PIN), ("jc", Action.GRANT_NO_OBJECTION),
                         ("asha", Action.REQUEST_REF_ASSESSMENT), ("jc", Action.ASSESS_REF_EMISSIONS),
                         ("asha", Action.PUBLISH_PDD)]:
        world.ok(user, action)
    world.clock.advance(30)
    world.ok("tpe", Action.START_VALIDATION)  # 2026-05-31T09:00Z, due 60 days later
    late = _json(setu("cycle", "overdue", "--now", "2026-08-09T09:00:00+00:00", "--json"))
    assert late == {"now": "2026-08-09T09:00:00.000000Z", "overdue": [
        {"project_id": PV, "period_id": None, "step": "validation", "owner": "Earthood Services",
         "started_at": "2026-05-31T09:00:00.000000Z", "due_at": "2026-07-30T09:00:00.000000Z", "days_overdue": 10}]}
    assert _json(setu("cycle", "overdue", "--now", "2026-06-01", "--json"))["overdue"] == []
    shown = _json(setu("project", "show", PV, "--json"))
    assert [s["step"] for s in shown["open_steps"]] == ["validation"] and "days_overdue" not in shown["open_steps"][0]


def test_writes_answer_with_their_outcome(setu, world, tmp_path):
    granted = _json(setu("role", "grant", "ravi", "--role", "project-participant", "--organisation", "Surya Rooftop Energy",
                         "--scope", PV, "--as", "admin", "--json"))
    assert list(granted) == OUTCOME_KEYS and granted["accepted"] and granted["entry_id"].startswith("roles#")
    held = _json(setu("role", "grant", "ravi", "--role", "project-participant", "--organisation", "Surya Rooftop Energy",
                      "--scope", PV, "--as", "admin", "--json"), 1)
    assert held["code"] == "ROLE_ALREADY_HELD"
    created = _json(setu("project", "create", PV, "--name", "Rooftop solar", "--methodology", "IN_AM001",
                         "--sectoral-scope", "1", "--participant", "Surya Rooftop Energy", "--as", "asha", "--json"))
    assert (created["accepted"], created["project_id"], created["entry_id"]) == (True, PV, f"project:{PV}#1")
    pin = tmp_path / "pin.pdf"
    pin.write_bytes(b"idea")
    filed = _json(setu("document", "upload", "--project", PV, "--form", "3.1", "--file", str(pin), "--as", "asha", "--json"))
    assert filed["document_id"] == f"{PV}/-/3.1/v1/public"
    refused = _json(setu("cycle", "act", "SUBMIT_PIN", "--project", PV, "--as", "asha", "--reason", "x",
                         "--document", filed["document_id"], "--json"), 1)
    assert list(refused) == OUTCOME_KEYS
    assert (refused["accepted"], refused["code"]) == (False, "DOCUMENT_MISSING")  # the MoC statement is not named


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (("project", "show", "IN-JCM-NONE-1"), 1, "PROJECT_NOT_FOUND"),
    (("cycle", "history", "IN-JCM-NONE-1"), 1, "PROJECT_NOT_FOUND"),
    (("cycle", "act", "SUBMIT_PIN", "--project", "IN-JCM-NONE-1", "--as", "asha", "--reason", "x"), 1, "PROJECT_NOT_FOUND"),
    (("cycle", "act", "FLY", "--project", PV, "--as", "asha", "--reason", "x"), 2, "ACTION: 'FLY'"),
    (("cycle", "overdue", "--now", "tomorrow"), 2, "--now: 'tomorrow'"),
    (("role", "grant", "u", "--role", "public", "--organisation", "o", "--as", "admin"), 2, "--role: 'public'"),
])
def test_refusals_and_unusable_input_are_json_too(setu, world, args, code, fragment):
    answer = _json(setu(*args, "--json"), code)
    assert list(answer) == (OUTCOME_KEYS if code == 1 and args[:2] == ("cycle", "act") else FAILURE_KEYS)
    assert answer["accepted"] is False
    assert answer["code"] == (fragment if code == 1 else "USAGE_ERROR")
    assert code == 1 or fragment in answer["message"]
    assert setu(*args).exit_code == code  # and the same exit without --json


# -- setu document get -------------------------------------------------------------------------------------------


@pytest.fixture
def filed(world: World) -> World:
    world.create()
    assert world.upload("asha", Form.PDD, content=REDACTED).accepted
    assert world.upload("asha", Form.PDD, variant=Variant.CONFIDENTIAL, content=SECRET).accepted
    assert world.upload("asha", Form.PDD, content=b"version two").accepted
    return world


def test_get_serves_the_public_version_to_anyone_and_the_confidential_one_by_role(setu, filed, tmp_path):
    public, secret = f"{PV}/-/PDD/v1/public", f"{PV}/-/PDD/v1/confidential"
    assert setu("document", "get", public).stdout_bytes == REDACTED
    assert setu("document", "get", secret, "--as", "tpe").stdout_bytes == SECRET
    assert setu("document", "get", secret, "--as", "asha").stdout_bytes == SECRET
    for who in ((), ("--as", "japan"), ("--as", "mallory")):  # the public, a role without access, an unknown user
        refused = setu("document", "get", secret, *who)
        assert refused.exit_code == 1 and refused.stdout_bytes == b""
        assert refused.stderr.startswith(f"ROLE_NOT_PERMITTED: {secret} is confidential;")
        assert f"may read its public version {public}" in refused.stderr
    answer = _json(setu("document", "get", secret, "--out", str(tmp_path / "x.pdf"), "--json"), 1)
    assert answer["code"] == "ROLE_NOT_PERMITTED" and not (tmp_path / "x.pdf").exists()


def test_get_by_form_version_and_hash(setu, filed):
    assert setu("document", "get", f"{PV}/-/PDD").stdout_bytes == b"version two"  # the newest public version
    assert setu("document", "get", f"{PV}/-/pdd", "--version", "1").stdout_bytes == REDACTED
    assert setu("document", "get", f"{PV}/-/PDD", "--variant", "confidential", "--as", "tpe").stdout_bytes == SECRET
    assert setu("document", "get", f"{PV}/-/PDD", "--variant", "confidential").exit_code == 1
    sha = hashlib.sha256(SECRET).hexdigest()
    assert setu("document", "get", "--sha256", sha.upper(), "--as", "tpe").stdout_bytes == SECRET
    assert setu("document", "get", "--sha256", sha).stderr.startswith("ROLE_NOT_PERMITTED: ")
    missing = setu("document", "get", "--sha256", "0" * 64)
    assert (missing.exit_code, missing.stderr.split(":")[0]) == (1, "DOCUMENT_MISSING")
    assert setu("document", "get", f"{PV}/-/PDD", "--version", "9").stderr.startswith(
        f"DOCUMENT_MISSING: document {PV}/-/PDD/v9/public is not on file")
    assert setu("document", "get", "IN-JCM-NONE-1/-/PDD").stderr.startswith("PROJECT_NOT_FOUND: ")


def test_get_writes_atomically_and_never_replaces_a_file_unasked(setu, filed, tmp_path):
    target = tmp_path / "out" / "pdd.pdf"
    target.parent.mkdir()
    secret = f"{PV}/-/PDD/v1/confidential"
    written = _json(setu("document", "get", secret, "--as", "tpe", "--out", str(target), "--json"))
    assert list(written) == [*DOCUMENT_KEYS, "written_to"]
    assert (written["id"], written["sha256"], written["written_to"]) == (secret, hashlib.sha256(SECRET).hexdigest(), str(target))
    assert target.read_bytes() == SECRET and os.listdir(target.parent) == ["pdd.pdf"]  # no temporary file left
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a confidential version is kept from other users
    refused = setu("document", "get", f"{PV}/-/PDD", "--out", str(target))
    assert refused.exit_code == 2 and "--out: " in refused.stderr and "give --force" in refused.stderr
    assert target.read_bytes() == SECRET
    replaced = setu("document", "get", f"{PV}/-/PDD", "--out", str(target), "--force")
    assert replaced.exit_code == 0 and f"{PV}/-/PDD/v2/public" in replaced.stdout
    assert target.read_bytes() == b"version two" and os.listdir(target.parent) == ["pdd.pdf"]
    for args, fragment in [(("--out", str(tmp_path)), "is a directory"),
                           (("--out", str(tmp_path / "none" / "x.pdf")), "does not exist"),
                           (("--json",), "give --out"), (("--force",), "--force goes with --out")]:
        result = setu("document", "get", f"{PV}/-/PDD", *args)
        assert result.exit_code == 2 and fragment in result.stdout + result.stderr, result.stderr


def test_get_refuses_a_stored_file_that_is_missing_or_altered(setu, filed, files, tmp_path):
    sha = hashlib.sha256(REDACTED).hexdigest()
    stored = files.root / sha[:2] / sha
    stored.write_bytes(b"tampered")
    target = tmp_path / "pdd.pdf"
    altered = setu("document", "get", f"{PV}/-/PDD/v1/public", "--out", str(target))
    assert altered.exit_code == 1 and altered.stderr.startswith(f"DOCUMENT_FILE_ALTERED: {PV}/-/PDD/v1/public: ")
    assert not target.exists() and altered.stdout_bytes == b""
    stored.unlink()
    missing = _json(setu("document", "get", f"{PV}/-/PDD/v1/public", "--out", str(target), "--json"), 1)
    assert missing["code"] == "DOCUMENT_FILE_MISSING" and sha in missing["message"] and not target.exists()


def test_retrieval_checks_the_bytes_whatever_the_store_says(filed):
    class Careless:  # a store that hands back whatever it has, unchecked
        def get(self, sha256: str) -> bytes:
            return b"not what was filed"

        def exists(self, sha256: str) -> bool:
            return True

    with pytest.raises(DocumentFileProblem) as problem:
        document_retrieval.retrieve_document(filed.uow, Careless(), "tpe", ById(f"{PV}/-/PDD/v1/public"))
    assert problem.value.code == "DOCUMENT_FILE_ALTERED"
    with pytest.raises(CycleRejected) as refused:
        document_retrieval.find_document(filed.uow, None, ByForm(PV, None, Form.PDD, None, Variant.CONFIDENTIAL))
    assert refused.value.rejection.code is CycleCode.ROLE_NOT_PERMITTED
    with pytest.raises(CycleRejected) as malformed:
        document_retrieval.find_document(filed.uow, None, ByHash("ABC"))
    assert malformed.value.rejection.code is CycleCode.FIELD_INVALID


@pytest.mark.parametrize(("args", "fragment"), [
    ((), "give exactly one of DOCUMENT"),
    ((f"{PV}/-/PDD", "--sha256", "0" * 64), "give exactly one of DOCUMENT"),
    (("--sha256", "abc"), "--sha256: 'abc' is not a SHA-256"),
    ((f"{PV}/-/PDD/v1",), "is neither a document id"),
    ((f"{PV}/-/PDD/vx/public",), "does not end in /vVERSION/public"),
    ((f"{PV}/-/3.99",), "DOCUMENT: '3.99' is not a form"),
    ((f"{PV}/-/PDD/v1/public", "--version", "1"), "a full document id names both"),
    ((f"{PV}/-/PDD", "--version", "0"), "--version: 0 is not a version number"),
])
def test_get_names_the_unusable_argument(setu, world, args, fragment):
    result = setu("document", "get", *args)
    assert result.exit_code == 2 and fragment in result.stderr, result.stderr


# -- unusable input on the cycle commands: named, exit 2, printed as typed ---------------------------------------


def test_user_text_prints_as_typed_never_as_markup(setu, world):
    tricky = "Solar [/b] :a: phase [bold]2"
    assert setu("project", "create", PV, "--name", tricky, "--methodology", "IN_AM001", "--sectoral-scope", "1",
                "--participant", "Surya Rooftop Energy", "--participant", "Nippon [/x] KK", "--as", "asha").exit_code == 0
    shown = setu("project", "show", PV)
    assert shown.exit_code == 0 and tricky in shown.stdout and "Nippon [/x] KK" in shown.stdout
    listed = setu("project", "list")
    assert listed.exit_code == 0 and "[/b] :a:" in listed.stdout
    refused = setu("role", "grant", "[/x]", "--role", "jc-member", "--organisation", "o", "--as", "admin")
    assert (refused.exit_code, refused.stderr.strip()) == (1, "FIELD_INVALID: user: '[/x]' is not a valid identifier")
    unusable = setu("cycle", "act", "SUBMIT_MONITORING_REPORT", "--project", PV, "--period", "MP1", "--as", "asha",
                    "--reason", "x", "--claim", "meter:[/x]:A:2026-02-30:2026-03-01", "--reported", "2026=1")
    assert unusable.exit_code == 2
    assert unusable.stderr.startswith("error: --claim: 'meter:[/x]:A:2026-02-30:2026-03-01' is not SUBJECT:START:END")


def _decide(*figures: str) -> tuple[str, ...]:
    return ("cycle", "act", "DECIDE_ISSUANCE", "--project", PV, "--period", "MP1", "--as", "jc", "--reason", "x",
            "--decision-id", "JC-1", "--remainder-to", "GoJ", *figures)


@pytest.mark.parametrize(("args", "fragment"), [
    (_decide("--decided", "2026=10", "--allocation", "GoJ:JPN01:JPN01-1:NaN"), "--allocation: 'NaN' in"),
    (_decide("--decided", "2026=10", "--allocation", "GoJ:JPN01:JPN01-1:1e2"), "is not a percentage"),
    (_decide("--decided", "2026=10", "--allocation", "GoJ:JPN01:JPN01-1:-5"), "is not a percentage"),
    (_decide("--decided", "2026=10", "--allocation", "GoJ:JPN01:JPN01-1:50.0000000000000000000000000001"),
     "at most 6 decimal places"),
    (_decide("--decided", "2026=²", "--allocation", "GoJ:JPN01:JPN01-1:100"), "--decided: '2026=²' is not VINTAGE=TONNES"),
    (("cycle", "overdue", "--now", "2027-02-30"), "--now: '2027-02-30'"),
])
def test_bad_figures_name_their_option(setu, world, args, fragment):
    result = setu(*args)
    assert result.exit_code == 2 and fragment in result.stderr, result.stderr
    assert fragment in _json(setu(*args, "--json"), 2)["message"]


def test_upload_refuses_unusable_files_and_directories(setu, world, tmp_path, monkeypatch):
    world.create()
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = setu("document", "upload", "--project", PV, "--form", "PIN", "--file", str(empty), "--as", "asha")
    assert result.exit_code == 2 and f"--file: {empty} is empty" in result.stderr
    result = setu("document", "upload", "--project", PV, "--form", "PIN", "--file", str(tmp_path), "--as", "asha")
    assert result.exit_code == 2 and "--file: cannot read" in result.stderr
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 11)
    with monkeypatch.context() as patched:  # the reader stops past the limit, so even /dev/zero ends
        patched.setattr("setu.cli.cycle_commands.MAX_DOCUMENT_BYTES", 10)
        result = setu("document", "upload", "--project", PV, "--form", "PIN", "--file", str(big), "--as", "asha")
    assert result.exit_code == 2 and "is larger than 10 bytes" in result.stderr
    pin = tmp_path / "pin.pdf"
    pin.write_bytes(b"idea")
    result = setu("document", "upload", "--project", PV, "--form", "PIN", "--file", str(pin), "--as", "asha",
                  "--document-dir", str(pin))  # a file where the directory should be
    assert result.exit_code == 2 and "--document-dir: cannot store the file under" in result.stderr
    assert _json(setu("project", "show", PV, "--json"))["documents"] == []  # nothing was recorded
    unknown = setu("document", "upload", "--project", "IN-JCM-NONE-1", "--form", "PIN", "--file", str(pin), "--as", "asha")
    assert (unknown.exit_code, unknown.stderr.split(":")[0]) == (1, "PROJECT_NOT_FOUND")
    nobody = setu("document", "upload", "--project", PV, "--form", "PIN", "--file", str(pin), "--as", "mallory")
    assert (nobody.exit_code, nobody.stderr.split(":")[0]) == (1, "ROLE_NOT_PERMITTED")


def test_a_database_failure_is_json_too(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'broken.sqlite3'}"
    engine = make_engine(url)
    context.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE document")
    engine.dispose()
    monkeypatch.setenv("SETU_DATABASE_URL", url)
    runner = CliRunner()
    result = runner.invoke(app, ["project", "list", "--json"])
    assert result.exit_code == 0  # the projects table is still there
    runner.invoke(app, ["role", "grant", "asha", "--role", "focal-point", "--organisation", "S", "--scope", PV,
                        "--as", "admin"])
    runner.invoke(app, ["project", "create", PV, "--name", "n", "--methodology", "IN_AM001", "--sectoral-scope", "1",
                        "--participant", "S", "--as", "asha"])
    answer = _json(runner.invoke(app, ["project", "show", PV, "--json"]), 1)
    assert (answer["code"], answer["message"]) == ("DATABASE_ERROR", "no such table: document")
