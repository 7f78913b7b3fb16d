"""Checks a real program's answers against its OpenAPI document (docs/openapi.yaml for
kopilkad, docs/office-openapi.yaml for kopilka-office), for test_openapi.py and
test_office_openapi.py:

    spec = OpenApiSpec(path, any_operation_errors={401, 405, ...})
    spec.check(test, "GET", "/v1/cards/{number}", 200, answer)   # fails `test` on a mismatch

The schema for a path template, method and status is the document's; a status the
operation does not list fails, unless the document's description promises it for any
operation (then the Error body is expected). `spec.checked` collects what was checked."""
import warnings

import jsonschema
import yaml


def to_json_schema(node):
    """OpenAPI 3.0 schema objects → JSON Schema: `nullable: true` becomes a null type.
    (A 3.1 document's schemas already are JSON Schema.)"""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example")}
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
        if "$ref" in out or "oneOf" in out or "allOf" in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class OpenApiSpec:
    def __init__(self, path, any_operation_errors):
        raw = yaml.safe_load(path.read_text())
        self.name = path.name
        self.is_3_0 = raw["openapi"].startswith("3.0")
        self.doc = to_json_schema(raw) if self.is_3_0 else raw
        self.validator = jsonschema.Draft7Validator if self.is_3_0 else jsonschema.Draft202012Validator
        self.any_operation_errors = set(any_operation_errors)
        with warnings.catch_warnings():  # newer jsonschema prefers `referencing`
            warnings.simplefilter("ignore", DeprecationWarning)
            self.resolver = jsonschema.RefResolver.from_schema(self.doc)
        self.checked = set()  # (method, template, status)

    def operations(self):
        """(method, template, operation) for every operation of the document."""
        for template, item in self.doc["paths"].items():
            for method, op in item.items():
                if method != "parameters":
                    yield method.upper(), template, op

    def schema_for(self, test, template, method, status):
        test.assertIn(template, self.doc["paths"], f"{self.name} has no path {template}")
        operation = self.doc["paths"][template].get(method.lower(), {"responses": {}})
        response = operation["responses"].get(str(status))
        if response is None:
            test.assertIn(status, self.any_operation_errors,
                          f"{method} {template} answered {status}, which {self.name} does not list")
            return {"$ref": "#/components/schemas/Error"}
        if "$ref" in response:
            response = self.resolver.resolve(response["$ref"])[1]
        content = response.get("content", {}).get("application/json")
        test.assertIsNotNone(content, f"{method} {template} {status}: {self.name} gives no JSON body")
        return content["schema"]

    def check(self, test, method, template, status, answer):
        """Fails `test` unless `answer` matches what the document gives for the status."""
        schema = self.schema_for(test, template, method, status)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            validator = self.validator(schema, resolver=self.resolver)
            errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.path))
        test.assertEqual([], [f"{list(e.path)}: {e.message}" for e in errors],
                         f"{method} {template} {status} does not match {self.name}: {answer}")
        self.checked.add((method, template, status))
