package dev.aurelis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code aurelis login}: signs the developer in through the organisation's identity provider with the OAuth 2.0
 * device authorisation grant (RFC 8628) and stores the short-lived personal key it receives, so coding tools run
 * under the developer's own identity instead of a shared key.
 */
@Command(name = "login",
        description = {"Sign in through your organisation's identity provider and store a personal API key",
                "for Claude Code, Codex and other tools (RFC 8628 device login)."})
final class LoginCommand extends ClientCommand {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "aurelis-cli",
            description = "Client id to announce (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Where to store the key (default: $AURELIS_CREDENTIALS, else ~/.config/aurelis/credentials).")
    Path credentials;

    @Override
    public Integer call() throws InterruptedException {
        AdminClient client = client();
        AdminClient.Response started = client.postForm("/api/v1/device/authorize", Map.of("client_id", clientId));
        JsonNode authorization = client.parseOrMissing(started.body());
        if (!started.ok() || !authorization.path("device_code").isString()) {
            throw new CliException("the server did not start a device login: " + describe(started, authorization),
                    "Is integrations.sso configured on the server?", 1);
        }
        String deviceCode = authorization.path("device_code").asString();
        String userCode = authorization.path("user_code").asString();
        long interval = Math.max(1, authorization.path("interval").asLong(5));
        out().println("To sign in, open this page in a browser and confirm the code:");
        out().println();
        out().println("  " + authorization.path("verification_uri_complete").asString(authorization.path("verification_uri").asString()));
        out().println();
        out().println("  code: " + userCode);
        out().println();
        out().println("Waiting for approval...");
        out().flush();
        while (true) {
            Thread.sleep(interval * 1000);
            AdminClient.Response polled = client.postForm("/api/v1/device/token", Map.of("grant_type", GRANT_TYPE,
                    "device_code", deviceCode, "client_id", clientId));
            JsonNode answer = client.parseOrMissing(polled.body());
            if (polled.ok() && answer.path("access_token").isString()) {
                return store(client.baseUrl(), answer.path("access_token").asString(), answer.path("expires_in").asLong(0));
            }
            String error = answer.path("error").asString("");
            switch (error) {
                case "authorization_pending" -> {
                }
                case "slow_down" -> interval += 5;
                case "access_denied" -> throw new CliException("the sign-in was denied in the browser", null, 1);
                case "expired_token" -> throw new CliException("the code expired before it was approved",
                        "Run ./aurelis login again.", 1);
                default -> throw new CliException("the server refused the device login: " + describe(polled, answer));
            }
        }
    }

    private int store(String baseUrl, String key, long expiresIn) {
        Path file = credentialsFile();
        Instant expiresAt = root().clock().instant().plusSeconds(expiresIn);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("url", baseUrl);
        values.put("api_key", key);
        values.put("expires_at", expiresAt.toString());
        StringBuilder text = new StringBuilder("# Written by aurelis login; a personal key, keep it private.\n");
        values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on the user profile's own protection
                Files.deleteIfExists(file);
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CliException("could not store the key in " + file + ": " + e.getMessage());
        }
        out().println("Signed in. Your personal key is stored in " + file + " and works until " + expiresAt + ".");
        out().println();
        out().println("Use it with your coding tools, for example:");
        out().println("  export ANTHROPIC_BASE_URL=" + baseUrl);
        out().println("  export ANTHROPIC_AUTH_TOKEN=$(sed -n 's/^api_key=//p' " + file + ")   # Claude Code");
        out().println("  export OPENAI_BASE_URL=" + baseUrl + "/v1");
        out().println("  export OPENAI_API_KEY=$(sed -n 's/^api_key=//p' " + file + ")        # Codex, Qwen Code, opencode");
        out().flush();
        return 0;
    }

    private Path credentialsFile() {
        if (credentials != null) {
            return credentials;
        }
        String configured = root().environment("AURELIS_CREDENTIALS");
        if (configured != null) {
            return Path.of(configured);
        }
        String configHome = root().environment("XDG_CONFIG_HOME");
        Path base = configHome != null ? Path.of(configHome) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("aurelis").resolve("credentials");
    }

    private static String describe(AdminClient.Response response, JsonNode body) {
        String description = body.path("error_description").asString(body.path("error").path("message").asString(""));
        return "HTTP " + response.status() + (description.isBlank() ? "" : " (" + description + ")");
    }
}
