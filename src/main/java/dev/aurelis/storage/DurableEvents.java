package dev.aurelis.storage;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes an event inside a transaction (the caller's, or a short one of its own), so the event publication
 * registry records it for the listeners that must not miss it (ADR 0018): an event published outside any transaction
 * reaches only plain listeners. For events raised where no business transaction runs, such as refused sign-ins.
 */
@Component
public class DurableEvents {

    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transactions;

    DurableEvents(ApplicationEventPublisher publisher, PlatformTransactionManager transactions) {
        this.publisher = publisher;
        this.transactions = new TransactionTemplate(transactions);
    }

    public void publish(Object event) {
        transactions.executeWithoutResult(status -> publisher.publishEvent(event));
    }
}
