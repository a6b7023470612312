package dev.aurelis.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An OpenID Connect provider on loopback that serves only its discovery document, shaped like the example response
 * of OpenID Connect Discovery 1.0 (section 4.2) with this server's own issuer. It can be stopped and started again on
 * the same port, to play an identity provider that is down and then back.
 */
public final class FakeOidcProvider implements AutoCloseable {

    private final int port;
    private HttpServer server;

    private FakeOidcProvider() {
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    public static FakeOidcProvider start() {
        return new FakeOidcProvider();
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/acme";
    }

    /** Stops answering: connections to the port are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Answers again, on the same port. */
    public synchronized void restart() {
        if (server == null) {
            server = bind(port);
        }
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            created.createContext("/realms/acme/.well-known/openid-configuration", exchange -> {
                String issuer = "http://127.0.0.1:" + created.getAddress().getPort() + "/realms/acme";
                byte[] body = ("""
                        {
                         "issuer": "%1$s",
                         "authorization_endpoint": "%1$s/connect/authorize",
                         "token_endpoint": "%1$s/connect/token",
                         "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
                         "userinfo_endpoint": "%1$s/connect/userinfo",
                         "jwks_uri": "%1$s/jwks.json",
                         "scopes_supported": ["openid", "profile", "email", "address", "phone", "offline_access"],
                         "response_types_supported": ["code", "code id_token", "id_token", "token id_token"],
                         "subject_types_supported": ["public", "pairwise"],
                         "id_token_signing_alg_values_supported": ["RS256", "ES256", "HS256"],
                         "claims_supported": ["sub", "iss", "auth_time", "acr", "name", "given_name", "family_name",
                           "email", "email_verified"]
                        }""").formatted(issuer).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
