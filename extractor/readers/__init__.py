"""Front ends: turn an input (Markdown text, HTML page, ...) into a ``Document`` of blocks."""
