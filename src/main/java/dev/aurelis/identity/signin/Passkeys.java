package dev.aurelis.identity.signin;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.aurelis.identity.MfaEnrolled;
import dev.aurelis.tenancy.TenantId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.aurelis.storage.DurableEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * WebAuthn security keys and passkeys as a second factor, verified by WebAuthn4J: the registration and
 * authentication ceremonies of the W3C specification with challenges kept on the session, the origin and
 * relying-party id of this server, and the signature counter checked for cloned authenticators.
 */
@Component
public class Passkeys {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final JdbcClient jdbc;
    private final Sessions sessions;
    private final DurableEvents events;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentials = new AttestedCredentialDataConverter(new ObjectConverter());

    Passkeys(JdbcClient jdbc, Sessions sessions, DurableEvents events) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.events = events;
    }

    /** Where the ceremony runs: the page's origin and the relying-party id (its host). */
    public record RelyingParty(String origin, String id, String name) {
    }

    /** Options for {@code navigator.credentials.create()}, in the JSON form of WebAuthn Level 3. */
    public Map<String, Object> registrationOptions(Sessions.Session session, RelyingParty rp) {
        byte[] challenge = Secrets.randomBytes(32);
        sessions.rememberChallenge(session, challenge);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", B64URL.encodeToString(challenge));
        options.put("rp", Map.of("id", rp.id(), "name", rp.name()));
        options.put("user", Map.of("id", B64URL.encodeToString(userHandle(session.userId())), "name", session.email(),
                "displayName", session.email()));
        options.put("pubKeyCredParams", ALGORITHMS.stream()
                .map(p -> Map.of("type", "public-key", "alg", p.getAlg().getValue())).toList());
        options.put("timeout", 120_000);
        options.put("attestation", "none");
        options.put("authenticatorSelection", Map.of("residentKey", "preferred", "userVerification", "preferred"));
        options.put("excludeCredentials", descriptors(session.tenantId(), session.userId()));
        return options;
    }

    /** Verifies a registration response (the JSON of {@code PublicKeyCredential.toJSON()}) and stores the credential. */
    @Transactional
    public void register(Sessions.Session session, RelyingParty rp, String responseJson, String name) {
        byte[] challenge = sessions.takeChallenge(session)
                .orElseThrow(() -> new IllegalArgumentException("Ask for registration options first; each may be used once."));
        RegistrationData data;
        try {
            data = webAuthn.verifyRegistrationResponseJSON(responseJson, new RegistrationParameters(
                    new ServerProperty(new Origin(rp.origin()), rp.id(), new DefaultChallenge(challenge)),
                    ALGORITHMS, false, true));
        } catch (VerificationException | com.webauthn4j.converter.exception.DataConversionException e) {
            throw new IllegalArgumentException("The security key's registration was not accepted: " + e.getMessage());
        }
        AttestedCredentialData credential = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
        jdbc.sql("""
                insert into identity_webauthn_credential (tenant_id, credential_id, user_id, name, attested_credential,
                    attestation_format, sign_count)
                values (?, ?, ?, ?, ?, ?, ?)
                """).params(session.tenantId().value(), credential.getCredentialId(), session.userId(),
                name == null || name.isBlank() ? "security key" : name.strip(), credentials.convert(credential),
                data.getAttestationObject().getFormat(), data.getAttestationObject().getAuthenticatorData().getSignCount())
                .update();
        events.publish(new MfaEnrolled(session.tenantId().value(), session.userId(), "webauthn"));
    }

    /** Options for {@code navigator.credentials.get()} listing the user's credentials. */
    public Map<String, Object> authenticationOptions(Sessions.Session session, RelyingParty rp) {
        byte[] challenge = Secrets.randomBytes(32);
        sessions.rememberChallenge(session, challenge);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", B64URL.encodeToString(challenge));
        options.put("rpId", rp.id());
        options.put("timeout", 120_000);
        options.put("userVerification", "preferred");
        options.put("allowCredentials", descriptors(session.tenantId(), session.userId()));
        return options;
    }

    /** Verifies an assertion from one of the user's credentials; false when it does not verify. */
    @Transactional
    public boolean authenticate(Sessions.Session session, RelyingParty rp, String responseJson) {
        Optional<byte[]> challenge = sessions.takeChallenge(session);
        if (challenge.isEmpty()) {
            return false;
        }
        AuthenticationData parsed;
        try {
            parsed = webAuthn.parseAuthenticationResponseJSON(responseJson);
        } catch (RuntimeException e) {
            return false;
        }
        record Stored(byte[] attested, long signCount) {
        }
        Optional<Stored> stored = jdbc.sql("""
                select attested_credential, sign_count from identity_webauthn_credential
                where tenant_id = ? and user_id = ? and credential_id = ? for update
                """).params(session.tenantId().value(), session.userId(), parsed.getCredentialId())
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getLong(2))).optional();
        if (stored.isEmpty()) {
            return false;
        }
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null,
                stored.get().signCount(), credentials.convert(stored.get().attested()), null, null, null, null);
        try {
            webAuthn.verify(parsed, new AuthenticationParameters(
                    new ServerProperty(new Origin(rp.origin()), rp.id(), new DefaultChallenge(challenge.get())),
                    record, List.of(parsed.getCredentialId()), false, true));
        } catch (VerificationException e) {
            return false;
        }
        jdbc.sql("""
                update identity_webauthn_credential set sign_count = ?, last_used_at = now()
                where tenant_id = ? and credential_id = ?
                """).params(parsed.getAuthenticatorData().getSignCount(), session.tenantId().value(),
                parsed.getCredentialId()).update();
        return true;
    }

    public boolean hasCredential(TenantId tenant, UUID userId) {
        return jdbc.sql("select exists (select 1 from identity_webauthn_credential where tenant_id = ? and user_id = ?)")
                .params(tenant.value(), userId).query(Boolean.class).single();
    }

    private List<Map<String, Object>> descriptors(TenantId tenant, UUID userId) {
        List<Map<String, Object>> descriptors = new ArrayList<>();
        jdbc.sql("select credential_id from identity_webauthn_credential where tenant_id = ? and user_id = ? order by created_at")
                .params(tenant.value(), userId).query((rs, n) -> rs.getBytes(1)).list()
                .forEach(id -> descriptors.add(Map.of("type", "public-key", "id", B64URL.encodeToString(id))));
        return descriptors;
    }

    static byte[] userHandle(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
    }
}
