package dev.aurelis.workflows.definitions;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Which changes a workflow reviews: paths (globs, at least one changed file must match), labels (at least one), authors
 * and a largest size. Labels and authors are known when the trigger arrives; paths and size once the files are read.
 * Each check answers why a change is not reviewed, or empty when it is.
 */
public record Conditions(List<String> paths, List<String> labels, List<String> authors, Integer maxChangedLines) {

    public Conditions {
        paths = List.copyOf(paths);
        labels = List.copyOf(labels);
        authors = List.copyOf(authors);
    }

    public static Conditions none() {
        return new Conditions(List.of(), List.of(), List.of(), null);
    }

    /** Whether the author and labels of a pull request let the workflow run; {@code labels} null when unknown. */
    public Optional<String> refusesTrigger(String author, List<String> labelsOfChange) {
        if (!authors.isEmpty() && (author == null || authors.stream().noneMatch(a -> a.equalsIgnoreCase(author)))) {
            return Optional.of("the author " + author + " is not among " + authors);
        }
        if (!labels.isEmpty() && labelsOfChange != null && labelsOfChange.stream().noneMatch(labels::contains)) {
            return Optional.of("no label among " + labels);
        }
        return Optional.empty();
    }

    /** Whether the changed files (paths and the lines they add and remove) let the workflow run. */
    public Optional<String> refusesChange(List<String> changedPaths, int changedLines) {
        if (!paths.isEmpty()) {
            List<PathMatcher> matchers = paths.stream()
                    .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
            boolean any = changedPaths.stream().anyMatch(p -> matchers.stream().anyMatch(m -> m.matches(Path.of(p))));
            if (!any) {
                return Optional.of("no changed file matches " + paths);
            }
        }
        if (maxChangedLines != null && changedLines > maxChangedLines) {
            return Optional.of("the change has " + changedLines + " changed lines, more than " + maxChangedLines);
        }
        return Optional.empty();
    }
}
