"""Shared ground: the timestamped base model, domain errors, site context."""
