"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Settings come from the environment so one file serves every instance:
GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default 2 per CPU),
GUNICORN_THREADS (default 2). Limits and lockouts are shared by every worker only
when RATELIMIT_STORAGE_URI or REDIS_URL names Redis (the app refuses to start in
production otherwise).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Set-password links and feed tokens are removed from every access and error log line.
logger_class = "transition.redaction.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The client's address comes from the app's ProxyFix (TRUSTED_PROXIES), not from here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
