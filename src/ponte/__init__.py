"""Ponte: the platform of a regional technology cluster."""
