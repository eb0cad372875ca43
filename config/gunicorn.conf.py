"""gunicorn for `make serve`: production settings, access log on stdout, and a worker
timeout above the database's statement and lock timeouts (config/settings/base.py),
so a slow query ends as a 503 page rather than a killed worker."""

import multiprocessing
import os

bind = os.environ.get("KOB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KOB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
raw_env = ["DJANGO_SETTINGS_MODULE=config.settings.production"]
