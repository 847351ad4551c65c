"""Diez Mil web-stack suite: Flask + SQLAlchemy ORM (bench/stack/README.md).

The framework-and-ORM step of the Python stacks: Flask's routing, jsonify and
Jinja2 templates; SQLAlchemy 2.x declarative models and sessions over the same
driver as python-werkzeug (psycopg 3). Also the five tests of the HTTP suite
(bench/README.md), as Flask views. uWSGI imports this module in every worker
after the fork (lazy-apps), so each worker process has its own engine.
"""
import json
import os
import random
from pathlib import Path

import msgpack
from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

WORLD_ROWS = 10_000


class Base(DeclarativeBase):
    pass


class World(Base):
    __tablename__ = "world"

    id: Mapped[int] = mapped_column(primary_key=True)
    randomnumber: Mapped[int]

    def to_json(self):
        return {"id": self.id, "randomNumber": self.randomnumber}


class Fortune(Base):
    __tablename__ = "fortune"

    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(String(2048))


# One uWSGI worker serves one request at a time, so one pooled connection per
# process: DIEZMIL_WORKERS processes hold DIEZMIL_WORKERS connections in all.
# No host in the URL: psycopg's libpq reads PGHOST, PGPORT, PGDATABASE, PGUSER
# and PGPASSWORD.
engine = create_engine("postgresql+psycopg://", pool_size=1, max_overflow=0)

app = Flask(__name__)


def count_arg(name):
    """TechEmpower's rule: an integer clamped to 1..500; missing or not a number is 1."""
    try:
        count = int(request.args.get(name, "1"))
    except ValueError:
        return 1
    return min(max(count, 1), 500)


@app.get("/db")
def db():
    with Session(engine) as session:
        world = session.get(World, random.randint(1, WORLD_ROWS))
        return jsonify(world.to_json())


@app.get("/queries")
def queries():
    count = count_arg("queries")
    with Session(engine) as session:
        # populate_existing: a query for every row, even for an id that the
        # session's identity map already holds (TechEmpower's rule).
        worlds = [
            session.get(World, random.randint(1, WORLD_ROWS), populate_existing=True).to_json()
            for _ in range(count)
        ]
    return jsonify(worlds)


@app.get("/fortunes")
def fortunes():
    with Session(engine) as session:
        rows = list(session.scalars(select(Fortune)))
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render_template("fortunes.html", fortunes=rows)


# ---------------------------------------------------------------- the HTTP suite's five tests

DATA = Path(os.environ.get("DIEZMIL_DATA_DIR", Path(__file__).resolve().parent / "../../data"))


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


def encode_json(records):
    # Compact separators, as the HTTP suite requires (133,891 characters).
    return json.dumps(records, separators=(",", ":"))


PACKED = load_packed(DATA / "records.msgpack")
RECORDS = [msgpack.unpackb(item) for item in PACKED]
DOCUMENT = encode_json(RECORDS).encode("utf-8")


def text(value):
    return Response(value, mimetype="text/plain")


@app.get("/")
def plaintext():
    return text("Welcome!\n")


@app.get("/parse-msgpack")
def parse_msgpack():
    records = [msgpack.unpackb(item) for item in PACKED]
    return text(str(len(records)))


@app.get("/encode-json")
def encode():
    return text(str(len(encode_json(RECORDS))))


@app.get("/transfer-data")
def transfer():
    return Response(DOCUMENT, mimetype="application/json")


@app.get("/loop")
def loop():
    acc = 0
    for i in range(1_000_000):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return text(str(acc))
