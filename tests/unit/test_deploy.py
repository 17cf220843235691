"""framework.deploy: what compose.yaml and the Kubernetes manifests say, from the services alone."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from framework.deploy import plan_deploy
from framework.deploy.check import check_kustomizations, check_resources, validate_document
from framework.project import load_project
from tests.unit.conftest import write

HTTP_RUN = '\n[tool.framework.run]\ncommand = ["uvicorn"]\nhealth = "/health"\n'
WORKER_RUN = '\n[tool.framework.run]\ncommand = ["python", "-m", "worker"]\nready = "started"\n'
SETTINGS = '''\
from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: SecretStr
    """The database."""

    redis_url: str = "redis://localhost:6379/0"
    """The broker."""
'''


def deployable(project: Path, name: str, run: str, *, port: int | None = None) -> None:
    service = project / "services" / name
    pyproject = service / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + run)
    expose = f"EXPOSE {port}\n" if port else ""
    write(service / "Dockerfile", f'FROM python:3.12-slim\n{expose}CMD ["python"]\n')


@pytest.fixture
def shop(project: Path) -> Path:
    """`api`: HTTP on 8000, migrations, a database secret and Redis; `worker`: Redis only."""
    deployable(project, "api", HTTP_RUN, port=8000)
    write(project / "services" / "api" / "alembic.ini")
    write(project / "services" / "api" / "src" / "api" / "config.py", SETTINGS)
    deployable(project, "worker", WORKER_RUN)
    worker = project / "services" / "worker" / "pyproject.toml"
    worker.write_text(worker.read_text().replace('["shared"]', '["shared", "faststream[redis]"]'))
    return project


def files(project: Path) -> dict[PurePosixPath, str]:
    return plan_deploy(load_project(project))


def compose(project: Path) -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(files(project)[PurePosixPath("compose.yaml")])
    return services


def test_compose_starts_servers_then_migrations_then_services(shop: Path) -> None:
    services = compose(shop)["services"]
    assert set(services) == {"postgres", "redis", "api-migrate", "api", "worker"}
    assert services["api"]["depends_on"] == {
        "api-migrate": {"condition": "service_completed_successfully"},
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["api-migrate"]["command"] == ["alembic", "upgrade", "head"]
    assert services["worker"]["depends_on"] == {"redis": {"condition": "service_healthy"}}
    assert services["worker"]["environment"] == {"REDIS_URL": "redis://redis:6379/0"}


def test_only_http_services_publish_a_port_and_have_a_health_check(shop: Path) -> None:
    services = compose(shop)["services"]
    assert services["api"]["ports"] == ["${API_PORT:-8000}:8000"]
    assert "http://127.0.0.1:8000/health" in services["api"]["healthcheck"]["test"][-1]
    published = [name for name, service in services.items() if "ports" in service]
    assert published == ["api"]
    assert services["api"]["image"].endswith("api:${IMAGE_TAG:-latest}")
    assert all(service["restart"] for service in services.values())


def test_a_service_with_a_generated_client_gets_the_address_of_what_it_calls(shop: Path) -> None:
    clients = shop / "services" / "worker" / "src" / "worker" / "generated" / "clients"
    write(clients / "__init__.py")
    write(clients / "api.py", "class ApiClient: ...\n")
    write(clients / "payments.py", "class PaymentsClient: ...\n")  # a service not in this project
    write(shop / "services" / "worker" / "spec" / "consumes.yaml", "consumes: []\n")
    planned = files(shop)
    services = yaml.safe_load(planned[PurePosixPath("compose.yaml")])["services"]
    assert services["worker"]["environment"] == {
        "REDIS_URL": "redis://redis:6379/0",
        "API_URL": "http://api:8000",
    }
    manifest = yaml.safe_load(planned[PurePosixPath("deploy/kubernetes/base/worker.yaml")])
    container = manifest["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == [{"name": "API_URL", "value": "http://api"}]
    assert "services/worker/spec/consumes.yaml" in planned[PurePosixPath("compose.yaml")]


def test_a_command_line_package_is_not_deployed(shop: Path, add_service: Any) -> None:
    add_service(shop, "importer")
    write(shop / "services" / "importer" / "Dockerfile", "FROM python:3.12-slim\n")
    assert "importer" not in compose(shop)["services"]
    assert not [path for path in files(shop) if "importer" in str(path)]


def test_no_deployable_service_means_no_deploy_files(project: Path) -> None:
    assert files(project) == {}


def test_manifests_are_valid_kubernetes_and_keep_secrets_out(shop: Path) -> None:
    planned = files(shop)
    base = PurePosixPath("deploy/kubernetes/base")
    assert {base / "api.yaml", base / "api-migrate.yaml", base / "worker.yaml"} <= set(planned)
    for path, text in planned.items():
        if path.parts[0] == "deploy" and path.suffix == ".yaml" and "kustom" not in path.name:
            for document in yaml.safe_load_all(text):
                assert validate_document(document, Path(path), 1) == []
    api = list(yaml.safe_load_all(planned[base / "api.yaml"]))
    container = api[0]["spec"]["template"]["spec"]["containers"][0]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["readinessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert {"secretRef": {"name": "secrets"}} in container["envFrom"]
    worker = yaml.safe_load(planned[base / "worker.yaml"])
    assert worker["spec"]["template"]["spec"]["containers"][0]["envFrom"] == [
        {"configMapRef": {"name": "config"}}
    ]
    config = planned[base / "config.env"]
    assert "REDIS_URL=redis://redis:6379/0" in config
    assert "DATABASE_URL" not in config
    secrets = planned[PurePosixPath("deploy/kubernetes/overlays/example/secrets.env.example")]
    assert "\nDATABASE_URL=\n" in secrets


def test_check_deploy_names_a_misspelt_field(shop: Path) -> None:
    for path, text in files(shop).items():
        write(shop / path, text)
    api = shop / "deploy" / "kubernetes" / "base" / "api.yaml"
    api.write_text(api.read_text().replace("replicas: 1", "replica: 1"))
    problems, _ = check_resources(load_project(shop))
    assert len(problems) == 1
    assert "Deployment api: spec: Additional properties are not allowed" in str(problems[0])
    assert check_kustomizations(load_project(shop)) == []


# --- the template repository's per-module-set copies -------------------------------------------


def test_the_template_gets_one_file_per_service_and_jinja_branches_for_the_rest(
    shop: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    import jinja2

    from framework.deploy.template import main, plans_by_set, template_files
    from framework.module_sets import set_directory, subtracted_sets

    modules = {"api": "api", "worker": "worker"}
    projects = subtracted_sets(load_project(shop), modules)
    assert list(projects) == [("api",), ("worker",), ("api", "worker")]
    found = template_files(projects)
    base = PurePosixPath("deploy/kubernetes/base")
    assert base / "{% if 'api' in module_list %}api.yaml{% endif %}" in found
    assert PurePosixPath("compose.yaml.jinja") in found
    environment = jinja2.Environment(keep_trailing_newline=True)  # noqa: S701 (YAML, not HTML)
    for chosen, plan in plans_by_set(projects).items():
        rendered = environment.from_string(found[PurePosixPath("compose.yaml.jinja")])
        assert rendered.render(module_list=list(chosen)) == plan[PurePosixPath("compose.yaml")]
    elsewhere = tmp_path_factory.mktemp("repo")  # the shop is tmp_path itself
    sets = elsewhere / "sets"
    for chosen in projects:  # each set as copier renders it: without the other's service
        copy = set_directory(sets, chosen)
        shutil.copytree(shop, copy)
        for other in set(modules) - set(chosen):
            shutil.rmtree(copy / "services" / modules[other])
    template = elsewhere / "template"
    template.mkdir()
    assert main([str(sets), str(template)]) == 0
    written = {path.relative_to(template).as_posix(): path.read_text() for path in
               template.rglob("*") if path.is_file()}  # fmt: skip
    assert written == {str(path): text for path, text in found.items()}


def test_one_modules_file_that_differs_with_the_others_is_conditional_and_branched(
    shop: Path,
) -> None:
    import jinja2

    from framework.deploy.template import plans_by_set, template_files
    from framework.module_sets import subtracted_sets

    clients = shop / "services" / "worker" / "src" / "worker" / "generated" / "clients"
    write(clients / "api.py", "class ApiClient: ...\n")  # API_URL, where there is an api
    projects = subtracted_sets(load_project(shop), {"api": "api", "worker": "worker"})
    found = template_files(projects)
    worker = "{% if 'worker' in module_list %}worker.yaml{% endif %}.jinja"
    name = PurePosixPath("deploy/kubernetes/base") / worker
    environment = jinja2.Environment(keep_trailing_newline=True)  # noqa: S701 (YAML, not HTML)
    for chosen, plan in plans_by_set(projects).items():
        rendered = environment.from_string(found[name]).render(module_list=list(chosen))
        assert rendered == plan.get(PurePosixPath("deploy/kubernetes/base/worker.yaml"), "")
        assert ("API_URL" in rendered) == (chosen == ("api", "worker"))


def test_a_directory_without_rendered_sets_is_refused_by_name(tmp_path: Path) -> None:
    from framework.module_sets import rendered_sets

    with pytest.raises(ValueError, match=r"holds no rendered module set \(<module>\+<module>/\)"):
        rendered_sets(tmp_path)


def test_a_file_only_the_sets_copier_accepts_with_a_module_have_is_that_modules(
    shop: Path,
) -> None:
    from framework.deploy.template import template_files
    from framework.module_sets import subtracted_sets

    # As with the frontend, which copier refuses without the backend: no set has it alone.
    projects = subtracted_sets(load_project(shop), {"api": "api", "worker": "worker"})
    del projects[("worker",)]
    found = template_files(projects)
    base = PurePosixPath("deploy/kubernetes/base")
    assert base / "{% if 'worker' in module_list %}worker.yaml{% endif %}" in found
    assert base / "api.yaml" in found  # every accepted set has it


def test_check_deploy_as_a_command(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from framework.deploy.check import main

    assert main([str(shop)]) == 0
    assert "no deploy/kubernetes/ here" in capsys.readouterr().out
    for path, text in files(shop).items():
        write(shop / path, text)
    assert main([str(shop)]) == 0
    assert "4 Kubernetes resources match the 1.33.0 schemas" in capsys.readouterr().out
    (shop / "deploy/kubernetes/base/worker.yaml").unlink()
    assert main([str(shop)]) == 1
    assert "names worker.yaml, which does not exist" in capsys.readouterr().err
    assert main([str(shop / "services")]) == 2


# --- `nox -s up`: the order, the compose command, what containers do ---------------------------


def test_up_starts_servers_then_migrations_then_services(shop: Path) -> None:
    from framework.deploy.services import discover
    from framework.nox_support.shipping import steps

    system = discover(load_project(shop))
    waves = [
        [(step.name, step.goal) for step in wave] for wave in steps(system, list(system.services))
    ]
    assert waves == [
        [("postgres", "healthy"), ("redis", "healthy")],
        [("api-migrate", "completed")],
        [("api", "healthy"), ("worker", "ready")],
    ]


FAKE_ENGINE = """\
#!/bin/sh
case "$1 $2" in
  "compose version") exit 0 ;;
  "inspect "*) echo '[{"State": {"Status": "running", "ExitCode": 0,'
               echo '"Health": {"Status": "healthy"}}, "RestartCount": 2}]' ;;
  "ps "*) echo "abc def" ;;
  "logs "*) echo "started" ;;
esac
"""


def test_compose_and_container_states_through_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from framework.nox_support import compose

    engine = write(tmp_path / "docker", FAKE_ENGINE)
    engine.chmod(0o755)
    monkeypatch.setenv("CONTAINER_ENGINE", str(engine))
    assert compose.find_compose() == (str(engine), [str(engine), "compose"])
    assert compose.containers(str(engine), "shop", "api") == ["abc", "def"]
    state = compose.state(str(engine), "abc")
    assert (state.status, state.health, state.restarts, state.exited) == (
        "running", "healthy", 2, False
    )  # fmt: skip
    assert compose.healthy(str(engine), "abc")
    assert "started" in compose.logs(str(engine), "abc")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.delenv("CONTAINER_ENGINE")
    with pytest.raises(Exception, match="no container engine answers"):
        compose.find_compose()


SCRIPTED_ENGINE = """\
#!/bin/sh
# ps: the service's name as its container; inspect: a migration exited 0, the rest healthy.
case "$1" in
  compose) exit 0 ;;
  image) exit 0 ;;
  ps) for a in "$@"; do case "$a" in *compose.service=*) echo "${a##*=}" ;; esac; done ;;
  inspect)
    case "$2" in
      *-migrate) echo '[{"State": {"Status": "exited", "ExitCode": 0}, "RestartCount": 0}]' ;;
      *) echo '[{"State": {"Status": "running", "Health": {"Status": "healthy"}}}]' ;;
    esac ;;
  logs) echo "worker started" ;;
esac
"""


class FakeSession:
    """What ComposeSystem asks of a nox session: its commands are recorded, not run."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, ...]] = []
        self.lines: list[str] = []

    def run(self, *command: str, **_: object) -> None:
        self.commands.append(command)

    def log(self, line: str) -> None:
        self.lines.append(line)

    warn = log

    def error(self, line: str) -> None:
        raise RuntimeError(line)


def test_up_runs_each_wave_and_waits_for_it(
    shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from framework.nox_support.shipping import ComposeSystem

    engine = write(tmp_path / "bin" / "docker", SCRIPTED_ENGINE)
    engine.chmod(0o755)
    monkeypatch.setenv("CONTAINER_ENGINE", str(engine))
    monkeypatch.delenv("IMAGE_PREFIX", raising=False)
    for path, text in files(shop).items():
        write(shop / path, text)
    session = FakeSession()
    system = ComposeSystem(session, shop)  # type: ignore[arg-type]
    system.up([])
    ups = [command[command.index("up") :] for command in session.commands]
    assert ups == [
        ("up", "--detach", "--no-deps", "postgres", "redis"),
        ("up", "--detach", "--no-deps", "--force-recreate", "api-migrate"),
        ("up", "--detach", "--no-deps", "api", "worker"),
    ]
    assert system.env["IMAGE_PREFIX"] == f"{system.slug}-"
    assert any(line.startswith("up: 2 services healthy in") for line in session.lines)
    assert (shop / ".env").is_file()
    system.down(["--volumes"])
    assert session.commands[-1][-3:] == ("down", "--remove-orphans", "--volumes")
    with pytest.raises(RuntimeError, match=r"nope: not in compose\.yaml; choose from"):
        system.up(["nope"])
