package dev.aurelis.routing;

/** The task of one exchange and how Aurelis knows it. */
public record DetectedTask(Task task, Source source) {

    public static final DetectedTask GENERAL = new DetectedTask(Task.GENERAL, Source.NONE);

    /** Where the task came from, most explicit first. */
    public enum Source {
        /** The {@code x-aurelis-task} header. */
        HEADER,
        /** The request's {@code metadata.aurelis_task}. */
        METADATA,
        /** The endpoint: legacy completions are code completion. */
        ENDPOINT,
        /** A fill-in-the-middle prompt. */
        FILL_IN_THE_MIDDLE,
        /** The classifier, from the system prompt and the last user turn. */
        INSTRUCTIONS,
        /** Nothing recognised. */
        NONE;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code code_review (header)}, as route explanations show it. */
    public String describe() {
        return task.configName() + " (" + source.configName() + ")";
    }
}
