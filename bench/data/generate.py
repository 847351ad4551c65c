"""Writes the HTTP suite's shared test data, with the standard library only.

records.msgpack  1000 records, each MessagePack-encoded on its own, concatenated
records.json     the compact JSON document every implementation must produce
loop.txt         the answer of the one-million loop

Run: python3 bench/data/generate.py   (output is deterministic; committed)
"""
import json
import struct
from pathlib import Path

HERE = Path(__file__).parent
COUNT = 1000


def record(i: int) -> dict:
    return {
        "id": i,
        "name": "My name",
        "description": "Some words on here so it looks full",
        "type": "U",
        "count": 33,
        "created_at": 1569882498.9117897,
    }


def pack_str(s: str) -> bytes:
    data = s.encode("utf-8")
    if len(data) < 32:
        return bytes([0xA0 | len(data)]) + data
    return bytes([0xD9, len(data)]) + data


def pack_uint(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    if n < 256:
        return bytes([0xCC, n])
    return b"\xcd" + struct.pack(">H", n)


def pack_value(v) -> bytes:
    if isinstance(v, str):
        return pack_str(v)
    if isinstance(v, int):
        return pack_uint(v)
    if isinstance(v, float):
        return b"\xcb" + struct.pack(">d", v)
    raise TypeError(type(v))


def pack_record(r: dict) -> bytes:
    out = bytes([0x80 | len(r)])
    for key, value in r.items():
        out += pack_str(key) + pack_value(value)
    return out


def one_million_loop(n: int = 1_000_000) -> int:
    acc = 0
    for i in range(n):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return acc


def main() -> None:
    records = [record(i) for i in range(COUNT)]
    (HERE / "records.msgpack").write_bytes(b"".join(pack_record(r) for r in records))
    (HERE / "records.json").write_text(json.dumps(records, separators=(",", ":")), encoding="utf-8")
    (HERE / "loop.txt").write_text(f"{one_million_loop()}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
