package dev.aurelis.webhooks.store;

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
 * Messages about a person (a key issued to them, their provisioning) name them by e-mail, and a subscription names
 * who made it: on erasure the address is replaced by the pseudonym, in queued and sent messages alike (a replay then
 * sends the pseudonymised message).
 */
@Component
class WebhooksPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    WebhooksPersonalData(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String t = subject.tenant().value();
        String e = subject.email();
        String p = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> transactions.execute(status -> {
            int messages = jdbc.sql("""
                    update webhooks_delivery set body = replace(body, :e, :p)
                    where tenant_id = :t and strpos(body, :e) > 0""").param("e", e).param("p", p).param("t", t).update();
            int subscriptions = jdbc.sql("""
                    update webhooks_subscription set created_by = :p where tenant_id = :t and created_by = :e""")
                    .param("e", e).param("p", p).param("t", t).update();
            return List.of(ErasedStore.of("webhooks", "webhooks_delivery", "pseudonymised", messages),
                    ErasedStore.of("webhooks", "webhooks_subscription", "pseudonymised", subscriptions));
        }));
    }
}
