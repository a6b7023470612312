package dev.aurelis.identity.signin;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.exception.ValidationError;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.aurelis.storage.DurableEvents;
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
 * SAML 2.0 service provider on the SAML Java Toolkit (see ADR 0011): publishes SP metadata, sends AuthnRequests
 * (SP-initiated) and accepts responses at the assertion consumer service. The toolkit checks the XML signature (a
 * signed response or assertion is required), schema, destination, audience, recipient and the shape of the signed
 * elements (one assertion, signed elements referenced by ID), which defeats signature wrapping. This class adds:
 * the configured clock skew as the only tolerance of the time window ({@link SamlAssertion}); InResponseTo must
 * name a request it really sent, and that request is used up only once the response has validated, so a forged
 * response naming it cannot burn a person's sign-in; unsolicited (IdP-initiated) responses only where the
 * configuration allows them, and then never over the browser's session of someone else; an assertion is accepted
 * once (replay); the response must be addressed to the configured ACS URL ({@code integrations.sso.saml.acs_url}, by
 * default {public_url}/auth/saml/acs). Attributes the IdP repeats (Keycloak's {@code Role}, one element per role) are merged. Failures
 * send browsers back to the sign-in page with the reason.
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
    private final AccountBindings bindings;
    private final DurableEvents events;
    private final ProviderCalls calls;
    private final Clock clock;
    private volatile IdpMetadata idpMetadata;

    private record IdpMetadata(SignInSettings.Saml settings, Map<String, Object> values) {
    }

    /** An identity from a validated response, and whether the IdP sent it unasked. */
    private record Validated(ExternalIdentity identity, boolean unsolicited) {
    }

    SamlSignIn(SignIn signIn, JdbcClient jdbc, Provisioning provisioning, Sessions sessions, AccountBindings bindings,
            DurableEvents events, ProviderCalls calls, Optional<Clock> clock) {
        this.signIn = signIn;
        this.jdbc = jdbc;
        this.provisioning = provisioning;
        this.sessions = sessions;
        this.bindings = bindings;
        this.events = events;
        this.calls = calls;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping(METADATA_PATH)
    ResponseEntity<?> metadata(HttpServletRequest request) throws Exception {
        if (signIn.settings().saml() == null) {
            return ResponseEntity.notFound().build();
        }
        try {
            Saml2Settings settings = settings(request);
            return ResponseEntity.ok().contentType(MediaType.valueOf("application/samlmetadata+xml")).body(settings.getSPMetadata());
        } catch (SignInRefused e) {
            return SignInController.error(HttpStatus.SERVICE_UNAVAILABLE, "api_error", e.getMessage());
        }
    }

    /** SP-initiated sign-in: an AuthnRequest over the HTTP-Redirect binding, remembered for its response. */
    @GetMapping("/auth/saml/login")
    ResponseEntity<?> login(@RequestParam(required = false) String next, HttpServletRequest request) throws Exception {
        if (signIn.settings().saml() == null) {
            return ResponseEntity.notFound().build();
        }
        Saml2Settings settings;
        try {
            settings = settings(request);
        } catch (SignInRefused e) {
            return refuse(request, null, e);
        }
        AuthnRequest authnRequest = new AuthnRequest(settings);
        jdbc.sql("insert into identity_saml_request (tenant_id, request_id, expires_at) values (?, ?, ?)")
                .params(tenant().value(), authnRequest.getId(), Timestamp.from(clock.instant().plus(REQUEST_LIFETIME)))
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
            return refuse(request, null, new SignInRefused("The request carries no SAMLResponse.", null));
        }
        Validated validated;
        try {
            validated = validate(request, samlResponse);
        } catch (SignInRefused e) {
            return refuse(request, e.principal(), e);
        } catch (Exception e) {
            return refuse(request, null, new SignInRefused("The SAML response could not be read: " + e.getMessage(), null));
        }
        ExternalIdentity identity = validated.identity();
        if (validated.unsolicited()) {
            Optional<Sessions.Session> current = sessions.current(request);
            Optional<UUID> owner = bindings.userOf(tenant(), identity.method(), identity.issuer(), identity.subject());
            if (current.isPresent() && (owner.isEmpty() || !owner.get().equals(current.get().userId()))) {
                return refuse(request, identity.subject(), new SignInRefused("You are signed in to Aurelis as "
                        + current.get().email() + "; sign out before signing in as someone else from your identity "
                        + "provider's portal.", identity.subject()));
            }
        }
        Provisioning.Account account;
        try {
            account = provisioning.signIn(identity);
        } catch (SignInRefused e) {
            return refuse(request, e.principal(), e);
        }
        sessions.start(request, response, account.userId(), "saml", account.mfa(), null);
        String next = account.mfa().complete() ? PublicUrl.localPath(relayState, SignInController.HOME)
                : SignInController.MFA_PAGE;
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", next).build();
    }

    private Validated validate(HttpServletRequest request, String encoded) throws Exception {
        Saml2Settings settings = settings(request);
        SignInSettings.Saml config = signIn.settings().saml();
        String acsUrl = settings.getSpAssertionConsumerServiceUrl().toString();
        SamlAssertion saml = new SamlAssertion(settings, new HttpRequest(acsUrl, Map.of("SAMLResponse", List.of(encoded)), ""))
                .at(clock.instant(), config.clockSkew());
        Document document = Util.loadXML(saml.getSAMLResponseXml());
        if (document == null) {
            throw new SignInRefused("The SAML response is not well-formed XML.", null);
        }
        String inResponseTo = document.getDocumentElement().getAttribute("InResponseTo");
        inResponseTo = inResponseTo == null || inResponseTo.isBlank() ? null : inResponseTo;
        if (inResponseTo == null && !config.idpInitiated()) {
            throw new SignInRefused("The identity provider sent a sign-in Aurelis did not ask for (IdP-initiated), which "
                    + "this server does not accept; start at the Aurelis sign-in page, or ask an administrator about "
                    + "integrations.sso.saml.idp_initiated.", null);
        }
        if (inResponseTo != null && !pending(inResponseTo)) {
            throw refusedRequest();
        }
        if (!saml.isValid(inResponseTo)) {
            throw new SignInRefused("The SAML response was rejected: " + saml.getError(), null);
        }
        try {
            saml.checkTimes();
        } catch (ValidationError e) {
            throw new SignInRefused("The SAML response was rejected: " + e.getMessage(), null);
        }
        // only a response that validated uses up the request it answers
        if (inResponseTo != null && !consume(inResponseTo)) {
            throw refusedRequest();
        }
        String nameId = saml.getNameId();
        Instant keepUntil = saml.getAssertionNotOnOrAfter().stream().map(i -> Instant.ofEpochMilli(i.getMillis()))
                .max(Instant::compareTo).orElse(clock.instant()).plus(config.clockSkew()).plus(Duration.ofMinutes(5));
        try {
            jdbc.sql("insert into identity_saml_assertion (tenant_id, assertion_id, expires_at) values (?, ?, ?)")
                    .params(tenant().value(), saml.getAssertionId(), Timestamp.from(keepUntil)).update();
        } catch (DuplicateKeyException e) {
            throw new SignInRefused("This SAML assertion was already used to sign in (replay).", nameId);
        }
        Map<String, List<String>> attributes = saml.getAttributes();
        String email = Optional.ofNullable(config.emailAttribute()).map(attributes::get).filter(v -> !v.isEmpty())
                .map(List::getFirst).orElse(nameId);
        List<String> groups = attributes.getOrDefault(config.groupsAttribute(), List.of());
        String displayName = Optional.ofNullable(attributes.get("displayName")).filter(v -> !v.isEmpty())
                .map(List::getFirst).orElse(null);
        List<String> contexts = new ArrayList<>(saml.authnContexts());
        contexts.addAll(attributes.getOrDefault(ENTRA_AUTHN_METHODS, List.of()));
        boolean mfa = contexts.stream().anyMatch(config.mfaAuthnContexts()::contains);
        return new Validated(new ExternalIdentity("saml", settings.getIdpEntityId(), nameId, email, displayName, groups,
                config.linking().emailAuthoritative(), mfa), inResponseTo == null);
    }

    private boolean pending(String requestId) {
        return jdbc.sql("select exists (select 1 from identity_saml_request where tenant_id = ? and request_id = ? "
                + "and expires_at > ?)").params(tenant().value(), requestId, Timestamp.from(clock.instant()))
                .query(Boolean.class).single();
    }

    private boolean consume(String requestId) {
        return jdbc.sql("delete from identity_saml_request where tenant_id = ? and request_id = ? and expires_at > ?")
                .params(tenant().value(), requestId, Timestamp.from(clock.instant())).update() == 1;
    }

    private static SignInRefused refusedRequest() {
        return new SignInRefused("The SAML response answers a request Aurelis did not send, or one already answered "
                + "or expired; start the sign-in again.", null);
    }

    /** Back to the sign-in page with the reason for browsers; a JSON error for programs. */
    private ResponseEntity<?> refuse(HttpServletRequest request, String principal, SignInRefused refusal) {
        events.publish(new SignInFailed(tenant().value(), "saml", principal, refusal.getMessage()));
        if (SignInController.wantsHtml(request)) {
            return SignInController.redirect("/login?error=" + URLEncoder.encode(refusal.getMessage(), StandardCharsets.UTF_8));
        }
        return refusal instanceof ProviderUnavailable
                ? SignInController.error(HttpStatus.SERVICE_UNAVAILABLE, "api_error", refusal.getMessage())
                : SignInController.error(HttpStatus.UNAUTHORIZED, "authentication_error", refusal.getMessage());
    }

    private Saml2Settings settings(HttpServletRequest request) throws Exception {
        SignInSettings.Saml config = signIn.settings().saml();
        String base = PublicUrl.of(signIn.settings().publicUrl(), request);
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY,
                config.entityId() != null ? config.entityId() : base + METADATA_PATH);
        // the configured ACS URL is what the metadata and AuthnRequests advertise and what a response's Destination
        // and Recipient must name (checked by the toolkit against it); without one, where Aurelis itself listens
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY,
                config.acsUrl() != null ? config.acsUrl().toString() : base + ACS_PATH);
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_UNSPECIFIED);
        values.putAll(idp(config));
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        values.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, false);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        values.put(SettingsBuilder.SECURITY_ALLOW_REPEAT_ATTRIBUTE_NAME_PROPERTY_KEY, true);
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
        String xml = config.idpMetadataUrl() != null
                ? calls.get(config.idpMetadataUrl(), "The SAML IdP's metadata")
                : java.nio.file.Files.readString(config.idpMetadataFile());
        Document document = Util.loadXML(xml);
        if (document == null) {
            throw new ProviderUnavailable("The SAML IdP's metadata is not well-formed XML.");
        }
        Map<String, Object> values = IdPMetadataParser.parseXML(document);
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
