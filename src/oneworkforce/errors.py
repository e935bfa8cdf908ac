"""Errors a user can act on: the CLI prints their message and exits with their code, no traceback."""


class OneWorkforceError(Exception):
    """An error with a message written for the person running the command."""

    exit_code = 1


class ConfigurationError(OneWorkforceError):
    exit_code = 2


class InputFileError(OneWorkforceError):
    """The file cannot be read as the extract it claims to be (nothing was loaded)."""

    exit_code = 3


class NothingLoadedError(OneWorkforceError):
    """Every row of the file broke a rule, so the warehouse is unchanged."""

    exit_code = 4
