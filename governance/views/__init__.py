"""Governance pages, one module per area: the council home, dashboards, boards and meetings."""
