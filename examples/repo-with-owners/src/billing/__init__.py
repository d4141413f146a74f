"""Invoices and payments (PCI scope: see src/billing/OWNERS)."""
