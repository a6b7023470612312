package dev.aurelis.identity.signin;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import dev.aurelis.AurelisApplication;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import dev.aurelis.testing.FakeUpstream;
import dev.aurelis.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running server for every sign-in test, configured with all three outside providers at once: a real
 * OpenID Connect provider in-process (mock-oauth2-server), a SAML IdP whose responses the tests sign with a test
 * key, and an in-memory LDAP directory (UnboundID). Local accounts require MFA ({@code security.mfa_required}).
 * A fake provider behind the gateway lets tests use the keys people obtain by signing in.
 */
@SpringBootTest(classes = AurelisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@Import({RecordedEvents.class, SettableClock.class})
abstract class SignInTestBase {

    static final String ADMIN_KEY = "aur-test-sso-bootstrap-admin-key-0123456789";
    static final String ADMIN_EMAIL = "root@sso.example";
    static final String ADMIN_PASSWORD = "correct horse battery staple";
    static final String IDP_ENTITY_ID = "https://idp.sso.example/saml";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The organisation of the test configuration; people sign in to it. */
    static final TenantId TENANT = TenantId.of("sso-corp");

    static final FakeUpstream UPSTREAM = FakeUpstream.start();
    static final MockOAuth2Server OIDC = startOidc();
    static final InMemoryDirectoryServer LDAP = startLdap();
    static final SamlIdentityProvider SAML = new SamlIdentityProvider(IDP_ENTITY_ID);
    private static final Path CONFIG = writeConfig();

    @LocalServerPort
    int port;

    @Autowired
    RecordedEvents events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SettableClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", CONFIG::toString);
        registry.add("aurelis.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("aurelis.bootstrap-admin-email", () -> ADMIN_EMAIL);
        registry.add("aurelis.bootstrap-admin-password", () -> ADMIN_PASSWORD);
    }

    /** Runs SQL on the organisation's rows (row-level security shows a connection only its tenant's rows). */
    <T> T asTenant(java.util.function.Supplier<T> work) {
        return TenantContext.call(TENANT, work);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Browser browser() {
        return new Browser(baseUrl());
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The next token the OIDC provider issues is for this person, whose address the provider has verified. */
    static void nextOidcUser(String subject, String email, List<String> groups) {
        nextOidcUser(subject, email, groups, Map.of("email_verified", true));
    }

    /** The next token the OIDC provider issues is for this person, with these claims besides. */
    static void nextOidcUser(String subject, String email, List<String> groups, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("email", email);
        all.put("name", "Test " + subject);
        all.put("groups", groups);
        NEXT_OIDC_USER.set(new DefaultOAuth2TokenCallback("default", subject, "JWT", null, all, 3600));
    }

    @Autowired
    dev.aurelis.identity.SignIn signIn;

    /** Runs {@code work} with the sign-in settings changed as {@code change} says, then puts them back. */
    void withSettings(java.util.function.UnaryOperator<dev.aurelis.identity.SignInSettings> change, Runnable work) {
        dev.aurelis.identity.SignInSettings original = signIn.settings();
        signIn.configure(change.apply(original));
        try {
            work.run();
        } finally {
            signIn.configure(original);
        }
    }

    private static final NextOidcUser NEXT_OIDC_USER = new NextOidcUser();

    /**
     * The person the OIDC provider issues its next token for. The provider queues callbacks and takes one per token
     * request; a test whose sign-in is refused before the token request would leave its person queued for the next
     * test. Here the latest {@link #nextOidcUser} wins and at most one callback waits in the provider's queue.
     */
    private static final class NextOidcUser implements OAuth2TokenCallback {

        private volatile OAuth2TokenCallback person;
        private boolean queued;

        synchronized void set(OAuth2TokenCallback next) {
            person = next;
            if (!queued) {
                queued = true;
                OIDC.enqueueCallback(this);
            }
        }

        /** The provider took this callback from its queue and is now issuing the token. */
        private synchronized OAuth2TokenCallback taken() {
            queued = false;
            return person;
        }

        @Override
        public String issuerId() {
            return person.issuerId();
        }

        @Override
        public String subject(TokenRequest request) {
            return taken().subject(request);
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return taken().typeHeader(request);
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return taken().audience(request);
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return taken().addClaims(request);
        }

        @Override
        public long tokenExpiry() {
            return taken().tokenExpiry();
        }
    }

    /** Signs in through the OIDC provider and returns the browser, now carrying a session. */
    Browser signInWithOidc(String subject, String email, List<String> groups) {
        nextOidcUser(subject, email, groups);
        Browser browser = browser();
        var last = browser.follow("/auth/oidc/login?next=/auth/session");
        if (last.statusCode() != 200) {
            throw new AssertionError("OIDC sign-in ended at " + last.uri() + " with " + last.statusCode() + ": " + last.body());
        }
        return browser;
    }

    /** The assertion answering a SAML sign-in this browser started at Aurelis (SP-initiated, as the sign-in page does). */
    SamlIdentityProvider.Assertion solicited(Browser browser, SamlIdentityProvider.Assertion a) {
        HttpResponse<String> login = browser.get("/auth/saml/login?next=/auth/session");
        String location = login.headers().firstValue("location").orElseThrow(() -> new AssertionError(
                "The SAML sign-in did not start: " + login.statusCode() + " " + login.body()));
        return a.inResponseTo(authnRequestId(location));
    }

    /** The ID of the AuthnRequest in an HTTP-Redirect binding URL. */
    static String authnRequestId(String location) {
        Matcher m = Pattern.compile("SAMLRequest=([^&]+)").matcher(URI.create(location).getRawQuery());
        if (!m.find()) {
            throw new AssertionError("No SAMLRequest in " + location);
        }
        byte[] deflated = Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(out.toString(StandardCharsets.UTF_8));
        if (!id.find()) {
            throw new AssertionError("No ID in the AuthnRequest " + out);
        }
        return id.group(1);
    }

    private static MockOAuth2Server startOidc() {
        MockOAuth2Server server = new MockOAuth2Server();
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start the OIDC provider", e);
        }
        return server;
    }

    private static InMemoryDirectoryServer startLdap() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=sso,dc=example");
            config.setSchema(null); // holds OpenLDAP- and Active Directory-style entries side by side
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add("dn: dc=sso,dc=example", "objectClass: domain", "dc: sso");
            server.add("dn: ou=people,dc=sso,dc=example", "objectClass: organizationalUnit", "ou: people");
            server.add("dn: ou=groups,dc=sso,dc=example", "objectClass: organizationalUnit", "ou: groups");
            server.add("dn: uid=carol,ou=people,dc=sso,dc=example", "objectClass: inetOrgPerson", "uid: carol",
                    "cn: Carol Directory", "sn: Directory", "mail: carol@sso.example", "userPassword: carol-ldap-password");
            server.add("dn: uid=erin,ou=people,dc=sso,dc=example", "objectClass: inetOrgPerson", "uid: erin",
                    "cn: Erin NoMail", "sn: NoMail", "userPassword: erin-ldap-password");
            // a directory person who set their own mail attribute to the bootstrap administrator's address
            server.add("dn: uid=mallory,ou=people,dc=sso,dc=example", "objectClass: inetOrgPerson", "uid: mallory",
                    "cn: Mallory Directory", "sn: Directory", "mail: " + ADMIN_EMAIL, "userPassword: mallory-ldap-password");
            server.add("dn: cn=aurelis-reviewers,ou=groups,dc=sso,dc=example", "objectClass: groupOfNames",
                    "cn: aurelis-reviewers", "member: uid=carol,ou=people,dc=sso,dc=example");
            // Active Directory shape: sAMAccountName, userPrincipalName and memberOf on the person
            server.add("dn: CN=Dave Windows,ou=people,dc=sso,dc=example", "objectClass: user", "cn: Dave Windows",
                    "sAMAccountName: dave", "userPrincipalName: dave@sso.example", "userPassword: dave-ad-password",
                    "memberOf: CN=aurelis-platform,OU=Groups,DC=sso,DC=example",
                    "memberOf: CN=Domain Users,CN=Users,DC=sso,DC=example");
            server.startListening();
            return server;
        } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException("Could not start the in-memory directory", e);
        }
    }

    private static Path writeConfig() {
        String certificate = SAML.certificatePem().strip().replace("\n", "\n        ");
        String yaml = """
                organization:
                  name: "SSO Corp"
                  id: "sso-corp"
                security:
                  mfa_required: true
                  session_timeout: 900
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%5$s/v1"
                    api_key: "sk-upstream-openai"
                    models: ["gpt-4o-mini"]
                departments:
                  engineering: { display_name: "Engineering" }
                  research: { display_name: "Research" }
                rbac:
                  roles:
                    security_officer:
                      permissions: ["security:manage", "chat:create"]
                  user_groups:
                    platform: { department: "engineering", roles: ["developer"] }
                    reviewers: { department: "engineering", roles: ["reviewer"] }
                    lab: { department: "research", roles: ["developer"] }
                integrations:
                  sso:
                    enabled: true
                    provider: okta
                    auto_provisioning: true
                    group_sync: true
                    oidc:
                      issuer_uri: "%1$s"
                      client_id: "aurelis-console"
                      client_secret: "oidc-client-secret"
                    saml:
                      idp_entity_id: "%2$s"
                      idp_sso_url: "https://idp.sso.example/sso"
                      email_attribute: "email"
                      email_authoritative: true
                      clock_skew: 60s
                      idp_certificate: |
                        %3$s
                    ldap:
                      url: "ldap://127.0.0.1:%4$d"
                      base_dn: "dc=sso,dc=example"
                      user_search_base: "ou=people"
                      group_search_base: "ou=groups"
                      email_authoritative: true
                    group_mappings:
                      aurelis-platform: { team: "platform" }
                      aurelis-reviewers: { team: "reviewers" }
                      aurelis-admins: { team: "platform", roles: ["enterprise_admin"] }
                      aurelis-research-managers: { team: "lab", roles: ["department_manager"] }
                      # Microsoft Entra ID sends groups as object ids
                      "5e0f4f3c-2c1d-4b0e-9a7e-4c1c7a0e6d21": { team: "lab" }
                    device_login:
                      poll_interval: 0s
                      key_lifetime: 2h
                """.formatted(OIDC.issuerUrl("default"), IDP_ENTITY_ID, certificate, LDAP.getListenPort(),
                UPSTREAM.baseUrl());
        try {
            Path file = Files.createTempFile("aurelis-sso-test", ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
