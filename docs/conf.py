"""Sphinx configuration for the journeykit documentation.

Build the site with::

    .venv/bin/sphinx-build -W -b html docs docs/_build/html

The build is offline (no intersphinx) and renders every example journey with
every built-in renderer while it runs (see ``_ext/journeykit_docs.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import journeykit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "journeykit"
author = "The journeykit developers"
copyright = "The journeykit developers"
release = journeykit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "journeykit_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "images/README*"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# numpydoc-style docstrings, read by napoleon.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": True}
add_module_names = False
python_display_short_literal_types = True

html_theme = "furo"
html_title = f"journeykit {release}"
html_static_path = ["_static"]
html_theme_options = {"source_repository": "", "navigation_with_keys": True}
