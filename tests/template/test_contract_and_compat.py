"""The top of the pyramid in a rendered project: `contract` fuzzes the backend, `check-compat`
guards the specs; a commit that removes a field fails it.

Slow (renders a project and fuzzes it), so marked `slow` by the directory's conftest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.projects import git, run_fails, run_ok, set_up

MODELS = Path("shared/spec/models.yaml")
CREATED_AT = "      created_at: {type: datetime, readonly: true}\n"
# The variant that leaves it out by name, since only `Create` and `Update` do so by themselves.
TELEGRAM_EXCLUDES = "exclude: [id, email, created_at, updated_at]"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return set_up(tmp_path_factory.mktemp("pyramid") / "demo-shop", ["backend", "notifications"])


def test_contract_fuzzes_every_operation_green_with_the_committed_budget(project: Path) -> None:
    output = run_ok(project, "-s", "contract")
    assert "backend: 100 examples per operation, seed 0" in output
    assert "6 passed" in output
    assert git(project, "status", "--porcelain") == ""


def test_contract_takes_another_budget_and_seed_after_the_separator(project: Path) -> None:
    output = run_ok(project, "-s", "contract", "--", "--examples", "5", "--seed", "3", "-q")
    assert "backend: 5 examples per operation, seed 3" in output
    refused = run_fails(project, "-s", "contract", "--", "--examples", "many")
    assert "--examples takes a whole number above 0, not many" in refused


def test_check_compat_passes_an_additive_change_and_fails_a_removed_field(project: Path) -> None:
    git(project, "branch", "--move", "main")
    git(project, "checkout", "--quiet", "-b", "feature")
    models = project / MODELS
    original = models.read_text()
    try:
        models.write_text(
            original.replace(
                CREATED_AT, CREATED_AT + "      nickname: {type: string, optional: true}\n", 1
            )
        )
        run_ok(project, "-s", "generate")
        git(project, "commit", "--quiet", "--all", "--message", "feat: users may have a nickname")
        output = run_ok(project, "-s", "check-compat")
        assert "(the merge-base of HEAD and main)" in output
        assert "UserRead.nickname: field added" in output

        dropped = models.read_text().replace(CREATED_AT, "", 1)
        models.write_text(dropped.replace(TELEGRAM_EXCLUDES, "exclude: [id, email, updated_at]"))
        run_ok(project, "-s", "generate")
        git(project, "commit", "--quiet", "--all", "--message", "refactor!: drop created_at")
        failed = run_fails(project, "-s", "check-compat")
        assert "UserRead.created_at: field removed" in failed
        assert "breaking change(s)" in failed
        against_the_nickname = run_fails(project, "-s", "check-compat", "--", "HEAD~1")
        assert "(HEAD~1)" in against_the_nickname
    finally:
        git(project, "checkout", "--quiet", "main")
        git(project, "branch", "--quiet", "-D", "feature")
    assert git(project, "status", "--porcelain") == ""
