"""Prints the libraries this server uses as a JSON object {library: version}."""
import importlib.metadata
import json
import platform
import subprocess

versions = {name: importlib.metadata.version(name) for name in ("werkzeug", "msgpack")}
if platform.python_implementation() == "PyPy":
    versions["gunicorn"] = importlib.metadata.version("gunicorn")
    versions["msgpack-implementation"] = "pure-python (msgpack.fallback)"
else:
    versions["uwsgi"] = subprocess.run(
        ["uwsgi", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    versions["msgpack-implementation"] = "c-extension (msgpack._cmsgpack)"
print(json.dumps(versions))
