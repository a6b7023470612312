package dev.aurelis.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/v1/usage}: ledger records, grouped sums and totals over what the caller's key reaches. */
public final class Usage {

    private final Transport transport;

    Usage(Transport transport) {
        this.transport = transport;
    }

    /**
     * What to sum. Dates are {@code 2026-12-01} or ISO instants; {@code groupBy} is a comma-separated list of
     * dimensions ({@code user,model}); null fields are not filtered on.
     */
    public record UsageQuery(String from, String to, String user, String team, String department, String costCenter,
            String project, String model, String requestId, String groupBy, Integer limit) {

        public static UsageQuery all() {
            return new UsageQuery(null, null, null, null, null, null, null, null, null, null, null);
        }

        public UsageQuery between(String from, String to) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit);
        }

        public UsageQuery ofUser(String user) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit);
        }

        public UsageQuery ofTeam(String team) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit);
        }

        public UsageQuery ofModel(String model) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit);
        }

        public UsageQuery ofRequest(String requestId) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, limit);
        }

        public UsageQuery groupedBy(String dimensions) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, dimensions, limit);
        }

        public UsageQuery limitedTo(int records) {
            return new UsageQuery(from, to, user, team, department, costCenter, project, model, requestId, groupBy, records);
        }

        Query query() {
            return Query.of().with("from", from).with("to", to).with("user", user).with("team", team)
                    .with("department", department).with("cost_center", costCenter).with("project", project)
                    .with("model", model).with("request_id", requestId).with("group_by", groupBy).with("limit", limit);
        }
    }

    public record UsageReport(List<Entry> records, List<Group> groups, Totals totals, String currency, String timeZone) {
    }

    /** One exchange of the ledger. */
    public record Entry(UUID id, Instant createdAt, String requestId, String user, String team, String department,
            String costCenter, String project, String modelRequested, String modelServed, String provider,
            String endpoint, String clientTool, boolean streamed, long inputTokens, long cachedTokens,
            long outputTokens, long reasoningTokens, BigDecimal cost, String currency, boolean priced, int status,
            String errorType, int latencyMs, String route) {
    }

    /** @param key the group's value of each dimension asked for */
    public record Group(Map<String, String> key, Totals totals) {
    }

    public record Totals(long requests, long inputTokens, long cachedTokens, long cacheWriteTokens, long outputTokens,
            long reasoningTokens, BigDecimal cost, long unpricedRequests, long unpricedTokens, long failedRequests,
            long retriedAttempts) {
    }

    public UsageReport query(UsageQuery query) {
        return transport.get("/api/v1/usage", query.query(), UsageReport.class);
    }
}
