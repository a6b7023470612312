package dev.aurelis.workflows;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merge request hook payloads in the shape of GitLab's documented example (the fields the webhook documentation
 * shows, with values of our own).
 */
final class GitLabPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GitLabPayloads() {
    }

    static String mergeRequest(String action, String project, long iid, String lastCommit, String oldrev, String author,
            String title) {
        ObjectNode payload = JSON.createObjectNode().put("object_kind", "merge_request").put("event_type", "merge_request");
        payload.putObject("user").put("id", 1).put("name", "Administrator").put("username", author)
                .put("avatar_url", "http://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=40&d=identicon")
                .put("email", "admin@example.com");
        ObjectNode projectNode = payload.putObject("project").put("id", 1).put("name", project.substring(project.indexOf('/') + 1))
                .put("web_url", "http://example.com/" + project).put("path_with_namespace", project)
                .put("default_branch", "master").put("visibility_level", 20)
                .put("git_http_url", "http://example.com/" + project + ".git");
        projectNode.put("namespace", project.substring(0, project.indexOf('/')));
        ObjectNode mr = payload.putObject("object_attributes").put("id", 99).put("iid", iid)
                .put("target_branch", "master").put("source_branch", "ms-viewport").put("source_project_id", 14)
                .put("author_id", 51).put("title", title).put("created_at", "2026-11-30 17:23:34 UTC")
                .put("updated_at", "2026-11-30 17:23:34 UTC").put("state", "opened").put("merge_status", "unchecked")
                .put("target_project_id", 14).put("description", "").put("url", "http://example.com/" + project
                        + "/-/merge_requests/" + iid)
                .put("work_in_progress", false).put("draft", false).put("action", action);
        mr.putObject("last_commit").put("id", lastCommit).put("message", title).put("title", title)
                .put("timestamp", "2026-11-30T17:23:34+00:00")
                .put("url", "http://example.com/" + project + "/-/commit/" + lastCommit)
                .putObject("author").put("name", "GitLab dev user").put("email", "gitlabdev@example.com");
        if (oldrev != null) {
            mr.put("oldrev", oldrev);
        }
        payload.putArray("labels");
        payload.putObject("changes");
        payload.putObject("repository").put("name", "Gitlab Test").put("url", "http://example.com/" + project + ".git")
                .put("homepage", "http://example.com/" + project);
        return JSON.writeValueAsString(payload);
    }
}
