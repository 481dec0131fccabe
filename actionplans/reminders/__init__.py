"""Reminders and chasers for missing updates, run by `manage.py send_reminders`.

- due.py      who is owed which email today (reads only);
- sending.py  claims each email (ReminderSent) so it goes once, renders and sends it.
"""
