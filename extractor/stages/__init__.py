"""Pipeline stages: each takes the ``Document`` and fills in one more part of it."""
