"""The Python client against a running Aurelis server.

Set AURELIS_URL (e.g. http://127.0.0.1:8080) and AURELIS_ADMIN_KEY (a key with the organisation's admin role);
AURELIS_TEAM names a team of the server's configuration whose members may use models (default: platform).
Run from sdk/python: python3 -m unittest -v
"""

import itertools
import os
import unittest
import uuid

from aurelis_client import AurelisApiError, AurelisClient, AurelisError, VersionConflictError

URL = os.environ.get("AURELIS_URL")
ADMIN_KEY = os.environ.get("AURELIS_ADMIN_KEY")
TEAM = os.environ.get("AURELIS_TEAM", "platform")
_counter = itertools.count()


def unique(prefix):
    return "%s-%s-%d" % (prefix, uuid.uuid4().hex[:8], next(_counter))


@unittest.skipUnless(URL and ADMIN_KEY, "set AURELIS_URL and AURELIS_ADMIN_KEY to run against a server")
class ClientTests(unittest.TestCase):

    def setUp(self):
        self.admin = AurelisClient(URL, ADMIN_KEY)

    def new_user(self, prefix):
        email = unique(prefix) + "@example.com"
        issued = self.admin.keys.create(user=email, team=TEAM)
        return email, AurelisClient(URL, issued.key), issued

    def test_keys_are_issued_listed_rotated_and_revoked(self):
        email, _, issued = self.new_user("py-key")
        self.assertTrue(issued.key)
        self.assertEqual(issued.status, "active")
        listed = self.admin.keys.list(user=email)
        self.assertEqual([k.id for k in listed], [issued.id])
        self.assertIsNone(listed[0].get("key"))  # the secret is shown once
        rotated = self.admin.keys.rotate(issued.id, grace_period="0s")
        self.assertNotEqual(rotated.id, issued.id)
        self.assertEqual(self.admin.keys.get(issued.id).replaced_by, rotated.id)
        self.admin.keys.revoke(rotated.id)
        self.assertEqual(self.admin.keys.get(rotated.id).status, "revoked")

    def test_errors_carry_the_servers_status_type_and_message(self):
        with self.assertRaises(AurelisApiError) as bad:
            self.admin.keys.create(user="not-an-address")
        self.assertEqual(bad.exception.status, 400)
        self.assertEqual(bad.exception.type, "invalid_request_error")
        self.assertIn("must be an e-mail address", bad.exception.message)
        missing = str(uuid.uuid4())
        with self.assertRaises(AurelisApiError) as absent:
            self.admin.keys.get(missing)
        self.assertEqual(absent.exception.status, 404)
        self.assertEqual(absent.exception.type, "not_found_error")
        _, developer, _ = self.new_user("py-dev")
        with self.assertRaises(AurelisApiError) as denied:
            developer.budgets.save("organization", None, "monthly", 10)
        self.assertEqual(denied.exception.status, 403)
        self.assertEqual(denied.exception.type, "permission_error")
        with self.assertRaises(AurelisError) as unreachable:
            AurelisClient("http://127.0.0.1:9", ADMIN_KEY, timeout=5).keys.list()
        self.assertNotIsInstance(unreachable.exception, AurelisApiError)

    def test_workspace_context_is_shared_as_the_brief_shows(self):
        owner, owner_client, _ = self.new_user("py-owner")
        _, outsider, _ = self.new_user("py-outsider")
        name = unique("py-ws")
        made = self.admin.workspaces.create(
            name, description="Python team", permissions={"chat": "read_write", "github": "read_write"},
            settings={"default_model": "gpt-4o-mini", "code_review_required": True},
            members=[{"member": owner, "role": "owner"}])
        self.assertEqual(made.name, name)
        self.assertTrue(made.settings.code_review_required)

        context = {
            "repository": "cortex-os/cortex-os",
            "branch": "feature/new-ui",
            "recent_commits": ["abc123", "def456"],
            "open_prs": [123, 124],
            "notes": "Working on the new dashboard component",
        }
        shared = owner_client.workspaces.share_context(name, context)
        self.assertEqual(sorted(i.kind for i in shared.shared),
                         ["branch", "notes", "open_prs", "recent_commits", "repository"])
        seen = owner_client.workspaces.context(name)
        self.assertEqual(seen.role, "owner")
        commits = [i for i in seen["items"] if i.kind == "recent_commits"][0]
        self.assertIn("abc123", commits.content)

        owner_client.workspaces.share_context(name, {"notes": None})
        history = owner_client.workspaces.history(name, "notes")
        self.assertEqual([v.version for v in history.versions], [2, 1])
        self.assertTrue(history.versions[0].removed)

        with self.assertRaises(AurelisApiError) as denied:
            outsider.workspaces.context(name)
        self.assertEqual(denied.exception.status, 403)

        viewer = unique("py-viewer") + "@example.com"
        self.assertIn(viewer, [m.member for m in self.admin.workspaces.add_member(name, viewer, "viewer").members])
        self.admin.workspaces.remove_member(name, viewer)
        updated = self.admin.workspaces.update(name, description="Renamed")
        self.assertEqual(updated.description, "Renamed")
        self.assertEqual(updated.settings.default_model, "gpt-4o-mini")
        self.assertIn(name, [w.name for w in self.admin.workspaces.list()])
        self.assertTrue(self.admin.workspaces.archive(name).archived)
        self.assertIn(name, [w.name for w in self.admin.workspaces.list(archived=True)])

    def test_budgets_reports_usage_and_analytics_read(self):
        email, _, _ = self.new_user("py-budget")
        budget = self.admin.budgets.save("user", email, "monthly", 500, thresholds=[0.5, 0.9])
        self.assertEqual(budget.subject, email)
        self.assertIn(budget.id, [b.id for b in self.admin.budgets.list().budgets])
        self.assertEqual(self.admin.budgets.get(budget.id).scope, "user")
        self.assertIsInstance(self.admin.budgets.events(since="7d"), list)
        self.admin.budgets.delete(budget.id)
        with self.assertRaises(AurelisApiError) as gone:
            self.admin.budgets.get(budget.id)
        self.assertEqual(gone.exception.status, 404)

        cost = self.admin.reports.cost(breakdown="team")
        self.assertEqual(cost.breakdown, "team")
        self.assertTrue(self.admin.reports.cost(breakdown="team", csv=True).strip())

        usage = self.admin.usage.query(user=email, group_by="model")
        self.assertEqual(usage.totals.requests, 0)
        self.assertIn("requests", self.admin.analytics.usage(user=email))
        self.assertIn("requests", self.admin.analytics.usage(user=email, csv=True))
        self.assertEqual(len(self.admin.analytics.trends(weeks=4).weeks), 4)
        self.assertIn("month_end", self.admin.analytics.forecast())
        self.assertIn("roi", self.admin.analytics.executive_report())
        self.assertIn("declared", self.admin.analytics.roi_assumptions())


    def test_a_collaborative_session_is_shared_as_the_brief_shows(self):
        owner, owner_client, _ = self.new_user("py-collab-owner")
        member, member_client, _ = self.new_user("py-collab-member")
        _, outsider, _ = self.new_user("py-collab-outsider")
        workspace = unique("py-collab")
        self.admin.workspaces.create(workspace, permissions={"chat": "read_write"},
                                     members=[{"member": owner, "role": "owner"}, member])

        session = owner_client.collaboration.create_session(workspace, name="Dashboard Implementation",
                                                            participants=[member])
        self.assertEqual(session.title, "Dashboard Implementation")
        self.assertEqual(session.workspace, workspace)
        # a client that has not seen the session yet names its workspace once
        with self.assertRaises(ValueError):
            member_client.collaboration.join_session(session.id)
        joined = member_client.collaboration.join_session(session.id, workspace=workspace)
        self.assertIn(member, [p.email for p in joined.participants])

        first = owner_client.collaboration.push_changes(
            session_id=session.id, file_path="src/components/Dashboard.jsx", content="export default 1")
        self.assertEqual(first.version, 1)
        second = member_client.collaboration.push_changes(
            session.id, "src/components/Dashboard.jsx", "export default 2", base_version=1)
        self.assertEqual(second.version, 2)

        with self.assertRaises(VersionConflictError) as stale:
            owner_client.collaboration.push_changes(session.id, "src/components/Dashboard.jsx", "export default 3",
                                                    base_version=1)
        self.assertEqual(stale.exception.status, 409)
        self.assertEqual(stale.exception.current_version, 2)
        self.assertEqual(stale.exception.current_content, "export default 2")
        self.assertEqual(stale.exception.current_author, member)

        polled = member_client.collaboration.events(session.id)
        changes = [e for e in polled.events if e.type == "change"]
        self.assertEqual([c.version for c in changes], [1, 2])
        self.assertEqual([c.actor for c in changes], [owner, member])
        later = member_client.collaboration.events(session.id, after=changes[0].sequence)
        self.assertEqual(later.events[0].sequence, changes[1].sequence)
        self.assertEqual(later.last_sequence, polled.last_sequence)

        with self.assertRaises(AurelisApiError) as denied:
            outsider.collaboration.events(session.id, workspace=workspace)
        self.assertEqual(denied.exception.status, 403)

        self.assertIsNotNone(owner_client.collaboration.end_session(session.id).ended_at)
        self.assertEqual(member_client.collaboration.events(session.id, after=second.sequence).events[-1].type,
                         "ended")


if __name__ == "__main__":
    unittest.main()
