"""Data shapes the API returns."""
