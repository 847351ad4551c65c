"""Diez Mil HTTP benchmark server: a plain Werkzeug WSGI application.

No URL routing framework: like the 2019 essay, the app dispatches on the
request path itself. It is served by uWSGI under CPython and by gunicorn under
PyPy (see README.md); the module-level setup runs once per process.
"""
import json
from pathlib import Path

import msgpack
from werkzeug.wrappers import Request, Response

DATA = Path(__file__).resolve().parent / "../../data/records.msgpack"


def load_packed(path):
    """Split the MessagePack stream into the 1000 separately encoded records,
    as a service would hold them after fetching them from a cache."""
    stream = path.read_bytes()
    unpacker = msgpack.Unpacker()
    unpacker.feed(stream)
    packed, start = [], 0
    for _ in unpacker:
        end = unpacker.tell()
        packed.append(stream[start:end])
        start = end
    return packed


def decode_all(packed):
    return [msgpack.unpackb(item) for item in packed]


def encode_json(records):
    # Compact separators: the default ", " and ": " would make 145,890 bytes.
    return json.dumps(records, separators=(",", ":"))


def one_million_loop():
    acc = 0
    for i in range(1_000_000):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return acc


PACKED = load_packed(DATA)
RECORDS = decode_all(PACKED)
DOCUMENT = encode_json(RECORDS).encode("utf-8")


@Request.application
def application(request):
    path = request.path
    if path == "/":
        return Response("Welcome!\n", mimetype="text/plain")
    if path == "/parse-msgpack":
        records = decode_all(PACKED)
        return Response(str(len(records)), mimetype="text/plain")
    if path == "/encode-json":
        text = encode_json(RECORDS)
        return Response(str(len(text)), mimetype="text/plain")
    if path == "/transfer-data":
        return Response(DOCUMENT, mimetype="application/json")
    if path == "/loop":
        return Response(str(one_million_loop()), mimetype="text/plain")
    return Response("Not Found\n", status=404, mimetype="text/plain")
