from api.app import dispatch


def test_list_products():
    status, body = dispatch("GET", "/products")
    assert status == 200
    assert {product["id"] for product in body} == {"p-100", "p-200", "p-300"}


def test_get_product():
    status, body = dispatch("GET", "/products/p-200")
    assert status == 200
    assert body["name"] == "Pour-over kettle"


def test_unknown_product():
    status, _ = dispatch("GET", "/products/nope")
    assert status == 404
