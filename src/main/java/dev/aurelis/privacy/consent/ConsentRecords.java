package dev.aurelis.privacy.consent;

import dev.aurelis.privacy.ConsentPurpose;
import dev.aurelis.tenancy.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code privacy_consent}: one row per person and purpose with its current state. */
@Component
public class ConsentRecords {

    /** A stored consent; {@code givenAt} and {@code withdrawnAt} are the latest of each. */
    public record Row(String purpose, boolean given, String policyVersion, Instant givenAt, Instant withdrawnAt) {
    }

    private final JdbcClient jdbc;

    ConsentRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> of(TenantId tenant, UUID user) {
        return jdbc.sql("""
                select purpose, given, policy_version, given_at, withdrawn_at from privacy_consent
                where tenant_id = ? and user_id = ? order by purpose""")
                .params(tenant.value(), user)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3), instant(rs.getObject(4,
                        OffsetDateTime.class)), instant(rs.getObject(5, OffsetDateTime.class))))
                .list();
    }

    /** Gives or withdraws; a withdrawal keeps the notice version the consent was given under unless it names one. */
    public void decide(TenantId tenant, UUID user, ConsentPurpose purpose, boolean given, String policyVersion,
            Instant at) {
        Timestamp when = Timestamp.from(at);
        jdbc.sql("""
                insert into privacy_consent (tenant_id, user_id, purpose, given, policy_version, given_at,
                                             withdrawn_at, updated_at)
                values (:tenant, :user, :purpose, :given, :version,
                        case when :given then cast(:at as timestamptz) end,
                        case when :given then null else cast(:at as timestamptz) end, cast(:at as timestamptz))
                on conflict (tenant_id, user_id, purpose) do update set
                    given = excluded.given,
                    policy_version = coalesce(excluded.policy_version, privacy_consent.policy_version),
                    given_at = case when excluded.given then excluded.updated_at else privacy_consent.given_at end,
                    withdrawn_at = case when excluded.given then privacy_consent.withdrawn_at
                                        else excluded.updated_at end,
                    updated_at = excluded.updated_at""")
                .param("tenant", tenant.value()).param("user", user).param("purpose", purpose.configName())
                .param("given", given).param("version", policyVersion).param("at", when)
                .update();
    }

    /** Deletes the person's consents (erasure). */
    public int erase(TenantId tenant, UUID user) {
        return jdbc.sql("delete from privacy_consent where tenant_id = ? and user_id = ?")
                .params(tenant.value(), user).update();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
