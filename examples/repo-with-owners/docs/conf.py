# Sphinx configuration of the documentation site.
project = "Acme shop"
extensions = ["myst_parser"]
html_theme = "alabaster"
