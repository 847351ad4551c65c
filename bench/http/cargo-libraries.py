"""Prints {crate: version} for the calling crate's direct dependencies (from Cargo.toml),
plus any crate named on the command line, with the versions locked in Cargo.lock.

Usage: python3 libraries.py [extra-crate ...]
"""
import json
import re
import sys
from pathlib import Path

HERE = Path.cwd()  # the crate folder: the runner runs this with the manifest folder as cwd


def direct_dependencies() -> list[str]:
    section = None
    names = []
    for line in (HERE / "Cargo.toml").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[dependencies]" and (m := re.match(r"([A-Za-z0-9_-]+)\s*=", line)):
            names.append(m.group(1))
    return names


def locked_versions() -> dict[str, str]:
    lock = (HERE / "Cargo.lock").read_text(encoding="utf-8")
    return dict(re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', lock))


def main() -> None:
    locked = locked_versions()
    names = direct_dependencies() + sys.argv[1:]
    print(json.dumps({name: locked[name] for name in names}))


if __name__ == "__main__":
    main()
