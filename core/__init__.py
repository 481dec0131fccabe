"""Machinery shared by every app, below them all: no models, and no import of any app."""
