"""Prints the libraries this server uses as a JSON object {library: version}.

With the argument `nginx` (the nginx-fronted deployments) nginx's version is
included too.
"""
import importlib.metadata
import json
import platform
import subprocess
import sys

versions = {name: importlib.metadata.version(name) for name in ("werkzeug", "msgpack")}
if platform.python_implementation() == "PyPy":
    versions["gunicorn"] = importlib.metadata.version("gunicorn")
    versions["msgpack-implementation"] = "pure-python (msgpack.fallback)"
else:
    versions["uwsgi"] = subprocess.run(
        ["uwsgi", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    versions["msgpack-implementation"] = "c-extension (msgpack._cmsgpack)"
if "nginx" in sys.argv[1:]:
    # nginx -v prints "nginx version: nginx/1.22.1" on stderr.
    out = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=True)
    versions["nginx"] = (out.stderr or out.stdout).strip().rsplit("/", 1)[-1]
print(json.dumps(versions))
