"""Settings: one home folder, a key created once, environment overrides, clear errors."""

from __future__ import annotations

import pytest

from oneworkforce.config import initialise_home, load_settings
from oneworkforce.errors import ConfigurationError


def test_initialise_creates_a_private_key_once(tmp_path):
    settings, created = initialise_home(tmp_path / "h")
    key = settings.pseudonymisation_key()
    assert created and len(key) == 32
    assert oct(settings.key_file.stat().st_mode)[-3:] == "600"
    again, created_again = initialise_home(tmp_path / "h")
    assert not created_again and again.pseudonymisation_key() == key
    assert settings.warehouse_path == tmp_path / "h" / "warehouse.duckdb"
    assert settings.database_url == f"sqlite:///{tmp_path / 'h' / 'app.sqlite'}"


def test_environment_overrides_the_file(tmp_path, monkeypatch):
    initialise_home(tmp_path / "h")
    monkeypatch.setenv("ONEWORKFORCE_DATABASE_URL", "postgresql+psycopg://u:p@localhost/db")
    monkeypatch.setenv("ONEWORKFORCE_WAREHOUSE", str(tmp_path / "elsewhere.duckdb"))
    settings = load_settings(tmp_path / "h")
    assert settings.database_url.startswith("postgresql")
    assert settings.warehouse_path == tmp_path / "elsewhere.duckdb"


def test_broken_settings_give_clear_errors(tmp_path):
    settings, _ = initialise_home(tmp_path / "h")
    settings.config_file.write_text("warehouse = [unclosed")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_settings(tmp_path / "h")
    settings.config_file.unlink()
    settings.key_file.write_text("abcd\n")
    with pytest.raises(ConfigurationError, match="shorter than 256 bits"):
        settings.pseudonymisation_key()
    settings.key_file.write_text("not hex\n")
    with pytest.raises(ConfigurationError, match="not valid hex"):
        settings.pseudonymisation_key()
    settings.key_file.unlink()
    with pytest.raises(ConfigurationError, match="oneworkforce init"):
        settings.pseudonymisation_key()
