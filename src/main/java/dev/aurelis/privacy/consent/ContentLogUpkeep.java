package dev.aurelis.privacy.consent;

import dev.aurelis.privacy.ContentLogging;
import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.privacy.RetainedData;
import dev.aurelis.privacy.RetentionOutcome;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The content log and the consents under erasure and retention: erasing a person deletes their logged content and
 * their consents; retention drops entries older than the content log's retention.
 */
@Component
class ContentLogUpkeep implements PersonalDataStore, RetainedData {

    private final ContentLogStore contentLog;
    private final ConsentRecords consents;
    private final ConsentRegister register;
    private final ContentLogging logging;

    ContentLogUpkeep(ContentLogStore contentLog, ConsentRecords consents, ConsentRegister register,
            ContentLogging logging) {
        this.contentLog = contentLog;
        this.consents = consents;
        this.register = register;
        this.logging = logging;
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        return TenantContext.call(subject.tenant(), () -> {
            int entries = contentLog.eraseUser(subject.tenant(), subject.userId());
            int consentRows = consents.erase(subject.tenant(), subject.userId());
            register.forget(subject.tenant(), subject.userId());
            return List.of(ErasedStore.of("privacy", "privacy_content_log", "deleted", entries),
                    ErasedStore.of("privacy", "privacy_consent", "deleted", consentRows));
        });
    }

    @Override
    public List<RetentionOutcome> applyRetention(TenantId tenant, Instant now) {
        Duration policy = logging.policy().retention();
        return TenantContext.call(tenant, () -> {
            int dropped = contentLog.dropBefore(tenant, now.minus(policy));
            Instant oldest = contentLog.oldest(tenant).orElse(null);
            return List.of(new RetentionOutcome("privacy", "privacy_content_log", "deleted", dropped, policy, oldest));
        });
    }
}
