package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The OpenID Connect provider as a Spring Security client registration, built from the configuration file
 * (not from application properties) and discovered from the issuer's metadata at first use. Every call to the
 * provider (discovery, token exchange, user info, signing keys) is bounded by the configured timeouts
 * ({@link ProviderCalls}), so a provider that does not answer fails the sign-in with a clear message instead of
 * holding it.
 */
@Component
public class OidcSignIn implements ClientRegistrationRepository, JwtDecoderFactory<ClientRegistration> {

    public static final String REGISTRATION_ID = "oidc";
    /** Where Spring Security's OAuth2 login filter sends the browser to the provider: this + "/" + registration id. */
    public static final String AUTHORIZATION_BASE_PATH = "/oauth2/authorization";
    /** Where the provider sends the browser back with the code (Spring Security's default redirection endpoint). */
    public static final String CALLBACK_PATH = "/login/oauth2/code/{registrationId}";
    /** The two endpoints served by Spring Security's filters rather than by a controller, as the matrix lists them. */
    public static final java.util.List<String> FILTER_ENDPOINTS = java.util.List.of(
            "GET " + AUTHORIZATION_BASE_PATH + "/{registrationId}", "GET " + CALLBACK_PATH);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SignIn signIn;
    private final ProviderCalls calls;
    private volatile Discovered discovered;

    private record Discovered(SignInSettings.Oidc settings, ClientRegistration registration, JwtDecoder decoder) {
    }

    OidcSignIn(SignIn signIn, ProviderCalls calls) {
        this.signIn = signIn;
        this.calls = calls;
    }

    public boolean configured() {
        return signIn.settings().oidc() != null;
    }

    /**
     * The registration, discovered from the issuer's metadata at first use (and again when the configuration
     * changed); {@link ProviderUnavailable} when the provider does not answer in time.
     */
    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        SignInSettings.Oidc settings = signIn.settings().oidc();
        if (settings == null || !REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        return discovered(settings).registration();
    }

    private Discovered discovered(SignInSettings.Oidc settings) {
        Discovered current = discovered;
        if (current != null && current.settings().equals(settings)) {
            return current;
        }
        String issuer = settings.issuerUri().replaceAll("/+$", "");
        URI location = URI.create(issuer + "/.well-known/openid-configuration");
        Map<String, Object> metadata;
        try {
            metadata = JSON.readValue(calls.get(location, "The identity provider's discovery document"),
                    new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            throw new ProviderUnavailable("The identity provider's discovery document at " + location + " is not JSON.");
        }
        // as OpenID Connect Discovery 1.0 section 4.3 requires: the document must name the issuer it was read from
        Object named = metadata.get("issuer");
        if (named == null || !named.toString().replaceAll("/+$", "").equals(issuer)) {
            throw new ProviderUnavailable("The identity provider's discovery document names the issuer " + named
                    + ", not the configured " + settings.issuerUri() + "; correct integrations.sso.oidc.issuer_uri.");
        }
        boolean publicClient = settings.clientSecret() == null || settings.clientSecret().isBlank();
        ClientRegistration registration = ClientRegistrations.fromOidcConfiguration(metadata)
                .registrationId(REGISTRATION_ID)
                .clientId(settings.clientId())
                .clientSecret(publicClient ? null : settings.clientSecret())
                .clientAuthenticationMethod(publicClient ? ClientAuthenticationMethod.NONE
                        : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + CALLBACK_PATH)
                .scope(settings.scopes())
                .userNameAttributeName("sub")
                .clientName(settings.displayName())
                .build();
        Discovered fresh = new Discovered(settings, registration, decoderOf(registration, metadata));
        discovered = fresh;
        return fresh;
    }

    /**
     * Verifies ID tokens with the provider's published keys (fetched within the timeouts), the algorithms it
     * announces for ID tokens (RS256 when it announces none), and the checks of OpenID Connect Core 3.1.3.7
     * (issuer, audience, expiry, issued-at; the nonce is checked by Spring Security).
     */
    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        SignInSettings.Oidc settings = signIn.settings().oidc();
        if (settings == null) {
            throw new ProviderUnavailable("OpenID Connect sign-in is not configured.");
        }
        return discovered(settings).decoder();
    }

    private JwtDecoder decoderOf(ClientRegistration registration, Map<String, Object> metadata) {
        List<SignatureAlgorithm> algorithms = new ArrayList<>();
        if (metadata.get("id_token_signing_alg_values_supported") instanceof Collection<?> announced) {
            for (Object name : announced) {
                SignatureAlgorithm algorithm = SignatureAlgorithm.from(String.valueOf(name));
                if (algorithm != null) {
                    algorithms.add(algorithm);
                }
            }
        }
        if (algorithms.isEmpty()) {
            algorithms.add(SignatureAlgorithm.RS256);
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                .jwsAlgorithms(set -> set.addAll(algorithms))
                .restOperations(new RestTemplate(calls.requests()))
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new OidcIdTokenValidator(registration)));
        decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
        return decoder;
    }

    /**
     * Exchanges the authorisation code at the provider's token endpoint with blocking I/O on the request's own
     * thread, within the configured timeouts. Spring's default client (the JDK HttpClient's sendAsync) hands its
     * answer over through the shared ForkJoin common pool and waits without limit, so anything else keeping that
     * pool busy held every OIDC sign-in forever.
     */
    public OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenClient() {
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(RestClient.builder().requestFactory(calls.requests())
                .configureMessageConverters(converters -> converters.addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    /** Reads the user-info endpoint (when the provider has one) within the configured timeouts. */
    public OidcUserService userService() {
        RestTemplate rest = new RestTemplate(calls.requests());
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(rest);
        OidcUserService service = new OidcUserService();
        service.setOauth2UserService(userInfo);
        return service;
    }

    /** The provider's end-session endpoint (RP-initiated logout), when its metadata names one. */
    public Optional<String> endSessionEndpoint() {
        ClientRegistration registration = findByRegistrationId(REGISTRATION_ID);
        if (registration == null) {
            return Optional.empty();
        }
        Object endpoint = registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
        return Optional.ofNullable(endpoint).map(Object::toString);
    }

    /**
     * What the ID token and user-info say about the person. The address counts as verified when the provider says
     * so ({@code email_verified: true}) or is configured as authoritative for e-mail; the provider's MFA counts when
     * its {@code amr} or {@code acr} is one the configuration accepts.
     */
    ExternalIdentity identityOf(OidcUser user) {
        SignInSettings.Oidc settings = signIn.settings().oidc();
        java.util.Map<String, Object> claims = user.getClaims();
        Object email = claims.get(settings.emailClaim());
        List<String> groups = new ArrayList<>();
        Object claim = claims.get(settings.groupsClaim());
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> groups.add(String.valueOf(v)));
        } else if (claim instanceof String value) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    groups.add(part.strip());
                }
            }
        }
        boolean verified = settings.linking().emailAuthoritative() || isTrue(claims.get("email_verified"));
        boolean mfa = strings(claims.get("amr")).stream().anyMatch(settings.mfaAmrValues()::contains)
                || strings(claims.get("acr")).stream().anyMatch(settings.mfaAcrValues()::contains);
        String issuer = user.getIssuer() == null ? settings.issuerUri() : user.getIssuer().toString();
        return new ExternalIdentity("oidc", issuer, user.getSubject(), email == null ? null : email.toString(),
                user.getFullName(), groups, verified, mfa);
    }

    /** {@code true}, or the string "true" that some providers send instead. */
    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || (value instanceof String text && text.equalsIgnoreCase("true"));
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }
}
