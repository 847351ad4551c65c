"""Prints {module: version} for the modules required in go.mod (all are linked into
the server), without building anything.

Usage: python3 libraries.py
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).parent


def required_modules() -> dict[str, str]:
    text = (HERE / "go.mod").read_text(encoding="utf-8")
    blocks = re.findall(r"^require \((.*?)^\)", text, flags=re.S | re.M)
    singles = re.findall(r"^require ([^\s(]+ \S+)", text, flags=re.M)
    lines = [line for block in blocks for line in block.splitlines()] + singles
    modules = {}
    for line in lines:
        parts = line.split("//")[0].split()
        if len(parts) == 2:
            modules[parts[0]] = parts[1]
    return modules


if __name__ == "__main__":
    print(json.dumps(required_modules()))
