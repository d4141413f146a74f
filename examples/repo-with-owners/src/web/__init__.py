"""Server-rendered storefront pages."""
