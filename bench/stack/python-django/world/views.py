"""Views of the Diez Mil Django stack: the database tests through the Django
ORM and templates, and the five tests of the HTTP suite (bench/README.md)."""
import json
import os
import random
from pathlib import Path

import msgpack
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Fortune, World

WORLD_ROWS = 10_000


def count_arg(request, name):
    """TechEmpower's rule: an integer clamped to 1..500; missing or not a number is 1."""
    try:
        count = int(request.GET.get(name, "1"))
    except ValueError:
        return 1
    return min(max(count, 1), 500)


@require_safe
def db(request):
    world = World.objects.get(id=random.randint(1, WORLD_ROWS))
    return JsonResponse(world.to_json())


@require_safe
def queries(request):
    count = count_arg(request, "queries")
    worlds = [World.objects.get(id=random.randint(1, WORLD_ROWS)).to_json() for _ in range(count)]
    return JsonResponse(worlds, safe=False)


@require_safe
def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "fortunes.html", {"fortunes": rows})


# ---------------------------------------------------------------- the HTTP suite's five tests

DATA = Path(os.environ.get("DIEZMIL_DATA_DIR", Path(__file__).resolve().parent / "../../../data"))


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


def to_json(records):
    # Compact separators, as the HTTP suite requires (133,891 characters).
    return json.dumps(records, separators=(",", ":"))


PACKED = load_packed(DATA / "records.msgpack")
RECORDS = [msgpack.unpackb(item) for item in PACKED]
DOCUMENT = to_json(RECORDS).encode("utf-8")


def text(value):
    return HttpResponse(value, content_type="text/plain")


@require_safe
def plaintext(request):
    return text("Welcome!\n")


@require_safe
def parse_msgpack(request):
    records = [msgpack.unpackb(item) for item in PACKED]
    return text(str(len(records)))


@require_safe
def encode_json(request):
    return text(str(len(to_json(RECORDS))))


@require_safe
def transfer_data(request):
    return HttpResponse(DOCUMENT, content_type="application/json")


@require_safe
def loop(request):
    acc = 0
    for i in range(1_000_000):
        acc = (acc * 31 + i) % 1_000_003
        if acc % 2 == 0:
            acc += 1
    return text(str(acc))
