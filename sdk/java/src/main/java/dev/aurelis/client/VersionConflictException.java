package dev.aurelis.client;

/**
 * A pushed change was made on a version of the file that is no longer the current one (HTTP 409,
 * {@code conflict_error}): merge with {@link #currentContent()} and push again on {@link #currentVersion()}.
 */
public class VersionConflictException extends AurelisApiException {

    private final int currentVersion;
    private final String currentContent;
    private final String currentAuthor;

    public VersionConflictException(AurelisApiException answer, int currentVersion, String currentContent,
            String currentAuthor) {
        super(answer.status(), answer.type(), answer.apiMessage(), answer.body());
        this.currentVersion = currentVersion;
        this.currentContent = currentContent;
        this.currentAuthor = currentAuthor;
    }

    /** The file's current version; 0 when the file has none yet. */
    public int currentVersion() {
        return currentVersion;
    }

    /** The file's current content; null when the file has no version yet. */
    public String currentContent() {
        return currentContent;
    }

    /** Who pushed the current version; null when the file has no version yet. */
    public String currentAuthor() {
        return currentAuthor;
    }
}
