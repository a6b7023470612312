package dev.aurelis.privacy;

import dev.aurelis.privacy.consent.ConsentRecords;
import dev.aurelis.privacy.consent.ConsentRegister;
import dev.aurelis.privacy.consent.ContentLogStore;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consent management ({@code compliance.consent_management}): each person gives or withdraws consent per
 * {@link ConsentPurpose}, recorded with the time and the version of the privacy notice, published as
 * {@link ConsentGiven} / {@link ConsentWithdrawn} (the audit trail records them; the in-memory register the hot
 * path reads follows them). Withdrawing a purpose that says so erases what was kept for it in the same transaction.
 */
@Component
public class Consents {

    private static final int MAX_VERSION = 64;

    private final ConsentRecords records;
    private final ConsentRegister register;
    private final ContentLogStore contentLog;
    private final ErasureSubjects subjects;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean managed;

    Consents(ConsentRecords records, ConsentRegister register, ContentLogStore contentLog, ErasureSubjects subjects,
            ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.records = records;
        this.register = register;
        this.contentLog = contentLog;
        this.subjects = subjects;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** Refused while {@code compliance.consent_management} is off. */
    public static final class ConsentManagementOff extends RuntimeException {
        ConsentManagementOff() {
            super("Consent management is switched off: set compliance.consent_management: true to record consents.");
        }
    }

    /** {@code compliance.consent_management}, applied with the configuration. */
    public void configure(boolean consentManagement) {
        this.managed = consentManagement;
    }

    public boolean managed() {
        return managed;
    }

    /** Whether {@code user} consented to {@code purpose}, from memory: what the hot path asks. */
    public boolean allows(TenantId tenant, UUID user, ConsentPurpose purpose) {
        return register.allows(tenant, user, purpose);
    }

    /** Every purpose and where the person stands on it (never asked counts as not given). */
    public List<Consent> of(TenantId tenant, UUID user) {
        requireManaged();
        Map<String, ConsentRecords.Row> stored = TenantContext.call(tenant, () -> records.of(tenant, user)).stream()
                .collect(Collectors.toMap(ConsentRecords.Row::purpose, Function.identity()));
        return Arrays.stream(ConsentPurpose.values()).map(purpose -> {
            ConsentRecords.Row row = stored.get(purpose.configName());
            return row == null ? Consent.neverAsked(purpose) : new Consent(purpose.configName(), purpose.description(),
                    row.given(), row.policyVersion(), row.givenAt(), row.withdrawnAt(), purpose.erasesOnWithdrawal());
        }).toList();
    }

    /** The consents of the person an administrator names by e-mail address, user name or id. */
    public List<Consent> ofUser(TenantId tenant, String user) {
        requireManaged();
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is required: an e-mail address, user name or user id");
        }
        ErasureSubject subject = subjects.find(tenant, user.strip())
                .orElseThrow(() -> new NoSuchElementException("No user '" + user.strip() + "' in this organisation."));
        return of(tenant, subject.userId());
    }

    /**
     * Gives or withdraws {@code user}'s consent to {@code purpose}. Giving names the version of the privacy notice
     * agreed to. Withdrawing a purpose that {@link ConsentPurpose#erasesOnWithdrawal erases on withdrawal} deletes
     * what was kept for it before the answer.
     *
     * @return where the person now stands on every purpose
     * @throws IllegalArgumentException for an unknown purpose, a missing decision or notice version
     */
    public List<Consent> decide(TenantId tenant, UUID user, String actor, String purposeName, Boolean given,
            String policyVersion) {
        requireManaged();
        if (user == null) {
            throw new IllegalArgumentException("Only a person can consent: this key belongs to no user.");
        }
        ConsentPurpose purpose = ConsentPurpose.of(purposeName);
        if (given == null) {
            throw new IllegalArgumentException("given is required: true to consent, false to withdraw");
        }
        String version = policyVersion == null || policyVersion.isBlank() ? null : policyVersion.strip();
        if (given && version == null) {
            throw new IllegalArgumentException("policy_version is required when consenting: the version of the "
                    + "privacy notice the person agreed to");
        }
        if (version != null && version.length() > MAX_VERSION) {
            throw new IllegalArgumentException("policy_version is at most " + MAX_VERSION + " characters");
        }
        Instant at = clock.instant();
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            records.decide(tenant, user, purpose, given, version, at);
            if (given) {
                events.publishEvent(new ConsentGiven(tenant.value(), user, purpose.configName(), version, actor, at));
            } else {
                long erased = purpose == ConsentPurpose.CONTENT_LOGGING && purpose.erasesOnWithdrawal()
                        ? contentLog.eraseUser(tenant, user) : 0;
                events.publishEvent(new ConsentWithdrawn(tenant.value(), user, purpose.configName(), version, actor,
                        at, erased));
            }
        }));
        return of(tenant, user);
    }

    private void requireManaged() {
        if (!managed) {
            throw new ConsentManagementOff();
        }
    }
}
