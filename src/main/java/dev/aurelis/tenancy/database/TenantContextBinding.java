package dev.aurelis.tenancy.database;

import dev.aurelis.storage.TenantBinding;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import org.springframework.stereotype.Component;

/** Tells the database layer which tenant the current thread acts for. */
@Component
class TenantContextBinding implements TenantBinding {

    @Override
    public String currentTenant() {
        return TenantContext.current().map(TenantId::value).orElse(null);
    }
}
