package dev.aurelis.privacy;

import dev.aurelis.tenancy.TenantId;
import java.util.Optional;

/** Finds the person an erasure request names (by e-mail, user name or id); implemented by the identity module. */
public interface ErasureSubjects {

    Optional<ErasureSubject> find(TenantId tenant, String user);
}
