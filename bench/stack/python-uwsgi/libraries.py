"""Prints {library: version} for a Python stack: the distributions named on
the command line (from the stack's virtualenv, which runs this script), the
interpreter, the libpq psycopg uses, uWSGI and nginx.

Usage (from the stack's folder): .venv/bin/python ../python-uwsgi/libraries.py DIST...
"""
import importlib.metadata
import json
import platform
import subprocess
import sys


def first_line(argv):
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    return (out.stdout or out.stderr).strip().splitlines()[0]


versions = {name: importlib.metadata.version(name) for name in sys.argv[1:]}
if "psycopg" in versions:
    import psycopg

    # The libpq inside psycopg's binary wheel, and which implementation loaded.
    major, minor = divmod(psycopg.pq.version(), 10000)
    versions["libpq"] = f"{major}.{minor}"
    versions["psycopg-implementation"] = psycopg.pq.__impl__
versions["python"] = platform.python_version()
versions["uwsgi"] = first_line(["uwsgi", "--version"])
# nginx -v prints "nginx version: nginx/1.22.1" on stderr.
versions["nginx"] = first_line(["nginx", "-v"]).rsplit("/", 1)[-1]
print(json.dumps(versions))
