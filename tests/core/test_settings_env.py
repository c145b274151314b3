"""Settings helpers: production refuses weak or missing secrets; local runs keep a generated key."""

from pathlib import Path

import pytest

from setwise.config.env import ConfigError, env_bool, env_list, secret_key


def test_local_secret_is_generated_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path, production=False)
    assert len(first) >= 50
    assert secret_key(tmp_path, production=False) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_requires_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        secret_key(tmp_path, production=True)
    monkeypatch.setenv("SECRET_KEY", "django-insecure-short")
    with pytest.raises(ConfigError, match="too weak"):
        secret_key(tmp_path, production=True)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert secret_key(tmp_path, production=True) == "x" * 40


def test_env_bool_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ConfigError):
        env_bool("FLAG")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_list("MISSING_LIST", ["x"]) == ["x"]


def test_production_settings_refuse_to_start_without_secret(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update({"SETWISE_ENV": "production", "ALLOWED_HOSTS": "setwise.example", "SETWISE_DATA_DIR": str(tmp_path)})
    code = "import setwise.config.settings"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr
    env["SECRET_KEY"] = "k" * 50
    code = "import setwise.config.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False ['setwise.example']"


def test_env_int(monkeypatch: pytest.MonkeyPatch) -> None:
    from setwise.config.env import env_int

    monkeypatch.setenv("SIZE", "1024")
    assert env_int("SIZE", 5) == 1024
    monkeypatch.setenv("SIZE", "ten megabytes")
    with pytest.raises(ConfigError, match="SIZE must be a whole number"):
        env_int("SIZE", 5)
    assert env_int("MISSING_SIZE", 5) == 5
