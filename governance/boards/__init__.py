"""Boards and panels: their members, meetings, agendas and the recommendations they make."""
