package dev.aurelis.alerting;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.tenancy.TenantContext;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts grouped by a person (per-user spend or anomaly rules), their notices, silences and baselines name the
 * person by e-mail: on erasure the address is replaced by the pseudonym wherever it appears.
 */
@Component
class AlertingPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    AlertingPersonalData(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String t = subject.tenant().value();
        String e = subject.email();
        String p = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> transactions.execute(status -> {
            int alerts = jdbc.sql("""
                    update alerting_alert set group_key = replace(group_key, :e, :p), summary = replace(summary, :e, :p),
                        acknowledged_by = replace(acknowledged_by, :e, :p), details = replace(details::text, :e, :p)::jsonb
                    where tenant_id = :t and strpos(group_key || summary || coalesce(acknowledged_by, '') || details::text, :e) > 0
                    """).param("e", e).param("p", p).param("t", t).update();
            int notices = jdbc.sql("""
                    update alerting_outbox set notice = replace(notice::text, :e, :p)::jsonb
                    where tenant_id = :t and strpos(notice::text, :e) > 0""").param("e", e).param("p", p).param("t", t).update();
            int silences = jdbc.sql("""
                    update alerting_silence set group_key = replace(group_key, :e, :p), created_by = replace(created_by, :e, :p),
                        reason = replace(reason, :e, :p)
                    where tenant_id = :t and strpos(coalesce(group_key, '') || coalesce(created_by, '') || coalesce(reason, ''), :e) > 0
                    """).param("e", e).param("p", p).param("t", t).update();
            int baselines = jdbc.sql("""
                    update alerting_baseline set subject = replace(subject, :e, :p) where tenant_id = :t and strpos(subject, :e) > 0
                    """).param("e", e).param("p", p).param("t", t).update();
            return List.of(ErasedStore.of("alerting", "alerting_alert", "pseudonymised", alerts),
                    ErasedStore.of("alerting", "alerting_outbox", "pseudonymised", notices),
                    ErasedStore.of("alerting", "alerting_silence", "pseudonymised", silences),
                    ErasedStore.of("alerting", "alerting_baseline", "pseudonymised", baselines));
        }));
    }
}
