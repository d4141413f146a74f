"""Catalogue and orders HTTP API of the Acme shop."""

from api.app import create_app

__all__ = ["create_app"]
