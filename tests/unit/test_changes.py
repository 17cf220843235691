from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from framework.changes import (
    ChangedArgument,
    ChangesError,
    Selection,
    describe,
    parse_changed_argument,
    select,
    without_changed_argument,
)
from framework.cli import main

PACKAGES = {"shared": "shared", "api": "services/api", "worker": "services/worker"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)
    return git(repo, "rev-parse", "HEAD").strip()


def touch(project: Path, relative: str, text: str = "changed\n") -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(project: Path) -> Path:
    """The `project` fixture committed on `main` in a git repository of its own."""
    git(project, "init", "--quiet", "--initial-branch=main")
    commit_all(project, "generated")
    return project


def affected(project: Path, ref: str | None = None) -> dict[str, str]:
    return select(project, PACKAGES, ref).affected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], None),
        (["-k", "users"], None),
        (["--changed"], ChangedArgument(None, ())),
        (["--changed", "main"], ChangedArgument("main", ())),
        (["--changed=HEAD~2", "-x"], ChangedArgument("HEAD~2", ("-x",))),
        (["--changed", "-k", "users"], ChangedArgument(None, ("-k", "users"))),
        (["-q", "--changed", "main", "-k", "x"], ChangedArgument("main", ("-q", "-k", "x"))),
        (["--changed="], ChangedArgument(None, ())),
    ],
)  # fmt: skip
def test_the_changed_argument_is_found_with_or_without_a_ref(
    args: list[str], expected: ChangedArgument | None
) -> None:
    assert parse_changed_argument(args) == expected


def test_the_tools_never_see_the_changed_argument() -> None:
    assert without_changed_argument(["--changed", "main", "-k", "users"]) == ["-k", "users"]
    assert without_changed_argument(["-k", "users"]) == ["-k", "users"]


def test_without_git_every_package_runs_and_the_summary_says_why(project: Path) -> None:
    selection = select(project, PACKAGES)
    assert selection.base is None
    assert list(selection.affected) == ["shared", "api", "worker"]
    assert selection.summary() == [
        "--changed: not a git repository, so nothing tells what changed; every package runs"
    ]


def test_without_the_git_command_every_package_runs(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-tools-here"))
    selection = select(repo, PACKAGES)
    assert selection.note == "git is not installed, so nothing tells what changed"
    assert list(selection.affected) == ["shared", "api", "worker"]


def test_a_repository_without_commits_runs_everything(project: Path) -> None:
    git(project, "init", "--quiet")
    assert select(project, PACKAGES).note == "no commit yet, so everything is new"


def test_a_clean_tree_on_main_affects_nothing(repo: Path) -> None:
    selection = select(repo, PACKAGES)
    assert selection.affected == {}
    assert selection.unaffected == ("shared", "api", "worker")
    head = git(repo, "rev-parse", "--short=9", "HEAD").strip()
    assert selection.summary() == [
        f"--changed: comparing the working tree with {head}, the last commit (HEAD is on main)",
        "  nothing changed in any package, so every per-package session skips",
        "  skips  shared, api, worker: none of their files changed",
    ]
    assert selection.skip_reason("api") == f"none of the files of api changed since {head}"


@pytest.mark.parametrize(
    "change",
    ["services/api/src/api/__init__.py", "services/api/uv.lock", "services/api/tests/unit/new.py"],
)
def test_a_service_is_affected_by_its_own_files_and_its_lock(repo: Path, change: str) -> None:
    touch(repo, change)
    assert affected(repo) == {"api": f"{change} changed"}


def test_staged_and_deleted_files_count(repo: Path) -> None:
    touch(repo, "services/worker/README.md")
    git(repo, "add", "services/worker/README.md")
    (repo / "services" / "api" / "uv.lock").unlink()
    assert affected(repo) == {
        "api": "services/api/uv.lock changed",
        "worker": "services/worker/README.md changed",
    }


def test_ignored_files_do_not_count(repo: Path) -> None:
    touch(repo, ".gitignore", ".venv/\n")
    commit_all(repo, "ignore venvs")
    touch(repo, "services/api/.venv/lib/site.py")
    assert affected(repo) == {}


@pytest.mark.parametrize(
    "change", ["shared/shared/events.py", "uv.lock", "noxfile.py", ".python-version", ".nvmrc"]
)
def test_shared_the_root_lock_and_the_noxfile_affect_every_package(repo: Path, change: str) -> None:
    touch(repo, change)
    reason = f"every package, because {change} changed"
    selection = select(repo, PACKAGES)
    assert selection.affected == {"shared": reason, "api": reason, "worker": reason}
    assert selection.summary()[1:] == [f"  runs   {package}: {reason}" for package in PACKAGES]


def test_files_outside_the_packages_affect_no_package(repo: Path) -> None:
    touch(repo, "README.md")
    touch(repo, "docs/guide.md")
    touch(repo, "services/README.md")
    assert affected(repo) == {}


def test_a_feature_branch_is_compared_with_its_merge_base_with_main(repo: Path) -> None:
    fork = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "--quiet", "--create", "feature")
    touch(repo, "services/api/src/api/routes.py")
    commit_all(repo, "feature work")
    git(repo, "switch", "--quiet", "main")
    touch(repo, "services/worker/src/worker/jobs.py")
    commit_all(repo, "main moves on")
    git(repo, "switch", "--quiet", "feature")
    selection = select(repo, PACKAGES)
    assert selection.base == fork[:9]
    assert selection.compared_with == "the merge-base of HEAD and main"
    assert selection.affected == {"api": "services/api/src/api/routes.py changed"}
    explicit = select(repo, PACKAGES, "main")
    assert (explicit.base, explicit.compared_with) == (fork[:9], "the merge-base of HEAD and main")


def test_without_a_main_branch_the_last_commit_is_the_base(project: Path) -> None:
    git(project, "init", "--quiet", "--initial-branch=trunk")
    commit_all(project, "generated")
    touch(project, "services/worker/src/worker/jobs.py")
    selection = select(project, PACKAGES)
    assert selection.compared_with == (
        "the last commit (there is no main or master branch to compare with)"
    )
    assert list(selection.affected) == ["worker"]


def test_a_clone_compares_with_the_remote_default_branch(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    git(clone, "switch", "--quiet", "--create", "feature")
    touch(clone, "services/worker/src/worker/jobs.py")
    commit_all(clone, "feature work")
    selection = select(clone, PACKAGES)
    assert selection.compared_with == "the merge-base of HEAD and origin/main"
    assert list(selection.affected) == ["worker"]


def test_an_explicit_ref_covers_the_commits_since_then(repo: Path) -> None:
    touch(repo, "services/api/src/api/one.py")
    commit_all(repo, "one")
    touch(repo, "services/worker/src/worker/two.py")
    commit_all(repo, "two")
    assert list(affected(repo, "HEAD~1")) == ["worker"]
    assert list(affected(repo, "HEAD~2")) == ["api", "worker"]
    assert select(repo, PACKAGES, "HEAD~1").compared_with == "which is HEAD~1"


def test_an_unknown_ref_is_refused_with_the_way_out(repo: Path) -> None:
    with pytest.raises(
        ChangesError, match=r"--changed nope: no commit, branch or tag of that name"
    ):
        select(repo, PACKAGES, "nope")


def test_a_project_in_a_subdirectory_of_the_repository(project: Path) -> None:
    inner = project / "backend-platform"
    inner.mkdir()
    for name in ("noxfile.py", "shared", "services"):
        (project / name).rename(inner / name)
    git(project, "init", "--quiet", "--initial-branch=main")
    commit_all(project, "generated")
    touch(project, "website/index.html")
    touch(project, "noxfile.py")
    touch(inner, "services/api/src/api/routes.py")
    assert select(inner, PACKAGES).affected == {"api": "services/api/src/api/routes.py changed"}


def test_many_changed_files_are_summarised() -> None:
    paths = [f"services/api/m{number}.py" for number in range(5)]
    assert describe(paths) == (
        "services/api/m0.py, services/api/m1.py, services/api/m2.py and 2 more changed"
    )


def test_a_selection_survives_the_trip_through_the_environment(repo: Path) -> None:
    touch(repo, "services/api/src/api/routes.py")
    selection = select(repo, PACKAGES, "HEAD")
    assert Selection.from_json(selection.to_json()) == selection


def test_the_command_prints_the_summary_or_json(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    touch(repo, "services/worker/src/worker/jobs.py")
    assert main(["changed", "--root", str(repo)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("--changed: comparing the working tree with ")
    assert out[1:] == [
        "  runs   worker: services/worker/src/worker/jobs.py changed",
        "  skips  shared, api: none of their files changed",
    ]
    assert main(["changed", "HEAD", "--json", "--root", str(repo)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["affected"] == {"worker": "services/worker/src/worker/jobs.py changed"}
    assert data["ref"] == "HEAD"


def test_the_command_refuses_an_unknown_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changed", "nope", "--root", str(repo)]) == 2
    assert capsys.readouterr().err.startswith("error: --changed nope: no commit, branch or tag")


def test_git_errors_are_reported(repo: Path) -> None:
    (repo / ".git" / "index").write_text("not an index")
    with pytest.raises(ChangesError, match="git could not list the changes"):
        select(repo, PACKAGES)
