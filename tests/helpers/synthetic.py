"""A synthetic project with many models and domains, for measuring code generation."""

from __future__ import annotations

import shutil
from pathlib import Path

LIBRARY = Path(__file__).parents[1] / "data" / "library"


def model_spec(index: int) -> str:
    return f"""  Thing{index}:
    description: Synthetic model {index}.
    fields:
      id: {{type: uuid, readonly: true}}
      name: {{type: string, min_length: 1, max_length: 200}}
      count: {{type: int, ge: 0, default: 0}}
      price: {{type: decimal, ge: 0, optional: true}}
      tags: {{type: "list[string]", default: []}}
      status: {{type: Status, default: active}}
      created_at: {{type: datetime, readonly: true}}
    variants:
      Create: {{}}
      Update: {{optional: [name, count], exclude: [id, created_at]}}
      Read: {{}}
"""


def domain_spec(index: int, models: int) -> str:
    thing = f"Thing{index % models}"
    return f"""domain: domain{index}
rest: {{prefix: /domain{index}, tags: [domain{index}]}}
operations:
  create_item{index}:
    input: {thing}Create
    output: {thing}Read
    rest: {{method: POST, status: 201}}
  list_items{index}:
    params: [{{name: limit, in: query, type: int, ge: 1, le: 100, default: 50}}]
    output: "list[{thing}Read]"
    rest: {{method: GET}}
  get_item{index}:
    params: [{{name: item_id, type: uuid}}]
    output: {thing}Read
    rest: {{method: GET, path: "/{{item_id}}", errors: {{404: Not found}}}}
  update_item{index}:
    params: [{{name: item_id, type: uuid}}]
    input: {thing}Update
    output: {thing}Read
    rest: {{method: PATCH, path: "/{{item_id}}"}}
  delete_item{index}:
    params: [{{name: item_id, type: uuid}}]
    rest: {{method: DELETE, path: "/{{item_id}}", status: 204}}
"""


def write_synthetic_project(root: Path, *, models: int = 50, domains: int = 20) -> Path:
    """A project (layout of tests/data/library) with `models` models and `domains` domains."""
    shutil.copytree(LIBRARY, root)
    shutil.rmtree(root / "services" / "library" / "spec")
    spec = root / "services" / "library" / "spec"
    spec.mkdir()
    enums = "enums:\n  Status: [active, archived]\n"
    things = "".join(model_spec(index) for index in range(models))
    (root / "shared" / "spec" / "models.yaml").write_text(f"{enums}models:\n{things}")
    (root / "shared" / "spec" / "events.yaml").write_text("events: {}\n")
    for index in range(domains):
        (spec / f"domain{index}.yaml").write_text(domain_spec(index, models))
    return root
