def test_schema_is_openapi_3_with_the_case_paths(client, db):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/cases/",
        "/api/cases/{id}/",
        "/api/cases/{case_pk}/entries/",
        "/api/organisations/{slug}/",
        "/api/populations/",
        "/api/boards/",
    ):
        assert set(schema["paths"][path]) == {"get"}, path


def test_schema_documents_who_sees_which_case_fields(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/cases/"]["get"]
    assert "visible_to" in operation["description"]
    case = schema["components"]["schemas"]["Case"]
    assert "description" in case["properties"]
    assert "description" not in case["required"]
    assert "number" in case["required"]


def test_swagger_ui_loads_no_script_from_a_cdn(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn." not in page
    assert "https://" not in page


def test_api_root_lists_the_resources(client, db):
    response = client.get("/api/", HTTP_ACCEPT="application/json")

    assert set(response.json()) == {
        "organisations",
        "populations",
        "boards",
        "cases",
        "meetings",
        "notices",
        "visions",
    }


def test_an_api_address_that_matches_no_route_answers_json(client):
    """A letter where the route takes a number: the API's JSON error, as the schema
    says, not the portal's HTML page."""
    response = client.get("/api/meetings/abc/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hittades inte."}


def test_a_page_that_matches_no_route_is_still_the_portals_page(client):
    response = client.get("/cases/abc/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_documents_the_shared_errors(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    detail = paths["/api/cases/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(detail)
    assert set(paths["/api/meetings/"]["post"]["responses"]) >= {"400", "403", "409"}


def test_an_address_with_a_nul_is_a_bad_request_not_a_database_error(client, db):
    """A slug looked up with a NUL was a 500 on PostgreSQL (schemathesis found it):
    no address has one, so it is refused before anything is looked up."""
    response = client.get("/api/organisations/%00/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Begäran är inte giltig."}
    assert client.get("/members/a%00b/").status_code == 400
    assert client.get("/diarium/?q=%00").status_code == 400
