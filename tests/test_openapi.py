"""The API contract: /api/openapi.json is the committed docs/openapi.json, and the docs page is served."""

from __future__ import annotations

import json

import pytest

from setwise.core.management.commands.export_openapi import DEFAULT_PATH, openapi_document, render

pytestmark = pytest.mark.django_db

REGENERATE = "setwise export_openapi  (writes docs/openapi.json; review the diff and commit it)"


def test_served_document_equals_the_committed_contract(client, outsider) -> None:
    client.force_login(outsider)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert DEFAULT_PATH.exists(), f"docs/openapi.json is missing. Create it with: {REGENERATE}"
    committed = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert served == committed, (
        "The API changed but docs/openapi.json did not. If the change is intended, regenerate the contract:\n"
        f"    {REGENERATE}"
    )
    assert render(openapi_document()) == DEFAULT_PATH.read_text(encoding="utf-8"), f"Regenerate with: {REGENERATE}"


def test_contract_covers_every_endpoint_with_one_input_schema_per_write() -> None:
    document = openapi_document()
    paths = document["paths"]
    expected = {
        "/api/partners/": {"get", "post"},
        "/api/partners/{partner_id}": {"get", "patch"},
        "/api/partners/network": {"get"},
        "/api/partners/import": {"post"},
        "/api/productions/": {"get"},
        "/api/productions/{slug}": {"get"},
        "/api/productions/{slug}/members": {"get"},
        "/api/productions/{slug}/scenes": {"get"},
        "/api/productions/{slug}/scenes/{scene_id}": {"get"},
        "/api/productions/{slug}/scenes/{scene_id}/elements": {"post"},
        "/api/productions/{slug}/scenes/{scene_id}/elements/{item_id}/decision": {"post"},
        "/api/productions/{slug}/script": {"post"},
        "/api/productions/{slug}/script/drafts": {"get"},
        "/api/productions/{slug}/reports": {"get", "post"},
        "/api/productions/{slug}/reports/{report_id}": {"get", "patch"},
        "/api/productions/{slug}/reports/{report_id}/approve": {"post"},
        "/api/productions/{slug}/reports/{report_id}/incidents": {"post"},
        "/api/productions/{slug}/reports/{report_id}/people": {"post"},
        "/api/productions/{slug}/reports/{report_id}/people/{person_id}": {"put"},
        "/api/productions/{slug}/reports/{report_id}/return": {"post"},
        "/api/productions/{slug}/reports/{report_id}/scenes": {"post"},
        "/api/productions/{slug}/reports/{report_id}/scenes/{row_id}": {"put"},
        "/api/productions/{slug}/reports/{report_id}/submit": {"post"},
        "/api/productions/{slug}/health": {"get"},
        "/api/productions/{slug}/plan-vs-actual": {"get"},
        "/api/productions/{slug}/replan": {"post"},
        "/api/productions/{slug}/post/deliverables": {"get"},
        "/api/productions/{slug}/post/qc/{run_id}": {"get"},
        "/api/productions/{slug}/post/timeline": {"get"},
        "/api/productions/{slug}/intimacy/blocked": {"get"},
        "/api/productions/{slug}/intimacy/riders": {"get"},
        "/api/productions/{slug}/intimacy/riders/{rider_id}/withdraw": {"post"},
        "/api/jobs/{job_id}": {"get"},
    }
    assert {path: set(ops) for path, ops in paths.items()} == expected
    create = paths["/api/partners/"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    update = paths["/api/partners/{partner_id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert create.endswith("/PartnerCreateIn")
    assert update["$ref"].endswith("/PartnerUpdateIn")
    schemas = document["components"]["schemas"]
    assert "admins" not in schemas["PartnerCreateIn"]["properties"]
    assert "PartnerUpdateIn" in schemas and "required" not in schemas["PartnerUpdateIn"]
    assert {"TokenAuth", "SessionAuth"} <= set(document["components"]["securitySchemes"])


def test_docs_page_for_a_signed_in_user(client, outsider) -> None:
    client.force_login(outsider)
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "/api/openapi.json" in response.content.decode()
