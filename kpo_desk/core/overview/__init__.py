"""Aggregates over the whole desk: what needs attention today and the dashboard's snapshot.

They stand above health, checklists and the services, and read from all of them; nothing below
imports them (the import contract in pyproject.toml holds that)."""
