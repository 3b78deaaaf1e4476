"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment, so one file serves a laptop, a
single server and a fleet behind a load balancer.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Two sync workers per core is the usual start; each holds one database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Trust X-Forwarded-* only from the proxy in front (nginx on the same host by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access and error logs to standard output/error, for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Method, path and outcome only: no client address and no query string (search words are
# health details); secrets in emailed links' paths are masked by the logger class.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
logger_class = "config.logging.GunicornLogger"
proc_name = os.environ.get("GUNICORN_PROC_NAME", "patient-forum")
