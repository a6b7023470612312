package dev.aurelis.analytics.rollup;

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
 * Analytics' copies of a person's attribution, pseudonymised on erasure like the ledger's: rollup facts and their
 * measures stay, so reports keep their totals; feedback keeps its rating and loses its comment. Pulse survey answers
 * are deleted: a week's answer is nothing but the person's own say (ADR 0072).
 */
@Component
class AnalyticsPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    AnalyticsPersonalData(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String tenant = subject.tenant().value();
        String pseudonym = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> transactions.execute(status -> {
            int dimensions = jdbc.sql("update analytics_dimension set user_email = ? where tenant_id = ? and (user_id = ? or user_email = ?)")
                    .params(pseudonym, tenant, subject.userId(), subject.email()).update();
            int activity = jdbc.sql("update analytics_user_activity set user_email = ? where tenant_id = ? and user_id = ?")
                    .params(pseudonym, tenant, subject.userId()).update();
            int feedback = jdbc.sql("update analytics_feedback set user_email = ?, comment = null where tenant_id = ? and (user_id = ? or user_email = ?)")
                    .params(pseudonym, tenant, subject.userId(), subject.email()).update();
            int survey = jdbc.sql("delete from analytics_survey_response where tenant_id = ? and (user_id = ? or user_email = lower(?))")
                    .params(tenant, subject.userId(), subject.email()).update();
            return List.of(ErasedStore.of("analytics", "analytics_dimension", "pseudonymised", dimensions),
                    ErasedStore.of("analytics", "analytics_user_activity", "pseudonymised", activity),
                    ErasedStore.of("analytics", "analytics_feedback", "pseudonymised", feedback),
                    ErasedStore.of("analytics", "analytics_survey_response", "deleted", survey));
        }));
    }
}
