"""Logging in: throttling of failed attempts (django-axes) and the login page's messages."""
