package dev.aurelis.spend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aurelis.storage.SystemDatabase;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The budgets of every organisation and the policy that enforces them. Definitions live in PostgreSQL; the hot path
 * reads them from an in-memory index, rebuilt after every change here and when another replica changed one
 * (polled off the hot path). Writes act for the budget's tenant (row-level security); the index holds every
 * tenant's budgets at once, so it is read with the system connections, like the key cache (ADR 0008).
 */
@Component
public class Budgets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A budget as it applies to one spender: a declared one, or the user's default from {@code user_limits}. */
    record Applicable(UUID ruleId, Budget budget, BudgetScope scope, String subject, Set<String> providers,
            BudgetPeriod period, BigDecimal limit, String description) {
    }

    private record TenantIndex(Map<String, List<Budget>> bySubject, List<Budget> all) {
    }

    private final JdbcClient jdbc;
    private final JdbcClient directory;
    private final TransactionOperations transactions;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile SpendPolicy policy = SpendPolicy.DEFAULT;
    private volatile Map<String, TenantIndex> index = Map.of();
    private volatile Map<String, String> providerTypes = Map.of();
    private volatile Set<String> configuredTenants = Set.of();
    /** Per tenant, each department's parent; a department's budget also counts its sub-departments' spend. */
    private volatile Map<String, Map<String, String>> departmentParents = Map.of();
    private volatile Instant loadedThrough = Instant.EPOCH;

    Budgets(JdbcClient jdbc, @SystemDatabase DataSource system, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.directory = JdbcClient.create(system);
        this.transactions = transactions;
    }

    /**
     * Applies the configuration: the enforcement policy, the provider types budgets may name, the department tree,
     * and the file's budgets for {@code tenant} (upserted; budgets the file no longer declares are kept, as ADR
     * 0005 says).
     *
     * @param departmentParents department name to its parent department (top-level departments may be left out)
     */
    public void configure(SpendPolicy policy, String tenant, Collection<Budget> declared, Map<String, String> providerTypes,
            Map<String, String> departmentParents) {
        this.policy = policy;
        Map<String, Map<String, String>> parents = new HashMap<>(this.departmentParents);
        Map<String, String> tree = new HashMap<>();
        departmentParents.forEach((department, parent) -> {
            if (parent != null) {
                tree.put(department, parent);
            }
        });
        parents.put(tenant, Map.copyOf(tree));
        this.departmentParents = Map.copyOf(parents);
        Map<String, String> types = new HashMap<>();
        providerTypes.forEach((name, type) -> types.put(name.toLowerCase(Locale.ROOT), type.toLowerCase(Locale.ROOT)));
        this.providerTypes = Map.copyOf(types);
        this.configuredTenants = Set.of(tenant);
        TenantContext.run(TenantId.of(tenant), () -> transactions.executeWithoutResult(status -> {
            for (Budget budget : declared) {
                upsert(budget);
            }
        }));
        reload();
        listeners.forEach(l -> l.accept(tenant));
    }

    public SpendPolicy policy() {
        return policy;
    }

    /** Creates or updates a budget (the same tenant, scope, subject, period and providers is the same budget). */
    public Budget save(Budget budget) {
        TenantContext.run(TenantId.of(budget.tenantId()), () -> upsert(budget));
        reload();
        listeners.forEach(l -> l.accept(budget.tenantId()));
        return find(budget.tenantId(), budget.id()).orElseThrow();
    }

    public boolean delete(String tenant, UUID id) {
        int deleted = TenantContext.call(TenantId.of(tenant), () -> jdbc.sql("""
                update spend_budget set deleted_at = clock_timestamp(), updated_at = clock_timestamp()
                where tenant_id = ? and id = ? and deleted_at is null
                """).params(tenant, id).update());
        reload();
        return deleted > 0;
    }

    public List<Budget> list(String tenant) {
        TenantIndex tenantIndex = index.get(tenant);
        return tenantIndex == null ? List.of() : tenantIndex.all();
    }

    public Optional<Budget> find(String tenant, UUID id) {
        return list(tenant).stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** Tenants that have budgets or a configuration. */
    Set<String> tenants() {
        Set<String> tenants = new LinkedHashSet<>(configuredTenants);
        tenants.addAll(index.keySet());
        return tenants;
    }

    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Worked out once per tenant: an MD5 digest for every exchange of every user showed in the profile (issue 20). */
    private static final Cache<String, UUID> USER_DEFAULTS_IDS = Caffeine.newBuilder().maximumSize(1_024).build();

    /** The id under which every user's default budget ({@code user_limits}) is counted. */
    static UUID userDefaultsId(String tenant) {
        return USER_DEFAULTS_IDS.get(tenant, Budgets::nameUserDefaults);
    }

    private static UUID nameUserDefaults(String tenant) {
        return UUID.nameUUIDFromBytes((tenant + "\nuser-limits").getBytes(StandardCharsets.UTF_8));
    }

    /** Every budget that applies to {@code spender} for an exchange served by {@code provider}; from memory. */
    List<Applicable> applicable(Spender spender, String provider, String providerType) {
        TenantIndex tenantIndex = index.get(spender.tenantId());
        List<Applicable> result = new ArrayList<>(4);
        boolean ownUserBudget = false;
        if (tenantIndex != null) {
            for (BudgetScope scope : BudgetScope.values()) {
                String own = scope.subjectOf(spender);
                if (own == null) {
                    continue;
                }
                for (String subject : scope == BudgetScope.DEPARTMENT ? departmentAndAncestors(spender.tenantId(), own) : List.of(own)) {
                    List<Budget> budgets = tenantIndex.bySubject().get(scope.name() + "\u0000" + subject);
                    if (budgets == null) {
                        continue;
                    }
                    for (Budget b : budgets) {
                        if (matchesProvider(b.providers(), provider, providerType)) {
                            result.add(new Applicable(b.id(), b, scope, subject, b.providers(), b.period(), b.limit(), b.describe()));
                        }
                        if (scope == BudgetScope.USER && b.period() == BudgetPeriod.MONTHLY && b.providers().isEmpty()) {
                            ownUserBudget = true;
                        }
                    }
                }
            }
        }
        UserLimits defaults = policy.userLimits();
        if (defaults != null && !ownUserBudget && spender.email() != null
                && configuredTenants.contains(spender.tenantId())) {
            Optional<BigDecimal> limit = defaults.limitFor(spender.roles());
            if (limit.isPresent()) {
                String subject = spender.email().toLowerCase(Locale.ROOT);
                result.add(new Applicable(userDefaultsId(spender.tenantId()), null, BudgetScope.USER, subject, Set.of(),
                        BudgetPeriod.MONTHLY, limit.get(), BudgetScope.USER.describe(subject)
                                + " monthly budget (the default for their role)"));
            }
        }
        return result;
    }

    /** The department and every department above it, nearest first. */
    public List<String> departmentAndAncestors(String tenant, String department) {
        Map<String, String> parents = departmentParents.getOrDefault(tenant, Map.of());
        if (parents.isEmpty()) {
            return List.of(department);
        }
        List<String> chain = new ArrayList<>(3);
        for (String d = department; d != null && !chain.contains(d); d = parents.get(d)) {
            chain.add(d);
        }
        return chain;
    }

    /** The department and every department below it: whose spend a budget on {@code department} counts. */
    public List<String> departmentAndDescendants(String tenant, String department) {
        Map<String, String> parents = departmentParents.getOrDefault(tenant, Map.of());
        List<String> result = new ArrayList<>(List.of(department));
        parents.keySet().forEach(d -> {
            if (!d.equals(department) && departmentAndAncestors(tenant, d).contains(department)) {
                result.add(d);
            }
        });
        return result;
    }

    private boolean matchesProvider(Set<String> filter, String provider, String providerType) {
        if (filter.isEmpty()) {
            return true;
        }
        return provider != null && (filter.contains(provider.toLowerCase(Locale.ROOT))
                || (providerType != null && filter.contains(providerType.toLowerCase(Locale.ROOT))));
    }

    /** Provider names (as the ledger records them) that a provider filter covers. */
    public List<String> providerNamesFor(Set<String> filter) {
        Set<String> names = new LinkedHashSet<>(filter);
        providerTypes.forEach((name, type) -> {
            if (filter.contains(type)) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    private void upsert(Budget b) {
        Downgrade d = b.downgrade();
        jdbc.sql("""
                insert into spend_budget (tenant_id, id, scope, subject, providers, period, amount, thresholds, hard_limit,
                    downgrade_at, downgrade_to, downgrade_models, source)
                values (?, ?, ?, ?, ?, ?, ?, ?::numeric[], ?, ?, ?, ?::jsonb, ?)
                on conflict (tenant_id, id) do update set amount = excluded.amount, thresholds = excluded.thresholds,
                    hard_limit = excluded.hard_limit, downgrade_at = excluded.downgrade_at,
                    downgrade_to = excluded.downgrade_to, downgrade_models = excluded.downgrade_models,
                    source = excluded.source, deleted_at = null, updated_at = clock_timestamp()
                where (spend_budget.amount, spend_budget.thresholds, spend_budget.hard_limit, spend_budget.downgrade_at,
                       spend_budget.downgrade_to, spend_budget.downgrade_models::text, spend_budget.source,
                       spend_budget.deleted_at)
                    is distinct from (excluded.amount, excluded.thresholds, excluded.hard_limit, excluded.downgrade_at,
                       excluded.downgrade_to, excluded.downgrade_models::text, excluded.source, null)
                """).params(b.tenantId(), b.id(), b.scope().name(), b.subject(), b.providers().toArray(String[]::new),
                b.period().name(), b.limit(), "{" + String.join(",", b.thresholds().stream().map(BigDecimal::toPlainString).toList()) + "}",
                b.hardLimit(),
                d == null ? null : d.at(), d == null ? null : d.to(),
                d == null ? null : JSON.writeValueAsString(d.models()), b.source()).update();
    }

    /**
     * Rebuilds the in-memory index from the database: every tenant's committed budgets, read with the system
     * connections (each row names its tenant).
     */
    public synchronized void reload() {
        Instant through = directory.sql("select coalesce(max(updated_at), 'epoch'::timestamptz) from spend_budget")
                .query(Timestamp.class).single().toInstant();
        List<Budget> all = directory.sql("""
                select tenant_id, scope, subject, providers, period, amount, thresholds, hard_limit, downgrade_at,
                       downgrade_to, downgrade_models::text, source
                from spend_budget where deleted_at is null order by tenant_id, scope, subject, period
                """).query(Budgets::budget).list();
        Map<String, Map<String, List<Budget>>> bySubject = new HashMap<>();
        Map<String, List<Budget>> byTenant = new HashMap<>();
        for (Budget b : all) {
            bySubject.computeIfAbsent(b.tenantId(), t -> new HashMap<>())
                    .computeIfAbsent(b.scope().name() + "\u0000" + b.subject(), k -> new ArrayList<>()).add(b);
            byTenant.computeIfAbsent(b.tenantId(), t -> new ArrayList<>()).add(b);
        }
        Map<String, TenantIndex> next = new HashMap<>();
        byTenant.forEach((tenant, budgets) -> next.put(tenant, new TenantIndex(bySubject.get(tenant), List.copyOf(budgets))));
        index = Map.copyOf(next);
        loadedThrough = through;
    }

    /** Picks up budgets changed by other replicas; cheap when nothing changed. */
    @Scheduled(fixedDelayString = "${aurelis.spend.refresh-interval:2s}", initialDelayString = "${aurelis.spend.refresh-interval:2s}")
    void pollForChanges() {
        Instant latest = directory.sql("select max(updated_at) from spend_budget").query(Timestamp.class).optional()
                .map(Timestamp::toInstant).orElse(Instant.EPOCH);
        if (latest.isAfter(loadedThrough)) {
            reload();
            tenants().forEach(t -> listeners.forEach(l -> l.accept(t)));
        }
    }

    private static Budget budget(ResultSet rs, int row) throws SQLException {
        Downgrade downgrade = null;
        if (rs.getBigDecimal(9) != null || rs.getString(10) != null) {
            String models = rs.getString(11);
            Map<String, String> map = models == null ? Map.of() : JSON.readValue(models, new TypeReference<Map<String, String>>() {
            });
            downgrade = new Downgrade(rs.getBigDecimal(9), rs.getString(10), map);
        }
        Boolean hard = rs.getObject(8) == null ? null : rs.getBoolean(8);
        return new Budget(null, rs.getString(1), BudgetScope.valueOf(rs.getString(2)), rs.getString(3),
                Set.of(strings(rs.getArray(4))), BudgetPeriod.valueOf(rs.getString(5)), rs.getBigDecimal(6).stripTrailingZeros(),
                decimals(rs.getArray(7)), hard, downgrade, rs.getString(12));
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }

    private static List<BigDecimal> decimals(Array array) throws SQLException {
        List<BigDecimal> values = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            values.add(((BigDecimal) o).stripTrailingZeros());
        }
        return values;
    }
}
