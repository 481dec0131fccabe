"""Machinery every app shares, below them all: no models, and no import of any app."""
