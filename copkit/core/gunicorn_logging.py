"""gunicorn's logger for copkit: access and error lines without link tokens.

deploy/gunicorn.conf.py sets `logger_class` to `AccessLogger`. The request line, path, query
string and referrer are rebuilt by `copkit.core.logredact` (the route, never a token), and every
request header, response header and environ value is blanked, so that adding `%({referer}i)s`,
`%({location}o)s` or `%({raw_uri}e)s` to the format can never bring a token (or a session cookie)
back into the log.
"""

from gunicorn.glogging import Logger

from copkit.core.logredact import redact_path, redact_query, redact_target, redact_text


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        method = environ.get("REQUEST_METHOD", "-")
        target = redact_target(environ.get("RAW_URI") or environ.get("PATH_INFO") or "")
        atoms["r"] = f"{method} {target} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["U"] = redact_path(environ.get("PATH_INFO") or "")
        atoms["q"] = redact_query(environ.get("QUERY_STRING") or "")
        referer = environ.get("HTTP_REFERER")
        atoms["f"] = redact_target("/" + referer.split("/", 3)[-1]) if referer else "-"
        for key in list(atoms):
            if key.startswith("{") and key[-2:] in {"}i", "}o", "}e"}:
                atoms[key] = "-"
        return atoms

    # gunicorn's own error lines name the request target ("Error handling request /r/<token>/").
    def _redacted(self, args):
        return tuple(redact_text(arg) for arg in args)

    def critical(self, msg, *args, **kwargs):
        super().critical(msg, *self._redacted(args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(msg, *self._redacted(args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(msg, *self._redacted(args), **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(msg, *self._redacted(args), **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(msg, *self._redacted(args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        # `self.log.exception(exc)`: an invalid request line's exception carries the target.
        super().exception(redact_text(str(msg)) if isinstance(msg, Exception) else msg,
                          *self._redacted(args), **kwargs)

    def log(self, lvl, msg, *args, **kwargs):
        super().log(lvl, msg, *self._redacted(args), **kwargs)
