"""Settings: defaults that work, one environment prefix to override them."""
from pathlib import Path

from kg.config import Settings


def test_defaults_work_out_of_the_box():
    settings = Settings()
    assert settings.id_base == "https://w3id.org/aga-mx/id/"
    assert (settings.data_dir / "manifest.toml").exists()


def test_environment_overrides_with_the_aga_prefix_and_plain_host_port():
    settings = Settings.from_env({"AGA_BASE_IRI": "https://example.org/kg/", "AGA_STORE_PATH": "/tmp/s",
                                  "PORT": "9000", "HOST": "0.0.0.0"})
    assert settings.id_base == "https://example.org/kg/id/"
    assert settings.store_path == Path("/tmp/s")
    assert (settings.host, settings.port) == ("0.0.0.0", 9000)
