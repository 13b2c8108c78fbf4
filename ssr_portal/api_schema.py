"""The API's OpenAPI schema says every answer an operation can give, errors too.

drf-spectacular documents what a view declares; the errors every view shares come
from DRF and the portal's own handlers and are added here (SPECTACULAR_SETTINGS'
POSTPROCESSING_HOOKS), so that a client (and schemathesis in tests/fuzz/) can rely
on the schema: each error is JSON, `{"detail": "…"}` or field errors."""

ERROR_SCHEMA = {
    "type": "object",
    "description": 'The reason, {"detail": "<message>"}, or for invalid input '
    'the field errors, {"<field>": ["<message>", …]}.',
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}},
}

# (status, description, applies(method, operation))
COMMON_ERRORS = [
    (
        "400",
        "Invalid input (a query parameter or the body). Nothing was changed.",
        lambda method, operation: bool(
            operation.get("parameters") or operation.get("requestBody")
        ),
    ),
    (
        "401",
        "The credentials given are not valid.",
        lambda method, operation: True,
    ),
    (
        "403",
        "Not logged in, or not allowed for this person or system.",
        lambda method, operation: True,
    ),
    (
        "404",
        "No such object visible to the caller (or no such page of a list).",
        lambda method, operation: any(
            parameter.get("in") == "path" or parameter.get("name") == "page"
            for parameter in operation.get("parameters", [])
        ),
    ),
    (
        "409",
        "The object's state does not allow the step. Nothing was changed.",
        lambda method, operation: method != "get",
    ),
]


def document_errors(result, generator, request, public):
    """Postprocessing hook: add the shared error answers each operation lacks."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, description, applies in COMMON_ERRORS:
                if code in responses or not applies(method, operation):
                    continue
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": reference}},
                }
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = {"application/json": {"schema": reference}}
    return result
