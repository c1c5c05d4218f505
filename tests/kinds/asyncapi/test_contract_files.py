"""A contract names every file it was read from, so the hub client sends them all."""

from __future__ import annotations

from pathlib import Path

from accord.kinds import load_kinds

DOC = """\
asyncapi: 3.0.0
info: {title: Orders events, version: 1.2.0}
channels:
  orders:
    address: orders
    messages:
      placed: {$ref: 'messages/order-placed.yaml'}
operations:
  sendPlaced:
    action: send
    channel: {$ref: '#/channels/orders'}
"""
MESSAGE = """\
name: OrderPlaced
contentType: application/json
payload:
  type: object
  properties:
    order_id: {type: string}
"""


def test_an_asyncapi_contract_lists_the_files_it_references(tmp_path: Path) -> None:
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "order-placed.yaml").write_text(MESSAGE)
    (tmp_path / "asyncapi.yaml").write_text(DOC)
    contract = load_kinds()["asyncapi"].load(tmp_path / "asyncapi.yaml")
    assert contract.version == "1.2.0"
    names = sorted(Path(f).name for f in contract.files)
    assert names == ["asyncapi.yaml", "order-placed.yaml"]
