package dev.aurelis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A module reads and writes only its own tables: no module's code names a table another module owns. A table
 * belongs to the module its name starts with ({@code identity_api_key} to identity); the tables are those the
 * migrations create. What a module needs of another's data it gets through that module's API or events.
 */
class TableOwnershipTests {

    private static final Path SOURCES = Path.of("src/main/java/dev/aurelis");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

    @Test
    void noModuleNamesAnotherModulesTables() throws IOException {
        Set<String> modules = modules();
        List<String> tables = tables().stream().filter(t -> modules.contains(owner(t))).toList();
        assertThat(tables).as("tables owned by modules").isNotEmpty();

        List<String> violations = new ArrayList<>();
        for (String module : modules) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(module))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    String code = read(file);
                    for (String table : tables) {
                        if (!owner(table).equals(module) && Pattern.compile("\\b" + table + "\\b").matcher(code).find()) {
                            violations.add(SOURCES.relativize(file) + " names " + table + " (owned by " + owner(table) + ")");
                        }
                    }
                });
            }
        }
        assertThat(violations).isEmpty();
    }

    private static Set<String> modules() throws IOException {
        try (Stream<Path> entries = Files.list(SOURCES)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> tables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            files.filter(f -> f.toString().endsWith(".sql")).forEach(file -> {
                Matcher m = CREATE_TABLE.matcher(read(file));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            });
        }
        return tables;
    }

    private static String owner(String table) {
        int underscore = table.indexOf('_');
        return underscore < 0 ? table : table.substring(0, underscore);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
