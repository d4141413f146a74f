from api.app import dispatch


def test_create_order():
    status, body = dispatch("POST", "/orders", {"items": ["p-100", "p-100"]})
    assert status == 201
    assert body["total_cents"] == 1700


def test_create_order_with_unknown_item():
    status, body = dispatch("POST", "/orders", {"items": ["p-999"]})
    assert status == 400
    assert body["unknown"] == ["p-999"]
