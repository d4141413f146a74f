"""Storefront views: render templates with data from the API."""

from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


def render(name, **values):
    template = Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return template.safe_substitute(**values)


def cart_page(items, total_cents):
	rows = "".join(f"<li>{item}</li>" for item in items)
	return render("cart.html", rows=rows, total=f"{total_cents / 100:.2f}")
