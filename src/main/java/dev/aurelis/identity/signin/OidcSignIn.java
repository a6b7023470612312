package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
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
 * (not from application properties) and discovered from the issuer's metadata at first use.
 */
@Component
public class OidcSignIn implements ClientRegistrationRepository {

    public static final String REGISTRATION_ID = "oidc";
    /** Where Spring Security's OAuth2 login filter sends the browser to the provider: this + "/" + registration id. */
    public static final String AUTHORIZATION_BASE_PATH = "/oauth2/authorization";
    /** Where the provider sends the browser back with the code (Spring Security's default redirection endpoint). */
    public static final String CALLBACK_PATH = "/login/oauth2/code/{registrationId}";
    /** The two endpoints served by Spring Security's filters rather than by a controller, as the matrix lists them. */
    public static final java.util.List<String> FILTER_ENDPOINTS = java.util.List.of(
            "GET " + AUTHORIZATION_BASE_PATH + "/{registrationId}", "GET " + CALLBACK_PATH);

    /** How long one call to the provider (connect, then answer) may take before the sign-in fails. */
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(10);

    private final SignIn signIn;
    private volatile Discovered discovered;

    private record Discovered(SignInSettings.Oidc settings, ClientRegistration registration) {
    }

    OidcSignIn(SignIn signIn) {
        this.signIn = signIn;
    }

    public boolean configured() {
        return signIn.settings().oidc() != null;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        SignInSettings.Oidc settings = signIn.settings().oidc();
        if (settings == null || !REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        Discovered current = discovered;
        if (current != null && current.settings().equals(settings)) {
            return current.registration();
        }
        boolean publicClient = settings.clientSecret() == null || settings.clientSecret().isBlank();
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
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
        discovered = new Discovered(settings, registration);
        return registration;
    }

    /**
     * Exchanges the authorisation code at the provider's token endpoint with blocking I/O on the request's own
     * thread, within {@link #PROVIDER_TIMEOUT}. Spring's default client (the JDK HttpClient's sendAsync) hands its
     * answer over through the shared ForkJoin common pool and waits without limit, so anything else keeping that
     * pool busy held every OIDC sign-in forever.
     */
    public OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenClient() {
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(RestClient.builder().requestFactory(providerRequests())
                .configureMessageConverters(converters -> converters.addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    /** Reads the user-info endpoint (when the provider has one) within {@link #PROVIDER_TIMEOUT}. */
    public OidcUserService userService() {
        RestTemplate rest = new RestTemplate(providerRequests());
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(rest);
        OidcUserService service = new OidcUserService();
        service.setOauth2UserService(userInfo);
        return service;
    }

    private static SimpleClientHttpRequestFactory providerRequests() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(PROVIDER_TIMEOUT);
        requests.setReadTimeout(PROVIDER_TIMEOUT);
        return requests;
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
