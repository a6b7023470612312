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


class VersionConflictError(AurelisApiError):
    """A change pushed on a file version that is no longer current (HTTP 409): merge with ``current_content`` and
    push again with ``base_version=current_version``."""

    def __init__(self, error):
        super().__init__(error.status, error.type, error.message, error.body)
        try:
            current = json.loads(error.body).get("current") or {}
        except (ValueError, AttributeError):
            current = {}
        self.current_version = current.get("version", 0)
        self.current_content = current.get("content")
        self.current_author = current.get("author")


class Collaboration:
    """/api/v1/workspaces/{name}/sessions: collaborative sessions of a workspace.

    A session lives in a workspace; the client remembers the workspace of every session it has created, read or
    listed, so later calls need only the session's id (pass ``workspace=`` for a session it has not seen yet).
    The standard library has no WebSocket client, so this client follows a session by polling ``events`` with the
    last sequence it saw; the live socket (``.../sessions/{id}/socket``) is for clients that have one (the Java
    client's ``connect``).
    """

    def __init__(self, transport):
        self._t = transport
        self._workspaces = {}

    def _remember(self, session):
        self._workspaces[session["id"]] = session["workspace"]
        return session

    def _path(self, session_id, workspace):
        workspace = workspace or self._workspaces.get(str(session_id))
        if workspace is None:
            raise ValueError("the workspace of session %s is not known to this client: pass workspace=" % session_id)
        return "/api/v1/workspaces/%s/sessions/%s" % (_segment(workspace), _segment(session_id))

    def create_session(self, workspace, name=None, participants=None):
        """Starts a session titled ``name``; ``participants`` (members' e-mails) are invited besides the caller."""
        return self._remember(self._t.call("POST", "/api/v1/workspaces/%s/sessions" % _segment(workspace),
                                           body=_without_none({"title": name, "participants": participants})))

    def list_sessions(self, workspace, ended=False):
        sessions = self._t.call("GET", "/api/v1/workspaces/%s/sessions" % _segment(workspace),
                                {"ended": ended})["sessions"]
        return [self._remember(s) for s in sessions]

    def get_session(self, session_id, workspace=None):
        return self._remember(self._t.call("GET", self._path(session_id, workspace)))

    def join_session(self, session_id, workspace=None):
        return self._remember(self._t.call("POST", self._path(session_id, workspace) + "/join"))

    def leave_session(self, session_id, workspace=None):
        return self._t.call("POST", self._path(session_id, workspace) + "/leave")

    def end_session(self, session_id, workspace=None):
        return self._t.call("POST", self._path(session_id, workspace) + "/end")

    def presence(self, session_id, workspace=None):
        return self._t.call("GET", self._path(session_id, workspace) + "/presence")

    def push_changes(self, session_id, file_path, content, base_version=None, workspace=None):
        """Pushes a file's new content made on ``base_version``.

        With ``base_version=None`` (the brief's call) the change is made on the file's version current now, read
        just before; a push by someone else in between still raises ``VersionConflictError``, as does a
        ``base_version`` that is no longer the file's current version.
        """
        if base_version is None:
            base_version = next((f.version for f in self.files(session_id, workspace) if f.file_path == file_path), 0)
        try:
            return self._t.call("POST", self._path(session_id, workspace) + "/changes", body=_without_none({
                "file_path": file_path, "content": content, "base_version": base_version}))
        except AurelisApiError as e:
            if e.status == 409:
                raise VersionConflictError(e) from None
            raise

    def files(self, session_id, workspace=None):
        return self._t.call("GET", self._path(session_id, workspace) + "/files")["files"]

    def events(self, session_id, after=0, limit=None, workspace=None):
        """The session's events after sequence ``after``, oldest first; poll again with the last one's sequence."""
        return self._t.call("GET", self._path(session_id, workspace) + "/events", {"after": after, "limit": limit})

    def ask_assistant(self, session_id, prompt, model=None, workspace=None):
        """An assistant turn shared with the session, made with this client's key (budgets and access apply)."""
        return self._t.call("POST", self._path(session_id, workspace) + "/assistant",
                            body=_without_none({"prompt": prompt, "model": model}))


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
        self.collaboration = Collaboration(transport)
