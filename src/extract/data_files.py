"""Where the reviewed data files live and how they are read (no other project imports here,
so every stage can use it)."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import yaml


def schemas_dir() -> Path:
    """Return the folder of data files: inside the installed package, or the repository's `schemas/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parents[1] / "schemas"):
        if (candidate / "indicators.yaml").exists():
            return candidate
    raise FileNotFoundError(f"schemas/ not found next to {here}; reinstall the package")


def load_yaml(name: str) -> dict:
    with open(schemas_dir() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)



@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A fingerprint of the code and data that make the outputs (every module of the package and
    every file of schemas/): outputs made by another version are not reused by an incremental run."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    modules = [(path.relative_to(here).as_posix(), path) for path in sorted(here.rglob("*.py"))]
    data = [(f"schemas/{path.name}", path) for path in sorted(schemas_dir().glob("*.yaml"))]
    for name, path in modules + data:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
