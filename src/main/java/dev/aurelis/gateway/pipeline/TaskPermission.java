package dev.aurelis.gateway.pipeline;

import dev.aurelis.access.Permission;
import dev.aurelis.gateway.wire.GatewayError;
import dev.aurelis.identity.Caller;
import dev.aurelis.routing.DetectedTask;
import dev.aurelis.routing.Task;

/**
 * The task a gateway call serves decides the permission it needs besides {@code models:use}:
 * {@code code_generation} needs {@code code:generate}, {@code code_review} and {@code security_analysis}
 * {@code code:analyze}, {@code documentation} {@code docs:generate} ({@link Permission#forTask}). The task is the one
 * routing detects for the exchange (the {@code x-aurelis-task} header, {@code metadata.aurelis_task}, or inferred
 * from the request), so the same task decides both the route and the permission. A request whose task is
 * {@code general} (nothing named or recognised) counts as {@code code_generation}.
 */
final class TaskPermission {

    private TaskPermission() {
    }

    /** The task name the permission table is asked about: {@code general} counts as the default task. */
    static String permissionTask(DetectedTask detected) {
        return detected.task() == Task.GENERAL ? Permission.DEFAULT_TASK : detected.task().configName();
    }

    /** Refuses the call unless the caller holds the permission the exchange's task requires. */
    static void require(Caller caller, DetectedTask detected) {
        String task = permissionTask(detected);
        String permission = Permission.forTask(task);
        if (!caller.has(permission)) {
            throw new GatewayError(GatewayError.Kind.PERMISSION, 403, "Your roles do not grant '" + permission
                    + "', which the task '" + task + "' requires (" + howKnown(detected)
                    + "); ask an administrator for access.", "task_not_allowed", null);
        }
    }

    /** Why the exchange has this task, so a caller refused on an inferred task knows to name one. */
    private static String howKnown(DetectedTask detected) {
        return switch (detected.source()) {
            case HEADER -> "named in the x-aurelis-task header";
            case METADATA -> "named in metadata.aurelis_task";
            case ENDPOINT, FILL_IN_THE_MIDDLE -> "a code completion request";
            case INSTRUCTIONS -> "inferred from the instructions; name another with the x-aurelis-task header";
            case NONE -> "no task was named or recognised";
        };
    }
}
