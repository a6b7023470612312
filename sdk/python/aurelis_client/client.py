"""HTTP and JSON for every part of the client, and the parts themselves."""

import json
import urllib.error
import urllib.parse
import urllib.request


class AurelisError(Exception):
    """A call that got no answer from the server (connection refused, timeout, unreadable answer)."""


class AurelisApiError(AurelisError):
    """The server answered with an error: its HTTP status and the admin API's error JSON."""

    def __init__(self, status, type_, message, body):
        super().__init__("HTTP %d %s: %s" % (status, type_ or "", message))
        self.status = status
        self.type = type_
        self.message = message
        self.body = body


class Resource(dict):
    """A JSON object whose keys read as attributes too; nested objects are Resources as well."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _resource(value):
    if isinstance(value, dict):
        return Resource({k: _resource(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_resource(v) for v in value]
    return value


def _segment(value):
    if value is None or str(value).strip() == "":
        raise ValueError("a name or id in the path is required")
    return urllib.parse.quote(str(value), safe="")


def _without_none(params):
    return {k: v for k, v in params.items() if v is not None}


class _Transport:
    def __init__(self, base_url, api_key, timeout):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://, got %r" % base_url)
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def call(self, method, path, params=None, body=None, accept="application/json"):
        url = self.base_url + path
        params = _without_none(params or {})
        if params:
            url += "?" + urllib.parse.urlencode(
                {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items()})
        headers = {"Authorization": "Bearer " + self.api_key, "Accept": accept,
                   "User-Agent": "aurelis-client-python"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            raise self._error(e.code, e.read().decode("utf-8", "replace")) from None
        except (urllib.error.URLError, OSError) as e:
            raise AurelisError("%s %s failed: %s" % (method, path, e)) from e
        if accept != "application/json":
            return text
        if not text:
            return None
        try:
            return _resource(json.loads(text))
        except ValueError as e:
            raise AurelisError("the answer to %s %s is not JSON: %s" % (method, path, e)) from e

    @staticmethod
    def _error(status, body):
        try:
            error = json.loads(body).get("error")
            if isinstance(error, dict):
                return AurelisApiError(status, error.get("type"), error.get("message", body), body)
        except (ValueError, AttributeError):
            pass  # not the error JSON (e.g. a proxy's page): its text is the message
        return AurelisApiError(status, None, body or "(no body)", body)


class Keys:
    """/api/v1/keys: issue, list, look up, revoke and rotate API keys. The secret is in the issuing answer only."""

    def __init__(self, transport):
        self._t = transport

    def create(self, user, team=None, project=None, name=None, expires_in=None, expires_at=None, roles=None):
        return self._t.call("POST", "/api/v1/keys", body=_without_none({
            "user": user, "team": team, "project": project, "name": name, "expires_in": expires_in,
            "expires_at": expires_at, "roles": roles}))

    def list(self, user=None, team=None, include_revoked=False):
        return self._t.call("GET", "/api/v1/keys",
                            {"user": user, "team": team, "include_revoked": include_revoked})["data"]

    def get(self, key_id):
        return self._t.call("GET", "/api/v1/keys/" + _segment(key_id))

    def revoke(self, key_id):
        self._t.call("DELETE", "/api/v1/keys/" + _segment(key_id))

    def rotate(self, key_id, grace_period=None):
        return self._t.call("POST", "/api/v1/keys/%s/rotate" % _segment(key_id),
                            body=_without_none({"grace_period": grace_period}))


class Usage:
    """GET /api/v1/usage: ledger records, grouped sums and totals."""

    def __init__(self, transport):
        self._t = transport

    def query(self, from_=None, to=None, user=None, team=None, department=None, cost_center=None, project=None,
              model=None, request_id=None, group_by=None, limit=None):
        return self._t.call("GET", "/api/v1/usage", {
            "from": from_, "to": to, "user": user, "team": team, "department": department,
            "cost_center": cost_center, "project": project, "model": model, "request_id": request_id,
            "group_by": group_by, "limit": limit})


class Budgets:
    """/api/v1/budgets: budgets with their current spend, and the thresholds they crossed."""

    def __init__(self, transport):
        self._t = transport

    def list(self):
        return self._t.call("GET", "/api/v1/budgets")

    def get(self, budget_id):
        return self._t.call("GET", "/api/v1/budgets/" + _segment(budget_id))

    def save(self, scope, subject, period, limit, providers=None, thresholds=None, hard_limit=None, downgrade=None):
        return self._t.call("POST", "/api/v1/budgets", body=_without_none({
            "scope": scope, "subject": subject, "period": period, "limit": limit, "providers": providers,
            "thresholds": thresholds, "hard_limit": hard_limit, "downgrade": downgrade}))

    def delete(self, budget_id):
        self._t.call("DELETE", "/api/v1/budgets/" + _segment(budget_id))

    def events(self, since=None, limit=None):
        return self._t.call("GET", "/api/v1/budgets/events", {"since": since, "limit": limit})["events"]


class Reports:
    """GET /api/v1/reports/cost: one month's cost by a dimension, with a projection and suggestions."""

    def __init__(self, transport):
        self._t = transport

    def cost(self, period=None, breakdown=None, csv=False):
        params = {"period": period, "breakdown": breakdown}
        if csv:
            return self._t.call("GET", "/api/v1/reports/cost", dict(params, format="csv"), accept="text/csv")
        return self._t.call("GET", "/api/v1/reports/cost", params)


class Analytics:
    """/api/v1/analytics/...: each report answers when its analytics setting (and API access) is on."""

    def __init__(self, transport):
        self._t = transport

    def _report(self, name, csv, **params):
        if csv:
            return self._t.call("GET", "/api/v1/analytics/" + name, dict(params, format="csv"), accept="text/csv")
        return self._t.call("GET", "/api/v1/analytics/" + name, params)

    def usage(self, from_=None, to=None, team=None, user=None, model=None, csv=False):
        return self._report("usage", csv, **{"from": from_, "to": to, "team": team, "user": user, "model": model})

    def performance(self, from_=None, to=None, team=None, model=None, csv=False):
        return self._report("performance", csv, **{"from": from_, "to": to, "team": team, "model": model})

    def adoption(self, from_=None, to=None, team=None, csv=False):
        return self._report("adoption", csv, **{"from": from_, "to": to, "team": team})

    def teams(self, from_=None, to=None, csv=False):
        return self._report("teams", csv, **{"from": from_, "to": to})

    def executive_report(self, from_=None, to=None, csv=False):
        return self._report("executive-report", csv, **{"from": from_, "to": to})

    def trends(self, weeks=None, team=None):
        return self._t.call("GET", "/api/v1/analytics/trends", {"weeks": weeks, "team": team})

    def forecast(self, team=None):
        return self._t.call("GET", "/api/v1/analytics/forecast", {"team": team})

    def code_quality(self, from_=None, to=None, repository=None):
        return self._t.call("GET", "/api/v1/analytics/code-quality", {"from": from_, "to": to, "repository": repository})

    def custom_metrics(self):
        return self._t.call("GET", "/api/v1/analytics/custom-metrics")

    def roi_assumptions(self):
        return self._t.call("GET", "/api/v1/analytics/roi-assumptions")

    def declare_roi_assumptions(self, **assumptions):
        """E.g. ``declare_roi_assumptions(loaded_hourly_cost=90, acceptance_rate=0.3)``; others keep defaults."""
        return self._t.call("PUT", "/api/v1/analytics/roi-assumptions", body=assumptions)

    def embed(self, chart, days=None, team=None, expires_in=None):
        return self._t.call("POST", "/api/v1/analytics/embeds", body=_without_none({
            "chart": chart, "days": days, "team": team, "expires_in": expires_in}))


class Workspaces:
    """/api/v1/workspaces: team workspaces, their members and the context members share."""

    def __init__(self, transport):
        self._t = transport

    @staticmethod
    def _path(name):
        return "/api/v1/workspaces/" + _segment(name)

    def list(self, archived=False):
        return self._t.call("GET", "/api/v1/workspaces", {"archived": archived})["workspaces"]

    def create(self, name, description=None, permissions=None, settings=None, members=None):
        """``members``: e-mails or user names, or ``{"member": ..., "role": "owner"}`` objects."""
        return self._t.call("POST", "/api/v1/workspaces", body=_without_none({
            "name": name, "description": description, "permissions": permissions, "settings": settings,
            "members": self._members(members)}))

    def get(self, name):
        return self._t.call("GET", self._path(name))

    def update(self, name, description=None, permissions=None, settings=None, members=None):
        """Changes only what is given."""
        return self._t.call("PATCH", self._path(name), body=_without_none({
            "description": description, "permissions": permissions, "settings": settings,
            "members": self._members(members)}))

    def archive(self, name):
        return self._t.call("POST", self._path(name) + "/archive")

    def add_member(self, name, member, role=None):
        """Adds a member or changes their role (owner, member, viewer)."""
        return self._t.call("PUT", self._path(name) + "/members/" + _segment(member),
                            body=_without_none({"role": role}))

    def remove_member(self, name, member):
        self._t.call("DELETE", self._path(name) + "/members/" + _segment(member))

    def context(self, name):
        return self._t.call("GET", self._path(name) + "/context")

    def share_context(self, name, context):
        """Shares context items (repository, branch, recent_commits, open_prs, notes, ...); None removes one."""
        return self._t.call("POST", self._path(name) + "/context", body=context)

    def history(self, name, kind, item=None, limit=None):
        return self._t.call("GET", "%s/context/%s/versions" % (self._path(name), _segment(kind)),
                            {"name": item, "limit": limit})

    @staticmethod
    def _members(members):
        if members is None:
            return None
        return [m if isinstance(m, dict) else {"member": m} for m in members]


class AurelisClient:
    """One client per server and key; the parts mirror the admin API's areas."""

    def __init__(self, base_url, api_key, timeout=30):
        transport = _Transport(base_url, api_key, timeout)
        self.keys = Keys(transport)
        self.usage = Usage(transport)
        self.budgets = Budgets(transport)
        self.reports = Reports(transport)
        self.analytics = Analytics(transport)
        self.workspaces = Workspaces(transport)
        # collaborative sessions (client.collaboration) will be one more part on the same transport
