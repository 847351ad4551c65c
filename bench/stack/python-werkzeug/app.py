"""Diez Mil web-stack suite: Werkzeug + psycopg 3, no ORM (bench/stack/README.md).

The driver step of the Python stacks: Werkzeug's own routing and wrappers,
SQL written by hand through psycopg, Jinja2 for the one HTML page (Werkzeug
has no template engine; its tutorial uses Jinja2 too), redis-py for the cache.
uWSGI imports this module in every worker after the fork (lazy-apps), so each
worker process opens its own pool and its own Redis connection.
"""
import json
import os
import random
from pathlib import Path

import redis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from psycopg_pool import ConnectionPool
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

HERE = Path(__file__).resolve().parent
WORLD_ROWS = 10_000
WORLD_SQL = "SELECT id, randomnumber FROM world WHERE id = %s"

# One uWSGI worker serves one request at a time, so one connection per
# process: DIEZMIL_WORKERS processes hold DIEZMIL_WORKERS connections in all.
# An empty conninfo lets libpq read PGHOST, PGPORT, PGDATABASE, PGUSER and
# PGPASSWORD. Autocommit: every request only reads, one statement at a time.
pool = ConnectionPool("", min_size=1, max_size=1, kwargs={"autocommit": True})
cache = redis.Redis.from_url(os.environ["DIEZMIL_REDIS_URL"])
templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
fortunes_page = templates.get_template("fortunes.html")


def count_arg(request, name):
    """TechEmpower's rule: an integer clamped to 1..500; missing or not a number is 1."""
    try:
        count = int(request.args.get(name, "1"))
    except ValueError:
        return 1
    return min(max(count, 1), 500)


def json_response(value):
    return Response(json.dumps(value), mimetype="application/json")


def world(row):
    return {"id": row[0], "randomNumber": row[1]}


def random_id():
    return random.randint(1, WORLD_ROWS)


def db(request):
    with pool.connection() as conn:
        row = conn.execute(WORLD_SQL, (random_id(),)).fetchone()
    return json_response(world(row))


def queries(request):
    count = count_arg(request, "queries")
    with pool.connection() as conn:
        cursor = conn.cursor()
        worlds = [world(cursor.execute(WORLD_SQL, (random_id(),)).fetchone()) for _ in range(count)]
    return json_response(worlds)


def fortunes(request):
    with pool.connection() as conn:
        rows = conn.execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda row: row[1])
    return Response(fortunes_page.render(fortunes=rows), mimetype="text/html")


def repeated(request):
    count = count_arg(request, "count")
    world_id = random_id()
    with pool.connection() as conn:
        cursor = conn.cursor()
        worlds = [world(cursor.execute(WORLD_SQL, (world_id,)).fetchone()) for _ in range(count)]
    return json_response(worlds)


def cached(request):
    """Read-through cache: every read asks Redis first, PostgreSQL on a miss."""
    count = count_arg(request, "count")
    world_id = random_id()
    key = f"world:{world_id}"
    worlds = []
    for _ in range(count):
        hit = cache.get(key)
        if hit is None:
            with pool.connection() as conn:
                value = world(conn.execute(WORLD_SQL, (world_id,)).fetchone())
            cache.set(key, json.dumps(value), ex=60)
        else:
            value = json.loads(hit)
        worlds.append(value)
    return json_response(worlds)


# GET rules answer HEAD too; Werkzeug then leaves the body out.
urls = Map(
    [
        Rule("/db", endpoint=db, methods=["GET"]),
        Rule("/queries", endpoint=queries, methods=["GET"]),
        Rule("/fortunes", endpoint=fortunes, methods=["GET"]),
        Rule("/repeated", endpoint=repeated, methods=["GET"]),
        Rule("/cached", endpoint=cached, methods=["GET"]),
    ]
)


@Request.application
def application(request):
    try:
        endpoint, _ = urls.bind_to_environ(request.environ).match()
        return endpoint(request)
    except HTTPException as e:
        return e
