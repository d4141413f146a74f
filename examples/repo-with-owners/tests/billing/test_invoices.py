from billing.invoices import invoice_for


def test_vat_is_added():  
    invoice = invoice_for("o-1", 1000)
    assert invoice["vat_cents"] == 200
    assert invoice["total_cents"] == 1200
