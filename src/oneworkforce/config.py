"""Where OneWorkforce keeps its warehouse, application database and pseudonymisation key.

Everything lives under one home folder (``ONEWORKFORCE_HOME``, default ``~/.oneworkforce``):

- ``config.toml``      settings (warehouse path, application database URL)
- ``secrets/pseudonymisation.key``  the HMAC key, created once by ``init``; it never enters
  the warehouse, so the warehouse file alone cannot reverse a pseudonym.
- ``warehouse.duckdb`` the analytics warehouse (DuckDB)
- ``app.sqlite``       the application database (SQLite unless a URL is configured)

Environment variables ``ONEWORKFORCE_WAREHOUSE`` and ``ONEWORKFORCE_DATABASE_URL`` override
the file, which is how tests and deployments point at PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from oneworkforce.errors import ConfigurationError

KEY_BYTES = 32


def default_home() -> Path:
    return Path(os.environ.get("ONEWORKFORCE_HOME", Path.home() / ".oneworkforce")).expanduser()


@dataclass(frozen=True)
class Settings:
    home: Path
    warehouse_path: Path
    database_url: str
    memory_limit: str = "1GB"

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def key_file(self) -> Path:
        return self.home / "secrets" / "pseudonymisation.key"

    @property
    def temp_directory(self) -> Path:
        return self.home / "tmp"

    def pseudonymisation_key(self) -> bytes:
        try:
            key = bytes.fromhex(self.key_file.read_text().strip())
        except FileNotFoundError:
            raise ConfigurationError(
                f"No pseudonymisation key at {self.key_file}. Run `oneworkforce init` first."
            ) from None
        except ValueError:
            raise ConfigurationError(f"The key file {self.key_file} is not valid hex.") from None
        if len(key) < KEY_BYTES:
            raise ConfigurationError(f"The key in {self.key_file} is shorter than 256 bits.")
        return key


def load_settings(home: Path | None = None) -> Settings:
    """Read settings from the home folder, with environment overrides."""
    home = (home or default_home()).expanduser().resolve()
    values: dict[str, str] = {}
    config_file = home / "config.toml"
    if config_file.exists():
        try:
            values = tomllib.loads(config_file.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"{config_file} is not valid TOML: {exc}") from None
    warehouse = os.environ.get("ONEWORKFORCE_WAREHOUSE") or values.get(
        "warehouse", str(home / "warehouse.duckdb")
    )
    database_url = os.environ.get("ONEWORKFORCE_DATABASE_URL") or values.get(
        "database_url", f"sqlite:///{home / 'app.sqlite'}"
    )
    return Settings(
        home=home,
        warehouse_path=Path(warehouse).expanduser(),
        database_url=database_url,
        memory_limit=str(values.get("memory_limit", "1GB")),
    )


def initialise_home(home: Path | None = None) -> tuple[Settings, bool]:
    """Create the home folder, config file and key if missing. Returns (settings, created_key)."""
    home = (home or default_home()).expanduser().resolve()
    (home / "secrets").mkdir(parents=True, exist_ok=True)
    os.chmod(home / "secrets", stat.S_IRWXU)
    config_file = home / "config.toml"
    if not config_file.exists():
        config_file.write_text(
            "# OneWorkforce settings. Environment variables ONEWORKFORCE_WAREHOUSE and\n"
            "# ONEWORKFORCE_DATABASE_URL override these.\n"
            f'warehouse = "{home / "warehouse.duckdb"}"\n'
            f'database_url = "sqlite:///{home / "app.sqlite"}"\n'
            'memory_limit = "1GB"\n'
        )
    settings = load_settings(home)
    created = False
    if not settings.key_file.exists():
        fd = os.open(settings.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
        created = True
    settings.temp_directory.mkdir(exist_ok=True)
    return settings, created
