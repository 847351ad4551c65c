"""Settings of the Diez Mil Django stack: a production configuration, reduced
to what these pages use (see README.md)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

DEBUG = False
# Not a secret: nothing here signs cookies or sessions; Django refuses to start without one.
SECRET_KEY = "diezmil-benchmark-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = ["world"]

# The two middleware of `startproject` that apply to a site without sessions,
# logins or forms: security headers, and Django's URL and user-agent checks.
# Sessions, CSRF, authentication, messages and clickjacking protection are left
# out: these pages have no session, no form and no user.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # App templates (world/templates); with DEBUG off Django caches them.
        "APP_DIRS": True,
    }
]

# One uWSGI worker serves one request at a time, and Django keeps one
# connection per worker process (CONN_MAX_AGE None: for the process's life):
# DIEZMIL_WORKERS processes hold DIEZMIL_WORKERS connections in all.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["PGHOST"],
        "PORT": os.environ["PGPORT"],
        "NAME": os.environ["PGDATABASE"],
        "USER": os.environ["PGUSER"],
        "PASSWORD": os.environ["PGPASSWORD"],
        "CONN_MAX_AGE": None,
    }
}

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
