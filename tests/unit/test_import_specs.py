"""`import-specs` on specs written for the seeds' system (tests/data/predecessor)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from framework.cli import main
from framework.project import load_project
from framework.specs.loader import load_specs
from tests.unit.test_spec_errors import snapshot

PREDECESSOR = Path(__file__).parents[1] / "data" / "predecessor"
USERS = "services/backend/spec/users.yaml"
MODELS = "shared/spec/models.yaml"


@pytest.fixture
def old_specs(tmp_path: Path) -> Path:
    destination = tmp_path / "old"
    shutil.copytree(PREDECESSOR, destination)
    return destination


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_predecessors_specs_convert_validate_and_generate(
    old_specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-specs", str(old_specs)]) == 0
    printed = capsys.readouterr().out.splitlines()
    for change in [
        f"{MODELS}: models.User.fields.role: inline enum became enum UserRole",
        f"{MODELS}: models.User.fields.bio: {{type: optional, of: T}} became T with optional: true",
        "shared/spec/events.yaml: events.user_registered: channel user_registered kept"
        " (the event's own name)",
        f"{USERS}: config: config.rest became rest",
        f"{USERS}: operations.find_by_nickname.params[0]: parameter nickname became"
        " {name: nickname, type: string}",
        "services/tg_bot/spec/manifest.yaml: (file): became services/tg_bot/spec/consumes.yaml",
        "converted 5 spec file(s); run `python -m framework validate`",
    ]:
        assert change in printed
    assert not (old_specs / "services/tg_bot/spec/manifest.yaml").exists()

    specs = load_specs(load_project(old_specs))
    assert specs.enums == {"UserRole": ["member", "moderator", "owner"]}
    update = [field.name for field in specs.classes["UserUpdate"].fields]
    assert "id" not in update
    assert "created_at" not in update
    assert specs.events["user_registered"].channel == "user_registered"
    assert not specs.events["command_received"].subscribe
    [consumer] = specs.consumers
    assert [op.name for op in consumer.uses["backend"]] == ["create_user", "get_user"]

    assert main(["generate", str(old_specs)]) == 0
    document = json.loads((old_specs / "services/backend/openapi.json").read_text())
    assert "201" in document["paths"]["/users"]["post"]["responses"]  # POST defaults to 201
    assert "204" in document["paths"]["/users/{user_id}"]["delete"]["responses"]
    worker = old_specs / "services/notifications_worker/src/notifications_worker/generated"
    assert (worker / "subscribers" / "notifications.py").is_file()


CANNOT = {
    "a required query parameter": (
        USERS,
        "        required: false\n        default: 20\n",
        "        required: true\n",
        f"{USERS}:14:19: operations.list_users.params[0].required: cannot be carried over:"
        " a required query parameter: here a query parameter without a default is optional;"
        " give it a default or make it a path parameter",
    ),
    "an enum member that is not a lowercase name": (
        MODELS,
        "values: [member, moderator, owner]",
        "values: [member, Moderator, owner]",
        f"{MODELS}:12:45: models.User.fields.role.type.values[1]: cannot be carried over:"
        " enum member 'Moderator' is not a lowercase name, which members must be here",
    ),
    "a dict keyed by something else than strings": (
        MODELS,
        "key: {type: string}",
        "key: {type: int}",
        f"{MODELS}:16:33: models.User.fields.settings.type.key: cannot be carried over:"
        " dict keys must be strings here, not int",
    ),
    "a message model other than the input": (
        "services/notifications_worker/spec/notifications.yaml",
        "      subscribe: user_registered",
        "      subscribe: user_registered\n      message_model: CommandReceived",
        "services/notifications_worker/spec/notifications.yaml:8:22:"
        " operations.on_user_registered.events.message_model: cannot be carried over:"
        " message_model CommandReceived differs from the input; here the input is the message",
    ),
    "an event events.yaml does not declare": (
        USERS,
        "publish_on_success: user_registered",
        "publish_on_success: user_created",
        f"{USERS}:27:27: operations.create_user.events.publish_on_success: cannot be carried"
        " over: events.yaml has no event 'user_created'",
    ),
}


@pytest.mark.parametrize("case", CANNOT.values(), ids=CANNOT.keys())
def test_what_cannot_be_carried_over_is_refused_and_nothing_is_written(
    case: tuple[str, str, str, str], old_specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, old, new, expected = case
    edit(old_specs / file, old, new)
    before = snapshot(old_specs)
    assert main(["import-specs", str(old_specs)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        expected,
        "1 problem(s): these specs cannot be carried over as they are; nothing was written",
    ]
    assert snapshot(old_specs) == before


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "service: backend",
            "service: backend_api",
            "services/tg_bot/spec/consumes.yaml:4:12: consumes[0].service: no service"
            " 'backend_api' with HTTP operations (did you mean 'backend'?)",
        ),
        (
            "get_user]",
            "get_usr]",
            "services/tg_bot/spec/consumes.yaml:6:29: consumes[0].operations[1]: the service"
            " has no HTTP operation 'get_usr' (did you mean 'get_user'?)",
        ),
    ],
)
def test_a_consumer_naming_what_does_not_exist_is_a_spec_error(
    old_specs: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    assert main(["import-specs", str(old_specs)]) == 0
    edit(old_specs / "services/tg_bot/spec/consumes.yaml", old, new)
    capsys.readouterr()
    assert main(["validate", str(old_specs)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == expected
