package dev.aurelis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * During a rolling upgrade the previous release keeps running on the schema the new one migrated (docs/operations.md,
 * "Upgrades"). So a migration only expands: it never drops, renames or retypes what the previous release reads, and
 * never adds a NOT NULL column without a default that the previous release's inserts would not fill. A contract
 * step is allowed only in a migration that says, in a {@code -- contract:} line, which release stopped using what it
 * removes.
 */
class MigrationsExpandOnlyTests {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Statements the previous release may trip over, each with why. */
    private static final List<Rule> CONTRACTING = List.of(
            new Rule("drop table", "\\bdrop\\s+table\\b"),
            new Rule("drop column", "\\bdrop\\s+column\\b"),
            new Rule("rename", "\\brename\\s+(column\\s+|constraint\\s+)?\\S+\\s+to\\b|\\brename\\s+to\\b"),
            new Rule("change a column's type", "\\balter\\s+column\\s+\\S+\\s+(set\\s+data\\s+)?type\\b"),
            new Rule("make a column NOT NULL", "\\balter\\s+column\\s+\\S+\\s+set\\s+not\\s+null\\b"),
            new Rule("add a NOT NULL column without a default",
                    "\\badd\\s+column\\s+(if\\s+not\\s+exists\\s+)?\\S+\\s+(?![^,;]*\\bdefault\\b)[^,;]*\\bnot\\s+null\\b"));

    record Rule(String what, Pattern pattern) {

        Rule(String what, String regex) {
            this(what, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        }
    }

    @Test
    void everyMigrationOnlyExpandsUnlessItNamesTheReleaseThatStoppedUsingWhatItRemoves() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("V")).sorted().toList()) {
                String sql = Files.readString(file);
                if (sql.lines().anyMatch(l -> l.strip().toLowerCase(Locale.ROOT).startsWith("-- contract:"))) {
                    continue;
                }
                String statements = withoutComments(sql);
                for (Rule rule : CONTRACTING) {
                    if (rule.pattern().matcher(statements).find()) {
                        problems.add(file.getFileName() + ": " + rule.what());
                    }
                }
            }
        }
        assertThat(problems).as("these migrations would break the previous release during a rolling upgrade; expand "
                + "now and contract in a later release, with a '-- contract:' line naming the release that stopped "
                + "using what is removed (docs/operations.md, Upgrades)").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        String contracting = """
                alter table a drop column b;
                alter table a rename column b to c;
                alter table a alter column b type bigint;
                alter table a alter column b set not null;
                alter table a add column b text not null;
                drop table a;
                """;
        for (String line : contracting.lines().toList()) {
            assertThat(CONTRACTING.stream().anyMatch(r -> r.pattern().matcher(line).find())).as(line).isTrue();
        }
        String expanding = """
                alter table a add column b text not null default '';
                alter table a add column b text default '' not null;
                alter table a add column b text;
                alter table a alter column b drop not null;
                create table a (b text not null);
                create index a_b on a (b);
                """;
        for (String line : expanding.lines().toList()) {
            assertThat(CONTRACTING.stream().noneMatch(r -> r.pattern().matcher(line).find())).as(line).isTrue();
        }
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
    }
}
