package dev.aurelis.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;

/** {@code aurelis usage}: requests, tokens and cost, filtered and grouped as asked. */
@Command(name = "usage",
        description = "Show requests, tokens and cost, optionally filtered and grouped.",
        footer = {"", "TIME is an ISO-8601 date (midnight UTC), an ISO-8601 timestamp, or a duration",
                "back from now (7d = seven days ago). --from is inclusive, --to exclusive.", "",
                "Examples:",
                "  aurelis usage --from 30d --group-by team,model",
                "  aurelis usage --from 2026-05-01 --to 2026-06-01 --team platform \\",
                "      --group-by user"})
final class UsageCommand extends ClientCommand {

    private static final List<String> RECORD_COLUMNS = List.of("timestamp", "created_at", "time", "user", "team",
            "project", "model", "input_tokens", "output_tokens", "cached_tokens", "cost", "status");

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the period (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the period (exclusive).")
    String to;

    @Option(names = "--user", paramLabel = "EMAIL", description = "Only this user.")
    String user;

    @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
    String team;

    @Option(names = "--department", paramLabel = "DEPARTMENT", description = "Only this department.")
    String department;

    @Option(names = "--cost-center", paramLabel = "COST_CENTER", description = "Only this cost center.")
    String costCenter;

    @Option(names = "--project", paramLabel = "PROJECT", description = "Only this project.")
    String project;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model.")
    String model;

    @Option(names = "--group-by", paramLabel = "FIELD", split = ",",
            description = "Group by these fields, comma-separated: user, team, department, cost_center, project, "
                    + "model, …")
    List<String> groupBy = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "At most N records or groups.")
    Integer limit;

    @Option(names = "--rejected", description = "Show the records the ledger could not store (its dead letters), "
            + "with the reason, newest first.")
    boolean rejected;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': must be 1 or more");
        }
        if (rejected) {
            return printRejected();
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", instant("--from", from));
        query.put("to", instant("--to", to));
        query.put("user", user);
        query.put("team", team);
        query.put("department", department);
        query.put("cost_center", costCenter);
        query.put("project", project);
        query.put("model", model);
        List<String> fields = groupBy.stream().map(String::strip).filter(f -> !f.isEmpty())
                .map(f -> f.replace('-', '_')).toList();
        query.put("group_by", fields.isEmpty() ? null : String.join(",", fields));
        query.put("limit", limit == null ? null : limit.toString());

        JsonNode answer = client().call("GET", "/api/v1/usage", query, null);
        if (json()) {
            printJson(answer);
            return 0;
        }
        JsonNode records = answer.path("records");
        JsonNode groups = answer.path("groups");
        if (!records.isEmpty()) {
            printRecords(records);
            out().println();
        }
        if (!groups.isEmpty()) {
            printGroups(groups, fields);
            out().println();
        }
        if (records.isEmpty() && groups.isEmpty()) {
            out().println("No usage recorded for this selection.");
            out().println();
        }
        printTotals(answer.path("totals"));
        out().flush();
        return 0;
    }

    private Integer printRejected() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", limit == null ? null : limit.toString());
        JsonNode answer = client().call("GET", "/api/v1/usage/rejected", query, null);
        if (json()) {
            printJson(answer);
            return 0;
        }
        JsonNode rejectedRecords = answer.path("rejected");
        if (rejectedRecords.isEmpty()) {
            out().println("No rejected usage records.");
        } else {
            Table table = new Table("REJECTED AT", "REQUEST ID", "USER", "TEAM", "MODEL", "REASON");
            for (JsonNode r : rejectedRecords) {
                JsonNode record = r.path("record");
                table.add(Text.time(r.path("rejected_at")), Text.of(r.path("request_id")),
                        Text.of(record.path("user_email")), Text.of(record.path("team")),
                        Text.of(record.path("model_requested")), Text.of(r.path("reason")));
            }
            table.print(out());
        }
        out().flush();
        return 0;
    }

    /** Turns a --from or --to value into the ISO-8601 instant the server expects. */
    private String instant(String option, String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        try {
            if (Durations.looksLikeDuration(text)) {
                return Instant.now(root().clock()).minus(Durations.parse(text)).toString();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            }
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '" + value
                    + "' is neither a date (2026-05-01), a timestamp (2026-05-01T09:30:00Z) nor " + Durations.EXPECTED);
        }
    }

    private void printRecords(JsonNode records) {
        Set<String> present = new LinkedHashSet<>();
        records.forEach(r -> r.propertyNames().forEach(present::add));
        List<String> columns = RECORD_COLUMNS.stream().filter(present::contains).toList();
        if (columns.isEmpty()) {
            columns = present.stream().filter(name -> records.get(0).path(name).isValueNode()).toList();
        }
        Table table = new Table(columns.stream().map(UsageCommand::header).toList());
        for (int i = 0; i < columns.size(); i++) {
            if (isNumeric(columns.get(i))) {
                table.alignRight(i);
            }
        }
        for (JsonNode record : records) {
            table.add(columns.stream().map(c -> cell(c, record.path(c))).toList());
        }
        table.print(out());
    }

    private void printGroups(JsonNode groups, List<String> requested) {
        Set<String> keys = new LinkedHashSet<>(requested);
        groups.forEach(g -> g.path("key").propertyNames().forEach(keys::add));
        keys.removeIf(k -> groups.valueStream().noneMatch(g -> g.path("key").has(k)));
        List<String> headers = new ArrayList<>(keys.stream().map(UsageCommand::header).toList());
        headers.addAll(List.of("REQUESTS", "INPUT", "OUTPUT", "CACHED", "COST"));
        boolean unpriced = groups.valueStream().anyMatch(g -> g.path("totals").path("unpriced_requests").asLong(0) > 0);
        if (unpriced) {
            headers.add("UNPRICED");
        }
        Table table = new Table(headers);
        for (int i = keys.size(); i < headers.size(); i++) {
            table.alignRight(i);
        }
        for (JsonNode group : groups) {
            // a group's figures are its totals, as the API nests them
            JsonNode totals = group.path("totals");
            List<String> row = new ArrayList<>();
            keys.forEach(k -> row.add(Text.of(group.path("key").path(k))));
            row.add(Text.count(totals.path("requests")));
            row.add(Text.count(totals.path("input_tokens")));
            row.add(Text.count(totals.path("output_tokens")));
            row.add(Text.count(totals.path("cached_tokens")));
            row.add(Text.cost(totals.path("cost")));
            if (unpriced) {
                row.add(Text.count(totals.path("unpriced_requests")));
            }
            table.add(row);
        }
        table.print(out());
    }

    private void printTotals(JsonNode totals) {
        out().println("Totals:");
        Table table = new Table("", "").alignRight(1).indent(2);
        table.add("requests", Text.count(totals.path("requests")));
        table.add("input tokens", Text.count(totals.path("input_tokens")));
        table.add("output tokens", Text.count(totals.path("output_tokens")));
        table.add("cached tokens", Text.count(totals.path("cached_tokens")));
        table.add("reasoning tokens", Text.count(totals.path("reasoning_tokens")));
        table.add("cost", Text.cost(totals.path("cost")));
        table.print(out(), false);
        long unpriced = totals.path("unpriced_requests").asLong(0);
        if (unpriced > 0) {
            out().println("note: the cost leaves out " + String.format(Locale.ROOT, "%,d", unpriced)
                    + (unpriced == 1 ? " request" : " requests") + " to models without a price ("
                    + String.format(Locale.ROOT, "%,d", totals.path("unpriced_tokens").asLong(0)) + " tokens).");
        }
    }

    private static String header(String field) {
        return field.replace('_', ' ').toUpperCase(Locale.ROOT);
    }

    private static boolean isNumeric(String field) {
        return field.endsWith("_tokens") || field.equals("cost") || field.equals("requests");
    }

    private static String cell(String field, JsonNode value) {
        if (field.equals("cost")) {
            return Text.cost(value);
        }
        if (field.endsWith("_tokens")) {
            return Text.count(value);
        }
        if (field.equals("timestamp") || field.endsWith("_at") || field.equals("time")) {
            return Text.time(value);
        }
        return Text.of(value);
    }
}
