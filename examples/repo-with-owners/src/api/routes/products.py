"""Product catalogue endpoints."""

from api.schemas.product import Product

CATALOGUE = {
    "p-100": Product("p-100", "Espresso cup", 850),
    "p-200": Product("p-200", "Pour-over kettle", 4200),
    "p-300": Product("p-300", "Coffee grinder", 12900),
}


def list_products(body=None):
    return 200, [product.to_dict() for product in CATALOGUE.values()]


def get_product(id, body=None):
    product = CATALOGUE.get(id)
    if product is None:
        return 404, {"error": f"no product {id}"}
    return 200, product.to_dict()
