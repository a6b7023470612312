package dev.aurelis.collaboration.store;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.tenancy.TenantContext;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On erasure, a person's address becomes the pseudonym wherever sessions hold it: as participant, as who started or
 * ended a session, as the actor of an event, and inside pushed files, prompts and answers. The history keeps its
 * order and versions; only who is gone.
 */
@Component
class CollaborationPersonalData implements PersonalDataStore {

    private final JdbcClient jdbc;

    CollaborationPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String t = subject.tenant().value();
        String e = subject.email().toLowerCase(Locale.ROOT);
        String p = subject.pseudonymousEmail();
        return TenantContext.call(subject.tenant(), () -> {
            int participants = jdbc.sql("update collaboration_participant set email = :p where tenant_id = :t and email = :e")
                    .param("p", p).param("t", t).param("e", e).update();
            int sessions = jdbc.sql("""
                    update collaboration_session
                    set created_by = case when lower(created_by) = :e then :p else created_by end,
                        ended_by = case when lower(ended_by) = :e then :p else ended_by end
                    where tenant_id = :t and (lower(created_by) = :e or lower(ended_by) = :e)""")
                    .param("p", p).param("t", t).param("e", e).update();
            int events = jdbc.sql("""
                    update collaboration_event
                    set actor = case when actor = :e then :p else actor end,
                        content = replace(content, :e, :p),
                        prompt = replace(prompt, :e, :p)
                    where tenant_id = :t and (actor = :e or strpos(content, :e) > 0 or strpos(prompt, :e) > 0)""")
                    .param("p", p).param("t", t).param("e", e).update();
            return List.of(ErasedStore.of("collaboration", "collaboration_participant", "pseudonymised", participants),
                    ErasedStore.of("collaboration", "collaboration_session", "pseudonymised", sessions),
                    ErasedStore.of("collaboration", "collaboration_event", "pseudonymised", events));
        });
    }
}
