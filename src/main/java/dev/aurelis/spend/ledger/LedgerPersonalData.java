package dev.aurelis.spend.ledger;

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
 * The ledger's attribution of a person, pseudonymised on erasure: amounts, tokens and every other column stay, so
 * finance totals do not move; the e-mail address becomes the person's stable pseudonym. Budgets set for the person
 * keep their limits under the pseudonym. The commit order of the rows ({@code commit_xid}) is not changed by an
 * update, so modules following the ledger feed do not see the rows again.
 */
@Component
class LedgerPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    LedgerPersonalData(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String tenant = subject.tenant().value();
        String pseudonym = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> transactions.execute(status -> {
            int usage = jdbc.sql("update spend_usage set user_email = ? where tenant_id = ? and (user_id = ? or user_email = ?)")
                    .params(pseudonym, tenant, subject.userId(), subject.email()).update();
            int budgets = jdbc.sql("update spend_budget set subject = ? where tenant_id = ? and scope = 'user' and subject = ?")
                    .params(pseudonym, tenant, subject.email()).update();
            int budgetEvents = jdbc.sql("update spend_budget_event set subject = ? where tenant_id = ? and scope = 'user' and subject = ?")
                    .params(pseudonym, tenant, subject.email()).update();
            int rejected = jdbc.sql("""
                    update spend_usage_rejected set record = jsonb_set(record, '{user_email}', to_jsonb(?::text))
                    where tenant_id = ? and (user_id = ? or lower(record->>'user_email') = lower(?))""")
                    .params(pseudonym, tenant, subject.userId(), subject.email()).update();
            return List.of(new ErasedStore("spend", "spend_usage", "pseudonymised", usage,
                            "amounts and tokens kept; attribution replaced by " + subject.pseudonym()),
                    ErasedStore.of("spend", "spend_usage_rejected", "pseudonymised", rejected),
                    ErasedStore.of("spend", "spend_budget", "pseudonymised", budgets),
                    ErasedStore.of("spend", "spend_budget_event", "pseudonymised", budgetEvents));
        }));
    }
}
