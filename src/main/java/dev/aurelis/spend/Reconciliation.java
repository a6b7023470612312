package dev.aurelis.spend;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compares the ledger with a provider's own usage report, by UTC day and model (the provider's model id), for the
 * days the report covers: the proof that what Aurelis charged is what the provider billed. The ledger side counts
 * every attempt that reached the provider's model (a record with tokens), on every configured provider of that type.
 */
@Component
public class Reconciliation {

    /** One day and model: the ledger's figures, the provider's, and whether they agree. */
    public record Line(LocalDate day, String model, Figures ledger, Figures provider, boolean matches) {
    }

    /** Requests (null where the provider's report does not count them), input (cache included), cached, output. */
    public record Figures(Long requests, long inputTokens, long cachedTokens, long outputTokens) {
    }

    /** The comparison: every line, and how many differ. */
    public record Report(String provider, LocalDate from, LocalDate to, List<Line> lines, int differences) {
    }

    private final JdbcClient jdbc;
    private final Budgets budgets;

    Reconciliation(JdbcClient jdbc, Budgets budgets) {
        this.jdbc = jdbc;
        this.budgets = budgets;
    }

    /**
     * @param providerType {@code openai} or {@code anthropic}
     * @param export       the provider's report: its JSON, or {@code {"csv": "..."}}
     * @param reach        the ledger records the caller may see; null for the whole organisation
     */
    public Report reconcile(String tenant, String providerType, JsonNode export, LedgerFilter.Reach reach) {
        String type = providerType == null ? "" : providerType.strip().toLowerCase(Locale.ROOT);
        if (!type.equals("openai") && !type.equals("anthropic")) {
            throw new IllegalArgumentException("'provider' must be openai or anthropic.");
        }
        List<UsageExports.Row> rows = export.has("csv") && export.get("csv").isString()
                ? UsageExports.fromCsv(export.get("csv").asString()) : UsageExports.fromJson(export);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("The export has no usage rows to compare.");
        }
        LocalDate from = rows.stream().map(UsageExports.Row::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = rows.stream().map(UsageExports.Row::day).max(LocalDate::compareTo).orElseThrow();
        Map<String, Figures> provider = new TreeMap<>();
        for (UsageExports.Row r : rows) {
            provider.merge(r.day() + "|" + r.model(), new Figures(r.requests() < 0 ? null : r.requests(), r.inputTokens(),
                    r.cachedTokens(), r.outputTokens()), Reconciliation::add);
        }
        Map<String, Figures> ledger = ledger(tenant, type, from, to, reach);
        TreeMap<String, Line> lines = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(provider.keySet());
        keys.addAll(ledger.keySet());
        int differences = 0;
        for (String key : keys) {
            Figures ours = ledger.getOrDefault(key, new Figures(0L, 0, 0, 0));
            Figures theirs = provider.getOrDefault(key, new Figures(0L, 0, 0, 0));
            boolean matches = ours.inputTokens() == theirs.inputTokens() && ours.cachedTokens() == theirs.cachedTokens()
                    && ours.outputTokens() == theirs.outputTokens()
                    && (theirs.requests() == null || theirs.requests().equals(ours.requests()));
            if (!matches) {
                differences++;
            }
            String[] parts = key.split("\\|", 2);
            lines.put(key, new Line(LocalDate.parse(parts[0]), parts[1], ours, theirs, matches));
        }
        return new Report(type, from, to, new ArrayList<>(lines.values()), differences);
    }

    private Map<String, Figures> ledger(String tenant, String type, LocalDate from, LocalDate to, LedgerFilter.Reach reach) {
        Map<String, Figures> result = new TreeMap<>();
        List<Object> params = new ArrayList<>(List.of(tenant, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()),
                Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                budgets.providerNamesFor(java.util.Set.of(type)).stream().map(n -> n.toLowerCase(Locale.ROOT))
                        .toArray(String[]::new)));
        String within = "";
        if (reach != null) {
            within = " and (department = any(?) or team = any(?) or user_id = ?)";
            params.add(reach.departments().toArray(String[]::new));
            params.add(reach.teams().toArray(String[]::new));
            params.add(reach.user());
        }
        String sql = """
                select (created_at at time zone 'UTC')::date, lower(coalesce(provider_model, model_served)),
                       count(*), sum(input_tokens), sum(cached_tokens), sum(output_tokens)
                from spend_usage
                where tenant_id = ? and created_at >= ? and created_at < ? and lower(provider) = any(?)
                  and input_tokens + output_tokens > 0""" + within + " group by 1, 2";
        TenantContext.run(TenantId.of(tenant), () -> jdbc.sql(sql).params(params)
                .query((rs, n) -> Map.entry(rs.getObject(1, LocalDate.class) + "|" + rs.getString(2),
                        new Figures(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))))
                .list().forEach(e -> result.put(e.getKey(), e.getValue())));
        return result;
    }

    private static Figures add(Figures a, Figures b) {
        Long requests = a.requests() == null || b.requests() == null ? null : a.requests() + b.requests();
        return new Figures(requests, a.inputTokens() + b.inputTokens(), a.cachedTokens() + b.cachedTokens(),
                a.outputTokens() + b.outputTokens());
    }
}
