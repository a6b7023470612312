package dev.aurelis.privacy.consent;

import dev.aurelis.privacy.ConsentPurpose;
import dev.aurelis.privacy.Sealing;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table {@code privacy_content_log}: prompts and answers, each sealed and bound to its tenant, row and field, so
 * the table never holds content in the clear and a value copied to another row does not open.
 */
@Component
public class ContentLogStore {

    /** What one exchange leaves in the log; {@code answer} is null when none was captured. */
    public record Entry(TenantId tenant, UUID user, String requestId, String model, Instant at, byte[] prompt,
            byte[] answer) {
    }

    private final JdbcClient jdbc;
    private final Sealing sealing;

    ContentLogStore(JdbcClient jdbc, Sealing sealing) {
        this.jdbc = jdbc;
        this.sealing = sealing;
    }

    /**
     * Stores the entry; with {@code consentRequired}, only while the person's consent stands in the table. The
     * consent row is read {@code for share}: a withdrawal committing meanwhile either waits for this insert (and then
     * erases it) or is seen by it (and nothing is stored).
     *
     * @return whether it was stored
     */
    public boolean write(Entry entry, boolean consentRequired) {
        UUID id = UUID.randomUUID();
        byte[] prompt = sealing.seal(entry.prompt(), context(entry.tenant(), id, "prompt"));
        byte[] answer = entry.answer() == null ? null : sealing.seal(entry.answer(), context(entry.tenant(), id, "answer"));
        String insert = """
                insert into privacy_content_log (tenant_id, id, user_id, request_id, model, recorded_at, prompt, answer)
                select cast(:tenant as text), cast(:id as uuid), cast(:user as uuid), cast(:request as text),
                       cast(:model as text), cast(:at as timestamptz), cast(:prompt as bytea), cast(:answer as bytea)""";
        JdbcClient.StatementSpec statement = jdbc.sql(consentRequired ? insert + """
                 from privacy_consent where tenant_id = :tenant and user_id = cast(:user as uuid) and purpose = :purpose
                 and given
                 for share""" : insert);
        statement = statement.param("tenant", entry.tenant().value()).param("id", id).param("user", entry.user())
                .param("request", entry.requestId()).param("model", entry.model())
                .param("at", Timestamp.from(entry.at())).param("prompt", prompt).param("answer", answer);
        if (consentRequired) {
            statement = statement.param("purpose", ConsentPurpose.CONTENT_LOGGING.configName());
        }
        return statement.update() == 1;
    }

    /** The stored entry of a request, opened (nothing in Aurelis shows logged content yet; tests check the round trip). */
    public Optional<Entry> read(TenantId tenant, String requestId) {
        return jdbc.sql("""
                select id, user_id, model, recorded_at, prompt, answer from privacy_content_log
                where tenant_id = ? and request_id = ? order by recorded_at desc limit 1""")
                .params(tenant.value(), requestId)
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    byte[] answer = rs.getBytes(6);
                    return new Entry(tenant, rs.getObject(2, UUID.class), requestId, rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(),
                            sealing.open(rs.getBytes(5), context(tenant, id, "prompt")),
                            answer == null ? null : sealing.open(answer, context(tenant, id, "answer")));
                })
                .optional();
    }

    public int eraseUser(TenantId tenant, UUID user) {
        return jdbc.sql("delete from privacy_content_log where tenant_id = ? and user_id = ?")
                .params(tenant.value(), user).update();
    }

    public int dropBefore(TenantId tenant, Instant cut) {
        return jdbc.sql("delete from privacy_content_log where tenant_id = ? and recorded_at < ?")
                .params(tenant.value(), Timestamp.from(cut)).update();
    }

    public Optional<Instant> oldest(TenantId tenant) {
        return jdbc.sql("select min(recorded_at) from privacy_content_log where tenant_id = ?").param(tenant.value())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().map(OffsetDateTime::toInstant);
    }

    private static String context(TenantId tenant, UUID id, String field) {
        return "privacy_content_log/" + tenant.value() + "/" + id + "/" + field;
    }
}
