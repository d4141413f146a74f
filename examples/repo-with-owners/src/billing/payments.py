"""Card payments through the payment provider (never stores card numbers)."""


class PaymentDeclined(Exception):
    pass


def charge(token, amount_cents, provider):
    """Charges a tokenised card; returns the provider's payment id."""
    if amount_cents <= 0:
        raise ValueError("amount must be positive")
    result = provider.charge(token=token, amount=amount_cents, currency="EUR")
    if result.get("status") != "succeeded":
        raise PaymentDeclined(result.get("reason", "declined"))
    return result["id"]
