"""The one way copkit reads its shipped YAML files (guide content, instruments, tool definitions,
public texts): libyaml's safe parser when it is installed — the pure-Python parser takes about
ten times as long on the half megabyte of content, which every `load_content`, demo and test
fixture reads — and each file parsed once while it is unchanged (same path, time and size).
Callers get their own copy: what one changes never reaches the next reader."""

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# Both are safe loaders (no Python objects built from tags); the C one when libyaml is there.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=Loader)


def read(path: Path | str) -> Any:
    """The data of a shipped YAML file, a fresh copy for each caller."""
    stat = Path(path).stat()
    return copy.deepcopy(_parsed(str(path), stat.st_mtime_ns, stat.st_size))
