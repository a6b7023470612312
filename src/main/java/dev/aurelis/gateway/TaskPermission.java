package dev.aurelis.gateway;

import dev.aurelis.access.Permission;
import dev.aurelis.identity.Caller;

/**
 * The task a gateway call serves decides the permission it needs besides {@code models:use}:
 * {@code code_generation} needs {@code code:generate}, {@code code_review} and {@code security_analysis}
 * {@code code:analyze}, {@code documentation} {@code docs:generate} ({@link Permission#forTask}). The client may
 * name the task in the {@code x-aurelis-task} header; without one the call counts as {@code code_generation}.
 */
final class TaskPermission {

    static final String HEADER = "x-aurelis-task";

    private TaskPermission() {
    }

    /** The task named by the header value, or the default task; a malformed name is a client error. */
    static String taskOf(String header) {
        if (header == null || header.isBlank()) {
            return Permission.DEFAULT_TASK;
        }
        String task = header.strip();
        if (!Permission.isTaskName(task)) {
            throw GatewayError.invalid("'" + HEADER + "' must name a task such as code_generation, code_review, "
                    + "security_analysis or documentation.", null);
        }
        return task;
    }

    /** Refuses the call unless the caller holds the permission the task requires. */
    static void require(Caller caller, String task) {
        String permission = Permission.forTask(task);
        if (!caller.has(permission)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION, 403, "Your roles do not grant '" + permission
                    + "', which the task '" + task + "' requires; ask an administrator for access.",
                    "task_not_allowed", null);
        }
    }
}
