"""POST /api/v1/orders/import: who may, what it answers, problem+json on every failure."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.conftest import API, assert_problem, token_for

from .conftest import dataset_rows, order, write_csv

URL = API + "/orders/import"


def upload(user, path=None, *, name=None, content=None, query=""):
    client = Client()
    headers = {"Authorization": f"Bearer {token_for(user)}"} if user is not None else {}
    data = {}
    if path is not None or content is not None:
        body = content if content is not None else path.read_bytes()
        data["file"] = SimpleUploadedFile(name or (path.name if path else "f.csv"), body)
    return client.post(URL + query, data, headers=headers)


def test_operator_imports_and_gets_the_counts(operator, sellers, tmp_path):
    path = write_csv(tmp_path / "o.csv", [order("a"), order("b", seller_code="NOPE")])
    response = upload(operator, path)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("received", "inserted", "updated", "unchanged")} == {
        "received": 2,
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
    }
    assert body["rejected"] == [
        {"row": 2, "field": "seller_code", "message": "unknown seller 'NOPE'"}
    ]
    assert body["rejected_rows"] == 1 and body["status"] == "succeeded"
    again = upload(operator, path).json()
    assert (again["inserted"], again["unchanged"]) == (0, 1)


def test_gb18030_upload(operator, sellers, tmp_path):
    path = write_csv(tmp_path / "gb.csv", [order("a", carrier="顺丰")], encoding="gb18030")
    response = upload(operator, path)
    assert response.status_code == 201, response.content
    assert response.json()["encoding"] == "gb18030"
    assert dataset_rows()[0]["carrier"] == "顺丰"


def test_sellers_and_agents_are_forbidden_anonymous_unauthorised(
    seller_owner, agent_ss, sellers, tmp_path
):
    path = write_csv(tmp_path / "o.csv", [order("a")])
    assert_problem(upload(seller_owner, path), 403)
    assert_problem(upload(agent_ss, path), 403)
    assert_problem(upload(None, path), 401)
    assert dataset_rows() == []


def test_strict_failure_is_422_listing_rows(operator, sellers, tmp_path):
    path = write_csv(tmp_path / "o.csv", [order("a"), order("b", ship_by="soon")])
    body = assert_problem(upload(operator, path, query="?strict=true"), 422, "rows[2].ship_by")
    assert body["rejected_rows"] == 1
    assert dataset_rows() == []


def test_refused_files_are_problems(operator, sellers, tmp_path):
    columns = [c for c in order() if c != "seller_code"]
    wrong = write_csv(tmp_path / "o.csv", [order("a")], columns=columns)
    assert_problem(upload(operator, wrong), 422, "columns.seller_code")
    assert_problem(upload(operator, content=b"PAR1 not really", name="o.parquet"), 422, "file")
    assert_problem(upload(operator, content=b"\x00\x01\x02", name="o.bin"), 415, "file")
    assert_problem(upload(operator), 422, "file")
    assert_problem(upload(operator, wrong, query="?format=xlsx"), 422, "format")
    assert dataset_rows() == []


def test_documented_in_openapi(client):
    schema = client.get(API + "/openapi.json").json()
    operation = schema["paths"]["/api/v1/orders/import"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"201", "401", "403", "415", "422"} <= set(operation["responses"])


def test_a_multipart_body_without_its_boundary_is_a_400(operator, sellers):
    # Found by fuzzing from outside: the body cannot be parsed at all, which is the caller's
    # mistake (400 problem+json), not the server's (it was a 500).
    response = Client().post(
        URL,
        b"--x\r\nnot a part\r\n",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token_for(operator)}"},
    )
    assert_problem(response, 400)
    assert dataset_rows() == []
