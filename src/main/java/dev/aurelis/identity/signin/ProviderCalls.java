package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.net.URI;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Every HTTP call Aurelis makes to an identity provider (OIDC discovery, token, user info and keys; SAML metadata)
 * connects within {@code integrations.sso.connect_timeout} and waits for each read at most
 * {@code integrations.sso.read_timeout}, with blocking I/O on the request's own (virtual) thread, so a sign-in never
 * hangs (ADR 0011). The timeouts are read at each call, so a changed configuration applies at once.
 */
@Component
public class ProviderCalls {

    private final SignIn signIn;

    ProviderCalls(SignIn signIn) {
        this.signIn = signIn;
    }

    /** A request factory bounded by the configured timeouts, for clients that other code builds. */
    public ClientHttpRequestFactory requests() {
        return (uri, method) -> {
            SignInSettings settings = signIn.settings();
            SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
            requests.setConnectTimeout(settings.connectTimeout());
            requests.setReadTimeout(settings.readTimeout());
            return requests.createRequest(uri, method);
        };
    }

    /** The body of a GET of {@code uri}; {@link ProviderUnavailable} naming {@code what} when it does not come. */
    public String get(URI uri, String what) {
        try {
            String body = RestClient.builder().requestFactory(requests()).build().get().uri(uri).retrieve().body(String.class);
            if (body == null || body.isBlank()) {
                throw new ProviderUnavailable(what + " at " + uri + " answered with nothing.");
            }
            return body;
        } catch (RestClientResponseException e) {
            throw new ProviderUnavailable(what + " at " + uri + " answered " + e.getStatusCode().value() + ".");
        } catch (RestClientException e) {
            SignInSettings settings = signIn.settings();
            throw ProviderUnavailable.of(what + " at " + uri, e, settings.connectTimeout(), settings.readTimeout());
        }
    }

    /** Describes a failure of another client's call, bounded by the same timeouts. */
    ProviderUnavailable unavailable(String what, Throwable failure) {
        SignInSettings settings = signIn.settings();
        return ProviderUnavailable.of(what, failure, settings.connectTimeout(), settings.readTimeout());
    }
}
