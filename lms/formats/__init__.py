"""Date and time formats that differ from Django's for a language (settings.FORMAT_MODULE_PATH).

The platform's English readers are in Europe: Django's `en` formats are American (12/07/2026
for 7 December, 2:30 p.m.), so English takes British day-month order and the 24-hour clock.
"""
