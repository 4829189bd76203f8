def test_unknown_api_path_is_a_problem_document(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "/api/v1/no-such-thing" in response.json()["detail"]


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
