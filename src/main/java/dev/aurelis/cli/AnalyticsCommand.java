package dev.aurelis.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aurelis analytics}: the analytics API's reports, each as the server computes it. Options pass through as
 * the API's query parameters; {@code --csv} prints the server's CSV export instead of JSON.
 */
@Command(name = "analytics",
        description = {"Analytics reports: usage, performance, adoption, teams, executive summary, trends, forecast,",
                "code quality, custom metrics, ROI assumptions, and embeddable chart links."},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {AnalyticsCommand.Usage.class, AnalyticsCommand.Baseline.class, AnalyticsCommand.Performance.class, AnalyticsCommand.Adoption.class,
                AnalyticsCommand.Teams.class, AnalyticsCommand.Executive.class, AnalyticsCommand.Trends.class,
                AnalyticsCommand.Forecast.class, AnalyticsCommand.CodeQuality.class, AnalyticsCommand.CustomMetrics.class,
                AnalyticsCommand.RoiAssumptions.class, AnalyticsCommand.Embed.class})
final class AnalyticsCommand extends CommandGroup {

    static final String ANALYTICS = "/api/v1/analytics";

    /** The period a report covers. */
    static final class Period {

        @Option(names = "--from", paramLabel = "WHEN", description = "Start (a date or timestamp; default: 30 days ago).")
        String from;

        @Option(names = "--to", paramLabel = "WHEN", description = "End (default: now).")
        String to;

        void into(Map<String, String> query) {
            query.put("from", from);
            query.put("to", to);
        }
    }

    /** A report that can be exported as CSV; its subclasses add their filters to the query. */
    abstract static class Report extends ClientCommand {

        @Mixin
        Period period = new Period();

        @Option(names = "--csv", description = "Print the CSV export (needs analytics.data_export).")
        boolean csv;

        abstract String report();

        void filters(Map<String, String> query) {
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            period.into(query);
            filters(query);
            String path = ANALYTICS + "/" + report();
            if (csv) {
                query.put("format", "csv");
                out().print(client().text(path, query, "text/csv"));
                out().flush();
                return 0;
            }
            JsonNode answer = client().call("GET", path, query, null);
            show(answer, () -> Render.fields(out(), answer));
            return 0;
        }
    }

    @Command(name = "usage", description = "Requests, tokens, cost, users, models and peak hours over a period.")
    static final class Usage extends Report {

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Option(names = "--user", paramLabel = "EMAIL", description = "Only this user.")
        String user;

        @Option(names = "--model", paramLabel = "MODEL", description = "Only this model.")
        String model;

        @Override
        String report() {
            return "usage";
        }

        @Override
        void filters(Map<String, String> query) {
            query.put("team", team);
            query.put("user", user);
            query.put("model", model);
        }
    }

    @Command(name = "performance", description = "Latency, time to first token and errors over a period.")
    static final class Performance extends Report {

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Option(names = "--model", paramLabel = "MODEL", description = "Only this model.")
        String model;

        @Override
        String report() {
            return "performance";
        }

        @Override
        void filters(Map<String, String> query) {
            query.put("team", team);
            query.put("model", model);
        }
    }

    @Command(name = "adoption", description = "Active users, seats and feature use over a period.")
    static final class Adoption extends Report {

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Override
        String report() {
            return "adoption";
        }

        @Override
        void filters(Map<String, String> query) {
            query.put("team", team);
        }
    }

    @Command(name = "teams", description = "Each team's usage, cost and productivity over a period.")
    static final class Teams extends Report {
        @Override
        String report() {
            return "teams";
        }
    }

    @Command(name = "executive", description = "The executive report: adoption, cost, ROI over a period.")
    static final class Executive extends Report {
        @Override
        String report() {
            return "executive-report";
        }
    }

    @Command(name = "trends", description = "Week-by-week trends.")
    static final class Trends extends ClientCommand {

        @Option(names = "--weeks", paramLabel = "N", description = "How many weeks back (default 12).")
        Integer weeks;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("weeks", weeks == null ? null : String.valueOf(weeks));
            query.put("team", team);
            JsonNode answer = client().call("GET", ANALYTICS + "/trends", query, null);
            show(answer, () -> Render.fields(out(), answer));
            return 0;
        }
    }

    @Command(name = "forecast", description = "The forecast of requests and cost.")
    static final class Forecast extends ClientCommand {

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("team", team);
            JsonNode answer = client().call("GET", ANALYTICS + "/forecast", query, null);
            show(answer, () -> Render.fields(out(), answer));
            return 0;
        }
    }

    @Command(name = "code-quality", description = "Code-review findings per repository, severity and week.")
    static final class CodeQuality extends ClientCommand {

        @Mixin
        Period period = new Period();

        @Option(names = "--repository", paramLabel = "REPO", description = "Only this repository (owner/name).")
        String repository;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            period.into(query);
            query.put("repository", repository);
            JsonNode answer = client().call("GET", ANALYTICS + "/code-quality", query, null);
            show(answer, () -> Render.fields(out(), answer));
            return 0;
        }
    }

    @Command(name = "baseline", description = "The speed baseline: how fast answers came in the first 14 days, and how they come now.")
    static final class Baseline extends ClientCommand {

        @Option(names = "--team", paramLabel = "TEAM", description = "One team's baseline instead of the organisation's.")
        String team;

        @Override
        public Integer call() {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("team", team);
            printJson(client().call("GET", ANALYTICS + "/baseline", query, null));
            return 0;
        }
    }

    @Command(name = "custom-metrics", description = "The organisation's custom metrics and what they observed.")
    static final class CustomMetrics extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", ANALYTICS + "/custom-metrics", Map.of(), null);
            show(answer, () -> Render.fields(out(), answer));
            return 0;
        }
    }

    @Command(name = "roi-assumptions", description = "The assumptions the ROI figures rest on; `set` declares them.",
            subcommands = RoiAssumptions.Set.class)
    static final class RoiAssumptions extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", ANALYTICS + "/roi-assumptions", Map.of(), null);
            show(answer, () -> {
                out().println(answer.path("declared").asBoolean() ? "Declared assumptions:" : "Default assumptions:");
                Render.fields(out(), answer.path("assumptions"));
            });
            return 0;
        }

        @Command(name = "set", description = "Declare ROI assumptions; figures left out take the defaults.",
                footer = {"", "Example:", "  aurelis analytics roi-assumptions set --loaded-hourly-cost 90 --acceptance-rate 0.3"})
        static final class Set extends ClientCommand {

            @Option(names = "--minutes-saved-per-accepted-answer", paramLabel = "N")
            BigDecimal minutesSaved;

            @Option(names = "--acceptance-rate", paramLabel = "RATE", description = "Between 0 and 1.")
            BigDecimal acceptanceRate;

            @Option(names = "--loaded-hourly-cost", paramLabel = "AMOUNT")
            BigDecimal hourlyCost;

            @Option(names = "--monthly-subscription-cost", paramLabel = "AMOUNT")
            BigDecimal subscriptionCost;

            @Option(names = "--monthly-infrastructure-cost", paramLabel = "AMOUNT")
            BigDecimal infrastructureCost;

            @Option(names = "--training-cost", paramLabel = "AMOUNT")
            BigDecimal trainingCost;

            @Option(names = "--review-minutes-saved-per-review", paramLabel = "N")
            BigDecimal reviewMinutes;

            @Override
            public Integer call() {
                ObjectNode body = AurelisCommand.JSON.createObjectNode();
                put(body, "minutes_saved_per_accepted_answer", minutesSaved);
                put(body, "acceptance_rate", acceptanceRate);
                put(body, "loaded_hourly_cost", hourlyCost);
                put(body, "monthly_subscription_cost", subscriptionCost);
                put(body, "monthly_infrastructure_cost", infrastructureCost);
                put(body, "training_cost", trainingCost);
                put(body, "review_minutes_saved_per_review", reviewMinutes);
                JsonNode answer = client().call("PUT", ANALYTICS + "/roi-assumptions", Map.of(), body);
                show(answer, () -> {
                    out().println("Declared assumptions:");
                    Render.fields(out(), answer.path("assumptions"));
                });
                return 0;
            }

            private static void put(ObjectNode body, String name, BigDecimal value) {
                if (value != null) {
                    body.put(name, value);
                }
            }
        }
    }

    @Command(name = "embed", description = {"Make a signed, expiring, read-only link to one console chart.",
            "Whoever holds the link sees what your usage:read reaches until it expires."},
            footer = {"", "Example:", "  aurelis analytics embed --chart requests --days 14 --expires-in 7d"})
    static final class Embed extends ClientCommand {

        @Option(names = "--chart", required = true, paramLabel = "CHART", description = "Which chart: requests, spend, latency or active_users.")
        String chart;

        @Option(names = "--days", paramLabel = "N", description = "Over how many days.")
        Integer days;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
        String team;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "How long the link works (12h, 7d).")
        String expiresIn;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("chart", chart);
            if (days != null) {
                body.put("days", days);
            }
            if (team != null) {
                body.put("team", team);
            }
            if (expiresIn != null) {
                body.put("expires_in", expiresIn);
            }
            JsonNode link = client().call("POST", ANALYTICS + "/embeds", Map.of(), body);
            show(link, () -> out().println("Chart link (until " + Text.time(link.path("expires_at")) + " UTC): "
                    + url() + Text.of(link.path("url"))));
            return 0;
        }
    }
}
