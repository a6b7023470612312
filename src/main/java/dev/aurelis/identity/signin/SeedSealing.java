package dev.aurelis.identity.signin;

import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** At start, seals the TOTP seeds an earlier version stored in plain (expand-only: the column says which are). */
@Component
class SeedSealing {

    private static final Logger log = LoggerFactory.getLogger(SeedSealing.class);

    private final Organizations organizations;
    private final SecondFactors factors;

    SeedSealing(Organizations organizations, SecondFactors factors) {
        this.organizations = organizations;
        this.factors = factors;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealPlaintextSeeds() {
        for (TenantId tenant : organizations.tenants()) {
            int sealed = TenantContext.call(tenant, () -> factors.sealPlaintextSeeds(tenant));
            if (sealed > 0) {
                log.info("Sealed {} TOTP seeds of {} stored in plain by an earlier version", sealed, tenant.value());
            }
        }
    }
}
