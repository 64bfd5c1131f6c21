"""gunicorn's settings for Ground Truth: `gunicorn -c config/gunicorn_conf.py config.wsgi`.

No access log unless ACCESS_LOG is set, and even then without the client's
address, user agent, referrer or query string; every line goes through the
same scrubbing filter as the app's own logs (config/logging.py).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# gunicorn would take X-Forwarded-Proto and the like from any local peer,
# nginx included, which passes on what the client sent: the scheme is
# Django's to decide (USE_X_FORWARDED_PROTO), from headers the operator's
# TLS proxy sets itself.
secure_scheme_headers = {}
access_log_wanted = bool(os.environ.get("ACCESS_LOG"))
accesslog = "-" if access_log_wanted else None
# Time, method, path, status, size, duration: nothing about who asked.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "core.logging.ScrubFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrub"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
        # gunicorn logs every request to this logger whenever a logging
        # configuration is given, whatever `accesslog` says: without
        # ACCESS_LOG it gets no handler and drops everything.
        "gunicorn.access": {
            "handlers": ["console"] if access_log_wanted else [],
            "level": "INFO" if access_log_wanted else "CRITICAL",
            "propagate": False,
        },
    },
}
