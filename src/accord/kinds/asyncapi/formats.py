"""Schema formats (``schemaFormat``) and content types, normalised for comparison."""

from __future__ import annotations

#: Media type (without parameters and ``+json``/``+yaml``) -> format family.
_FAMILIES = {
    "application/vnd.aai.asyncapi": "asyncapi",
    "application/schema": "jsonschema",
    "application/vnd.oai.openapi": "openapi",
    "application/vnd.apache.avro": "avro",
    "application/raml": "raml",
    "application/vnd.google.protobuf": "protobuf",
}


def schema_family(declared: str | None) -> str:
    """``application/vnd.apache.avro+json;version=1.9.0`` -> ``avro``; no format
    (the AsyncAPI default) -> ``asyncapi``; unknown formats -> their media type."""
    if declared is None or not declared.strip():
        return "asyncapi"
    essence = media_essence(declared)
    base, plus, suffix = essence.partition("+")
    if plus and suffix in {"json", "yaml"}:
        essence = base
    return _FAMILIES.get(essence, essence)


def media_essence(media_type: str) -> str:
    """``Application/JSON; charset=utf-8`` -> ``application/json``."""
    return media_type.split(";", 1)[0].strip().lower()
