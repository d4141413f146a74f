from web.views import cart_page


def test_cart_page_lists_items():
	html = cart_page(["Espresso cup"], 850)
	assert "<li>Espresso cup</li>" in html
	assert "8.50" in html
