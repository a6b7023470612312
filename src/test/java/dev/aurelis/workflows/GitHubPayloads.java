package dev.aurelis.workflows;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook payloads in the shape of GitHub's documented {@code pull_request} and {@code push} examples (the fields the
 * documentation shows, with values of our own).
 */
final class GitHubPayloads {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private GitHubPayloads() {
    }

    static String pullRequest(String action, String repository, long number, String baseSha, String headSha,
            String author, String title) {
        ObjectNode payload = JSON.createObjectNode().put("action", action).put("number", number);
        ObjectNode pr = payload.putObject("pull_request");
        pr.put("url", "https://api.github.com/repos/" + repository + "/pulls/" + number)
                .put("id", 279147437).put("node_id", "MDExOlB1bGxSZXF1ZXN0Mjc5MTQ3NDM3")
                .put("html_url", "https://github.com/" + repository + "/pull/" + number)
                .put("diff_url", "https://github.com/" + repository + "/pull/" + number + ".diff")
                .put("number", number).put("state", "open").put("locked", false).put("title", title)
                .put("body", "Please review.").put("draft", false)
                .put("created_at", "2026-11-30T15:20:33Z").put("updated_at", "2026-11-30T15:20:33Z");
        user(pr.putObject("user"), author);
        pr.putArray("labels").addObject().put("id", 1362934389).put("name", "bug").put("color", "d73a4a");
        ref(pr.putObject("head"), repository, "changes", headSha, author);
        ref(pr.putObject("base"), repository, "main", baseSha, author);
        repository(payload.putObject("repository"), repository);
        user(payload.putObject("sender"), author);
        return JSON.writeValueAsString(payload);
    }

    static String push(String repository, String ref, String before, String after, String pusher, String message) {
        ObjectNode payload = JSON.createObjectNode().put("ref", ref).put("before", before).put("after", after)
                .put("created", false).put("deleted", false).put("forced", false)
                .put("compare", "https://github.com/" + repository + "/compare/" + before.substring(0, 12) + "..."
                        + after.substring(0, 12));
        ObjectNode commit = payload.putArray("commits").addObject().put("id", after).put("tree_id", after)
                .put("distinct", true).put("message", message).put("timestamp", "2026-11-30T15:20:33Z");
        commit.putObject("author").put("name", pusher).put("email", pusher + "@example.com").put("username", pusher);
        payload.set("head_commit", commit.deepCopy());
        repository(payload.putObject("repository"), repository);
        payload.putObject("pusher").put("name", pusher).put("email", pusher + "@example.com");
        user(payload.putObject("sender"), pusher);
        return JSON.writeValueAsString(payload);
    }

    private static void ref(ObjectNode ref, String repository, String branch, String sha, String owner) {
        ref.put("label", repository.split("/")[0] + ":" + branch).put("ref", branch).put("sha", sha);
        user(ref.putObject("user"), owner);
        repository(ref.putObject("repo"), repository);
    }

    private static void repository(ObjectNode repo, String fullName) {
        String[] parts = fullName.split("/");
        repo.put("id", 186853002).put("node_id", "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=").put("name", parts[1])
                .put("full_name", fullName).put("private", false)
                .put("html_url", "https://github.com/" + fullName).put("default_branch", "main");
        user(repo.putObject("owner"), parts[0]);
    }

    private static void user(ObjectNode user, String login) {
        user.put("login", login).put("id", 21031067).put("node_id", "MDQ6VXNlcjIxMDMxMDY3").put("type", "User")
                .put("site_admin", false);
    }
}
