"""A tiny WSGI-free router: maps (method, path) to handler functions."""

from api.routes import orders, products

ROUTES = {
    ("GET", "/products"): products.list_products,
    ("GET", "/products/<id>"): products.get_product,
    ("POST", "/orders"): orders.create_order,
    ("GET", "/orders/<id>"): orders.get_order,
    ("POST", "/orders/<id>/cancel"): orders.cancel_order,
}


def create_app():
    """Returns the route table; the server in deploy/ wires it to HTTP."""
    return dict(ROUTES)


def dispatch(method, path, body=None):
    """Finds the handler for a request and calls it."""
    for (route_method, pattern), handler in ROUTES.items():
        if route_method != method:
            continue
        params = _match(pattern, path)
        if params is not None:
            return handler(body=body, **params)
    return 404, {"error": "not found"}


def _match(pattern, path):
    pattern_parts = pattern.strip("/").split("/")
    path_parts = path.strip("/").split("/")
    if len(pattern_parts) != len(path_parts):
        return None
    params = {}
    for expected, actual in zip(pattern_parts, path_parts):
        if expected.startswith("<") and expected.endswith(">"):
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params
