"""Notifications: ``services.notify`` tells users about something (inbox line and e-mail);
the inbox pages are at /<lang>/notifications/ (namespace "notifications")."""
