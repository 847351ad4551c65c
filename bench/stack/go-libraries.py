"""Prints {module: version} for the modules a Go stack requires directly in its
go.mod (all are linked into the server), plus any module named on the command
line (e.g. the driver an ORM pulls in), without building anything.

Usage (from the stack's folder): python3 ../go-libraries.py [extra-module ...]
"""
import json
import re
import sys
from pathlib import Path

HERE = Path.cwd()  # the stack folder: the runner runs this with the manifest folder as cwd


def required_modules() -> dict[str, tuple[str, bool]]:
    """Every module in go.mod's require lines: version and whether it is direct."""
    text = (HERE / "go.mod").read_text(encoding="utf-8")
    blocks = re.findall(r"^require \((.*?)^\)", text, flags=re.S | re.M)
    singles = re.findall(r"^require ([^\s(].*)$", text, flags=re.M)
    modules = {}
    for line in [line for block in blocks for line in block.splitlines()] + singles:
        code, _, comment = line.partition("//")
        parts = code.split()
        if len(parts) == 2:
            modules[parts[0]] = (parts[1], "indirect" not in comment)
    return modules


def main() -> None:
    modules = required_modules()
    wanted = [name for name, (_, direct) in modules.items() if direct] + sys.argv[1:]
    print(json.dumps({name: modules[name][0] for name in wanted}))


if __name__ == "__main__":
    main()
