"""The `oneworkforce` command."""
