"""Board packs: the PDF built for a meeting and kept as it was circulated."""
