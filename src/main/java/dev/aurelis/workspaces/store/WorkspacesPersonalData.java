package dev.aurelis.workspaces.store;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.tenancy.TenantContext;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On erasure, a person leaves every workspace they were a member of by address (the in-memory directory reads the
 * tenant's workspaces again when it hears of the erasure),
 * and who made a workspace, added a member or shared a version, and their address inside shared text, become the
 * pseudonym. A membership by bare name stays: it names a name, not the person (docs/workspaces.md).
 */
@Component
class WorkspacesPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;

    WorkspacesPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String t = subject.tenant().value();
        String e = subject.email().toLowerCase(java.util.Locale.ROOT);
        String p = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> {
            List<String> left = jdbc.sql("""
                    delete from workspaces_member m using workspaces_workspace w
                    where m.tenant_id = :t and m.member = :e and w.id = m.workspace_id returning w.name""")
                    .param("t", t).param("e", e).query(String.class).list();
            int added = jdbc.sql("update workspaces_member set added_by = :p where tenant_id = :t and added_by = :e")
                    .param("p", p).param("t", t).param("e", e).update();
            int made = jdbc.sql("update workspaces_workspace set created_by = :p where tenant_id = :t and created_by = :e")
                    .param("p", p).param("t", t).param("e", e).update();
            int shared = jdbc.sql("""
                    update workspaces_context_version
                    set shared_by = case when shared_by = :e then :p else shared_by end,
                        content = replace(content, :e, :p)
                    where tenant_id = :t and (shared_by = :e or strpos(content, :e) > 0)""")
                    .param("p", p).param("t", t).param("e", e).update();
            return List.of(ErasedStore.of("workspaces", "workspaces_member", "deleted", left.size()),
                    ErasedStore.of("workspaces", "workspaces_member", "pseudonymised", added),
                    ErasedStore.of("workspaces", "workspaces_workspace", "pseudonymised", made),
                    ErasedStore.of("workspaces", "workspaces_context_version", "pseudonymised", shared));
        });
    }
}
