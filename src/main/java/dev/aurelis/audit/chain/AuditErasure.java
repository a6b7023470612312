package dev.aurelis.audit.chain;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.storage.SystemDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Erases a person from the trail without breaking it. An entry's link covers a keyed digest of its personal fields
 * (see {@link Canonical#personalDigest}), so those fields can change while the chain stays verifiable: the person's
 * e-mail address and names become their pseudonym, the source address and user agent go, and the digest's salt is
 * removed, which leaves the digest unlinkable to anything. Runs as the schema owner with {@code aurelis.audit_erasure}
 * set for its transaction; the trigger lets exactly this change through. Entries recorded before digests existed
 * link over the fields themselves: they are kept as they are and counted in the receipt.
 */
@Component
class AuditErasure implements PersonalDataStore {

    private final DataSource owner;

    AuditErasure(@SystemDatabase DataSource owner) {
        this.owner = owner;
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        String tenant = subject.tenant().value();
        Pattern email = Pattern.compile(Pattern.quote(subject.email()), Pattern.CASE_INSENSITIVE);
        StringBuilder mentions = new StringBuilder(
                "strpos(lower(coalesce(actor, '') || ' ' || coalesce(target, '') || ' ' || details), ?) > 0");
        List<String> params = new ArrayList<>(List.of(subject.email().toLowerCase(java.util.Locale.ROOT)));
        for (String name : subject.names()) {
            mentions.append(" or strpos(details, ?) > 0 or actor = ? or target = ?");
            params.add(quoted(name));
            params.add(name);
            params.add(name);
        }
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set local aurelis.audit_erasure = 'on'");
                }
                int erased = 0;
                try (PreparedStatement select = connection.prepareStatement("select seq, actor, target, details, "
                        + "request_id from audit_entry where tenant_id = ? and personal_digest is not null "
                        + "and (" + mentions + ") order by seq for update");
                        PreparedStatement update = connection.prepareStatement("update audit_entry set actor = ?, "
                                + "target = ?, details = ?, request_id = ?, source_ip = null, user_agent = null, "
                                + "salt = null, erased_at = clock_timestamp() where tenant_id = ? and seq = ?")) {
                    select.setString(1, tenant);
                    for (int i = 0; i < params.size(); i++) {
                        select.setString(i + 2, params.get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            update.setString(1, replace(rs.getString("actor"), email, subject));
                            update.setString(2, replace(rs.getString("target"), email, subject));
                            update.setString(3, replace(rs.getString("details"), email, subject));
                            // the details' copy of it: a link from another module may hold anything
                            update.setString(4, replace(rs.getString("request_id"), email, subject));
                            update.setString(5, tenant);
                            update.setLong(6, rs.getLong("seq"));
                            update.addBatch();
                            erased++;
                        }
                    }
                    if (erased > 0) {
                        update.executeBatch();
                    }
                }
                long kept;
                try (PreparedStatement old = connection.prepareStatement("select count(*) from audit_entry "
                        + "where tenant_id = ? and personal_digest is null and (" + mentions + ")")) {
                    old.setString(1, tenant);
                    for (int i = 0; i < params.size(); i++) {
                        old.setString(i + 2, params.get(i));
                    }
                    try (ResultSet rs = old.executeQuery()) {
                        rs.next();
                        kept = rs.getLong(1);
                    }
                }
                connection.commit();
                List<ErasedStore> done = new ArrayList<>();
                done.add(new ErasedStore("audit", "audit_entry", "pseudonymised", erased,
                        "personal fields replaced by " + subject.pseudonym() + " and their digest key shredded; "
                                + "the chain still verifies"));
                if (kept > 0) {
                    done.add(new ErasedStore("audit", "audit_entry", "kept", kept, "recorded before personal "
                            + "fields had digests: changing them would break the chain (legal obligation, GDPR 17(3)(b))"));
                }
                return done;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Could not erase a person from the audit trail of " + tenant, e);
        }
    }

    private static String replace(String text, Pattern email, ErasureSubject subject) {
        if (text == null) {
            return null;
        }
        String out = email.matcher(text).replaceAll(Matcher.quoteReplacement(subject.pseudonymousEmail()));
        for (String name : subject.names()) {
            if (out.equals(name)) {
                return subject.pseudonym();
            }
            out = out.replace(quoted(name), quoted(subject.pseudonym()));
        }
        return out;
    }

    /** A name as a JSON string value in canonical details. */
    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
