package dev.aurelis.privacy.erasure;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureReceipt;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.ErasureSubjects;
import dev.aurelis.privacy.PersonErased;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.privacy.DataProtectionSettings;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import dev.aurelis.tenancy.TenantContext;

/**
 * Erases a person everywhere Aurelis keeps them ({@code compliance.right_to_be_forgotten}). Privacy finds the person
 * through the identity module, then asks every module's {@link PersonalDataStore} to erase its own data, in their
 * declared order (identity's user record last, so a failed erasure can be repeated by e-mail and finishes the job),
 * and answers with a receipt listing every store touched. The erasure itself is published with the pseudonym only.
 */
@Component
public class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final ErasureSubjects subjects;
    private final ObjectProvider<PersonalDataStore> stores;
    private final ApplicationEventPublisher events;
    private final BooleanSupplier enabled;
    private final TransactionTemplate transactions;
    private final Clock clock;

    @Autowired
    Erasures(ErasureSubjects subjects, ObjectProvider<PersonalDataStore> stores, ApplicationEventPublisher events,
            DataProtectionSettings settings, PlatformTransactionManager transactions, Optional<Clock> clock) {
        this(subjects, stores, events, () -> settings.policy().rightToBeForgotten(),
                new TransactionTemplate(transactions), clock.orElse(Clock.systemUTC()));
    }

    Erasures(ErasureSubjects subjects, ObjectProvider<PersonalDataStore> stores, ApplicationEventPublisher events,
            BooleanSupplier enabled, TransactionTemplate transactions, Clock clock) {
        this.transactions = transactions;
        this.subjects = subjects;
        this.stores = stores;
        this.events = events;
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Refused while {@code compliance.right_to_be_forgotten} is off. */
    public static final class ErasureDisabled extends RuntimeException {
        ErasureDisabled() {
            super("Erasure is switched off: set compliance.right_to_be_forgotten: true to erase people on request.");
        }
    }

    public ErasureReceipt erase(TenantId tenant, String user, String requestedBy) {
        if (!enabled.getAsBoolean()) {
            throw new ErasureDisabled();
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is required: an e-mail address, user name or user id");
        }
        ErasureSubject subject = subjects.find(tenant, user.trim())
                .orElseThrow(() -> new NoSuchElementException("No user '" + user.trim() + "' in this organisation."));
        UUID id = UUID.randomUUID();
        List<ErasedStore> touched = new ArrayList<>();
        stores.orderedStream().forEach(store -> touched.addAll(store.erase(subject)));
        ErasureReceipt receipt = new ErasureReceipt(id, tenant.value(), subject.pseudonym(), clock.instant(),
                requestedBy, List.copyOf(touched));
        log.info("Erased user {} as {}: {} stores touched", subject.userId(), subject.pseudonym(), touched.size());
        // in a transaction, so the event publication registry keeps it until the audit trail has recorded it
        PersonErased erased = new PersonErased(tenant.value(), id, subject.pseudonym(),
                touched.stream().map(s -> s.module() + "." + s.store()).distinct().toList(), requestedBy);
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> events.publishEvent(erased)));
        return receipt;
    }

}
