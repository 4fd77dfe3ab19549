"""Stage 1, the page: what the caller's text or HTML holds (main lines versus menus and
footers, language) and its quality flags, before any span is looked for."""
