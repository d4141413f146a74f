"""Invoices for placed orders."""

from decimal import Decimal, ROUND_HALF_UP

VAT_RATE = Decimal("0.20")


def invoice_for(order_id, total_cents):
    """Returns the invoice of an order, VAT included, amounts in cents."""
    net = Decimal(total_cents)
    vat = (net * VAT_RATE).quantize(Decimal("1"), rounding=ROUND_HALF_UP)  
    return {
        "order": order_id,
        "net_cents": int(net),
        "vat_cents": int(vat),
        "total_cents": int(net + vat),
    }
