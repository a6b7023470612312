package dev.aurelis.identity.signin;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

/**
 * SAML 2.0 service provider on the SAML Java Toolkit (see ADR 0011): publishes SP metadata, sends
 * AuthnRequests (SP-initiated) and accepts responses at the assertion consumer service, solicited or
 * IdP-initiated. The toolkit checks the XML signature (a signed response or assertion is required), schema,
 * destination, audience, recipient, time window and the shape of the signed elements (one assertion, signed
 * elements referenced by ID), which defeats signature wrapping; this class adds InResponseTo against requests it
 * really sent and refuses an assertion it already accepted (replay).
 */
@RestController
class SamlSignIn {

    static final String ACS_PATH = "/auth/saml/acs";
    static final String METADATA_PATH = "/auth/saml/metadata";
    private static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);
    /** Where Microsoft Entra ID lists how the person authenticated (multipleauthn after MFA). */
    static final String ENTRA_AUTHN_METHODS = "http://schemas.microsoft.com/claims/authnmethodsreferences";

    private final SignIn signIn;
    private final JdbcClient jdbc;
    private final Provisioning provisioning;
    private final Sessions sessions;
    private final ApplicationEventPublisher events;
    private volatile IdpMetadata idpMetadata;

    private record IdpMetadata(SignInSettings.Saml settings, Map<String, Object> values) {
    }

    SamlSignIn(SignIn signIn, JdbcClient jdbc, Provisioning provisioning, Sessions sessions,
            ApplicationEventPublisher events) {
        this.signIn = signIn;
        this.jdbc = jdbc;
        this.provisioning = provisioning;
        this.sessions = sessions;
        this.events = events;
    }

    @GetMapping(METADATA_PATH)
    ResponseEntity<String> metadata(HttpServletRequest request) throws Exception {
        if (signIn.settings().saml() == null) {
            return ResponseEntity.notFound().build();
        }
        Saml2Settings settings = settings(request);
        return ResponseEntity.ok().contentType(MediaType.valueOf("application/samlmetadata+xml")).body(settings.getSPMetadata());
    }

    /** SP-initiated sign-in: an AuthnRequest over the HTTP-Redirect binding, remembered for its response. */
    @GetMapping("/auth/saml/login")
    ResponseEntity<Void> login(@RequestParam(required = false) String next, HttpServletRequest request) throws Exception {
        if (signIn.settings().saml() == null) {
            return ResponseEntity.notFound().build();
        }
        Saml2Settings settings = settings(request);
        AuthnRequest authnRequest = new AuthnRequest(settings);
        jdbc.sql("insert into identity_saml_request (tenant_id, request_id, expires_at) values (?, ?, ?)")
                .params(tenant().value(), authnRequest.getId(), Timestamp.from(Instant.now().plus(REQUEST_LIFETIME)))
                .update();
        String sso = settings.getIdpSingleSignOnServiceUrl().toString();
        String location = sso + (sso.contains("?") ? "&" : "?") + "SAMLRequest="
                + URLEncoder.encode(authnRequest.getEncodedAuthnRequest(), StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(PublicUrl.localPath(next, SignInController.HOME), StandardCharsets.UTF_8);
        return ResponseEntity.status(HttpStatus.FOUND).header("Location", location).build();
    }

    /** The assertion consumer service (HTTP-POST binding). */
    @PostMapping(ACS_PATH)
    ResponseEntity<?> acs(@RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState, HttpServletRequest request,
            HttpServletResponse response) {
        if (signIn.settings().saml() == null) {
            return ResponseEntity.notFound().build();
        }
        if (samlResponse == null || samlResponse.isBlank()) {
            return refuse(null, "The request carries no SAMLResponse.");
        }
        ExternalIdentity identity;
        try {
            identity = validate(request, samlResponse);
        } catch (SignInRefused e) {
            return refuse(e.principal(), e.getMessage());
        } catch (Exception e) {
            return refuse(null, "The SAML response could not be read: " + e.getMessage());
        }
        Provisioning.Account account;
        try {
            account = provisioning.signIn(identity);
        } catch (SignInRefused e) {
            return refuse(e.principal(), e.getMessage());
        }
        sessions.start(request, response, account.userId(), "saml", account.mfa(), null);
        String next = account.mfa().complete() ? PublicUrl.localPath(relayState, SignInController.HOME)
                : SignInController.MFA_PAGE;
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", next).build();
    }

    private ExternalIdentity validate(HttpServletRequest request, String encoded) throws Exception {
        Saml2Settings settings = settings(request);
        String acsUrl = settings.getSpAssertionConsumerServiceUrl().toString();
        SamlAssertion saml = new SamlAssertion(settings, new HttpRequest(acsUrl, Map.of("SAMLResponse", List.of(encoded)), ""));
        Document document = Util.loadXML(saml.getSAMLResponseXml());
        if (document == null) {
            throw new SignInRefused("The SAML response is not well-formed XML.", null);
        }
        String inResponseTo = document.getDocumentElement().getAttribute("InResponseTo");
        String expected = null;
        if (inResponseTo != null && !inResponseTo.isBlank()) {
            int matched = jdbc.sql("delete from identity_saml_request where tenant_id = ? and request_id = ? and expires_at > now()")
                    .params(tenant().value(), inResponseTo).update();
            if (matched == 0) {
                throw new SignInRefused("The SAML response answers a request Aurelis did not send, or one already "
                        + "answered or expired.", null);
            }
            expected = inResponseTo;
        }
        if (!saml.isValid(expected)) {
            throw new SignInRefused("The SAML response was rejected: " + saml.getError(), null);
        }
        String nameId = saml.getNameId();
        String assertionId = saml.getAssertionId();
        Instant keepUntil = saml.getAssertionNotOnOrAfter().stream().map(i -> Instant.ofEpochMilli(i.getMillis()))
                .max(Instant::compareTo).orElse(Instant.now()).plus(Duration.ofMinutes(5));
        try {
            jdbc.sql("insert into identity_saml_assertion (tenant_id, assertion_id, expires_at) values (?, ?, ?)")
                    .params(tenant().value(), assertionId, Timestamp.from(keepUntil)).update();
        } catch (DuplicateKeyException e) {
            throw new SignInRefused("This SAML assertion was already used to sign in (replay).", nameId);
        }
        SignInSettings.Saml config = signIn.settings().saml();
        Map<String, List<String>> attributes = saml.getAttributes();
        String email = Optional.ofNullable(config.emailAttribute()).map(attributes::get).filter(v -> !v.isEmpty())
                .map(List::getFirst).orElse(nameId);
        List<String> groups = attributes.getOrDefault(config.groupsAttribute(), List.of());
        String displayName = Optional.ofNullable(attributes.get("displayName")).filter(v -> !v.isEmpty())
                .map(List::getFirst).orElse(null);
        List<String> contexts = new java.util.ArrayList<>(saml.authnContexts());
        contexts.addAll(attributes.getOrDefault(ENTRA_AUTHN_METHODS, List.of()));
        boolean mfa = contexts.stream().anyMatch(config.mfaAuthnContexts()::contains);
        return new ExternalIdentity("saml", settings.getIdpEntityId(), nameId, email, displayName, groups,
                config.linking().emailAuthoritative(), mfa);
    }

    private ResponseEntity<?> refuse(String principal, String reason) {
        events.publishEvent(new SignInFailed(tenant().value(), "saml", principal, reason));
        return SignInController.error(HttpStatus.UNAUTHORIZED, "authentication_error", reason);
    }

    private Saml2Settings settings(HttpServletRequest request) throws Exception {
        SignInSettings.Saml config = signIn.settings().saml();
        String base = PublicUrl.of(signIn.settings().publicUrl(), request);
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY,
                config.entityId() != null ? config.entityId() : base + METADATA_PATH);
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, base + ACS_PATH);
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_UNSPECIFIED);
        values.putAll(idp(config));
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        values.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, false);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        Saml2Settings settings = new SettingsBuilder().fromValues(values).build();
        List<String> errors = settings.checkSettings();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("SAML settings are incomplete: " + errors);
        }
        return settings;
    }

    private Map<String, Object> idp(SignInSettings.Saml config) throws Exception {
        if (config.idpMetadataUrl() == null && config.idpMetadataFile() == null) {
            return Map.of(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, config.idpEntityId(),
                    SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, config.idpSsoUrl().toString(),
                    SettingsBuilder.IDP_X509CERT_PROPERTY_KEY, config.idpCertificate());
        }
        IdpMetadata cached = idpMetadata;
        if (cached != null && cached.settings().equals(config)) {
            return cached.values();
        }
        Map<String, Object> values = config.idpMetadataUrl() != null
                ? IdPMetadataParser.parseRemoteXML(config.idpMetadataUrl().toURL())
                : IdPMetadataParser.parseXML(Util.loadXML(java.nio.file.Files.readString(config.idpMetadataFile())));
        idpMetadata = new IdpMetadata(config, new HashMap<>(values));
        return values;
    }

    /** Forgets requests and assertions whose time has passed. */
    @Scheduled(fixedDelay = 600_000, initialDelay = 600_000)
    void forgetExpired() {
        TenantContext.run(tenant(), () -> {
            jdbc.sql("delete from identity_saml_request where tenant_id = ? and expires_at < now()")
                    .param(tenant().value()).update();
            jdbc.sql("delete from identity_saml_assertion where tenant_id = ? and expires_at < now()")
                    .param(tenant().value()).update();
        });
    }

    private TenantId tenant() {
        return signIn.settings().tenantId();
    }
}
