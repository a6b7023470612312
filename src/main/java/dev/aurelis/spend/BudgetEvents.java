package dev.aurelis.spend;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budget threshold crossings: stored (one row per budget, subject, period and threshold, whichever replica saw it
 * first) and then published as {@link BudgetThresholdCrossed}, off the hot path, acting for the budget's tenant.
 */
@Component
public class BudgetEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BudgetEvents.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("budget-events").daemon(true).factory());

    private final TransactionTemplate transactions;

    BudgetEvents(JdbcClient jdbc, ApplicationEventPublisher publisher, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Stores the crossing and publishes it unless it was already recorded. */
    void crossed(BudgetThresholdCrossed event) {
        writer.execute(() -> {
            try {
                // stored and published in one transaction: the event publication registry records the event for the
                // modules that listen to it (alerting), which hear it once the crossing is committed (ADR 0018)
                boolean inserted = Boolean.TRUE.equals(TenantContext.call(TenantId.of(event.tenantId()),
                        () -> transactions.execute(status -> {
                    int rows = jdbc.sql("""
                        insert into spend_budget_event (tenant_id, id, budget_id, scope, subject, period, period_key,
                            threshold, amount, spent, currency, description, occurred_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, budget_id, subject, period_key, threshold) do nothing
                        """).params(event.tenantId(), event.id(), event.budgetId(), event.scope(), event.subject(),
                        event.period(), event.periodKey(), event.threshold(), event.limit(), event.spent(),
                        event.currency(), event.description(), Timestamp.from(event.occurredAt())).update();
                    if (rows == 1) {
                        publisher.publishEvent(event);
                    }
                    return rows == 1;
                })));
                if (inserted) {
                    log.info("Budget threshold crossed: {} reached {}% ({} of {} {})", event.description(),
                            event.threshold().movePointRight(2).stripTrailingZeros().toPlainString(),
                            event.spent().toPlainString(), event.limit().toPlainString(), event.currency());
                }
            } catch (RuntimeException e) {
                log.warn("Could not record the budget threshold crossing of {}: {}", event.description(), e.getMessage());
            }
        });
    }

    /** Crossings of the tenant, newest first. */
    public List<BudgetThresholdCrossed> list(String tenant, Instant since, int limit) {
        return list(tenant, since, limit, event -> true);
    }

    /** Crossings of the tenant that {@code visible} admits (a caller's reach), newest first. */
    public List<BudgetThresholdCrossed> list(String tenant, Instant since, int limit,
            Predicate<BudgetThresholdCrossed> visible) {
        StringBuilder sql = new StringBuilder("""
                select id, tenant_id, budget_id, scope, subject, period, period_key, threshold, amount, spent, currency,
                       description, occurred_at
                from spend_budget_event where tenant_id = ?""");
        List<Object> params = new ArrayList<>(List.of(tenant));
        if (since != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(since));
        }
        sql.append(" order by occurred_at desc, threshold desc");
        // filtered while reading, so a caller with a narrow reach still gets up to 'limit' crossings
        return TenantContext.call(TenantId.of(tenant), () -> {
            try (Stream<BudgetThresholdCrossed> rows = jdbc.sql(sql.toString()).params(params)
                    .query((rs, n) -> new BudgetThresholdCrossed(
                    rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8).stripTrailingZeros(),
                    rs.getBigDecimal(9).stripTrailingZeros(), rs.getBigDecimal(10).stripTrailingZeros(), rs.getString(11),
                    rs.getString(12), rs.getTimestamp(13).toInstant())).stream()) {
                return rows.filter(visible).limit(Math.max(0, limit)).toList();
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
