package dev.aurelis.configuration;

/**
 * One reason a configuration was rejected.
 *
 * @param path   YAML path of the offending value, e.g. {@code providers[1].base_url}; empty for the whole document
 * @param reason what is wrong, in plain words
 * @param line   1-based line in the file, or 0 when unknown
 */
public record ConfigurationProblem(String path, String reason, int line) {

    /** {@code <source>:<line>: <path>: <reason>}, the form compilers use, so terminals and IDEs can link it. */
    String describe(String source) {
        StringBuilder text = new StringBuilder();
        if (source != null) {
            text.append(source).append(line > 0 ? ":" + line : "").append(": ");
        } else if (line > 0) {
            text.append("line ").append(line).append(": ");
        }
        text.append(path.isEmpty() ? "(document)" : path).append(": ").append(reason);
        return text.toString();
    }

    @Override
    public String toString() {
        return describe(null);
    }
}
