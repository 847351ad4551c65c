"""The WSGI application that uWSGI serves (`--wsgi-file wsgi.py`)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
application = get_wsgi_application()
