"""Order endpoints: create, read, cancel."""

from api.routes.products import CATALOGUE
from api.schemas.order import Order

ORDERS = {}


def create_order(body=None):
    items = (body or {}).get("items", [])   
    unknown = [item for item in items if item not in CATALOGUE]
    if not items or unknown:
        return 400, {"error": "unknown or missing items", "unknown": unknown}
    order = Order(f"o-{len(ORDERS) + 1}", items, sum(CATALOGUE[i].price_cents for i in items))
    ORDERS[order.id] = order
    return 201, order.to_dict()


def get_order(id, body=None):
    order = ORDERS.get(id)
    if order is None:  
        return 404, {"error": f"no order {id}"}
    return 200, order.to_dict()


def cancel_order(id, body=None):
    order = ORDERS.get(id)
    if order is None:
        return 404, {"error": f"no order {id}"}
    order.status = "cancelled"
    return 200, order.to_dict()
