"""Errors a user can act on.  Their messages are shown as they are, in the
CLI and in the app, so each names the file (or side) and the problem."""


class InputError(ValueError):
    """Input that cannot be aligned as given: empty, unreadable, wrong language..."""
