package dev.aurelis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
    /** When the server sets no pace (interval 0), still wait this long between polls unless told otherwise. */
    private static final Duration MIN_DEFAULT_INTERVAL = Duration.ofSeconds(1);

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "aurelis-cli",
            description = "Client id to announce (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Where to store the key (default: $AURELIS_CREDENTIALS, else $XDG_CONFIG_HOME/aurelis/credentials, else $HOME/.config/aurelis/credentials).")
    Path credentials;

    @Option(names = "--poll-interval", paramLabel = "WAIT", converter = Durations.WaitConverter.class,
            description = {"Time between checks for the approval, such as 2s or 500ms (default: what the server asks",
                    "for, at least 1s). Never shorter than the server's interval."})
    Duration pollInterval;

    @Option(names = "--timeout", paramLabel = "WAIT", converter = Durations.WaitConverter.class,
            description = "Stop waiting for the approval after this long, such as 2m (default: until the code expires).")
    Duration timeout;

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
        // RFC 8628 section 3.2: no interval means 5 seconds; never poll faster than the server asks
        Duration serverInterval = Duration.ofSeconds(Math.max(0, authorization.path("interval").asLong(5)));
        Duration interval = longer(serverInterval, pollInterval != null ? pollInterval : MIN_DEFAULT_INTERVAL);
        Duration codeLifetime = Duration.ofSeconds(Math.max(1, authorization.path("expires_in").asLong(600)));
        boolean timeoutFirst = timeout != null && timeout.compareTo(codeLifetime) < 0;
        long deadline = System.nanoTime() + (timeoutFirst ? timeout : codeLifetime).toNanos();
        out().println("To sign in, open this page in a browser and confirm the code:");
        out().println();
        out().println("  " + authorization.path("verification_uri_complete").asString(authorization.path("verification_uri").asString()));
        out().println();
        out().println("  code: " + userCode);
        out().println();
        out().println("Waiting for approval...");
        out().flush();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timeoutFirst
                        ? new CliException("no approval within " + describe(timeout), "Run ./aurelis login again.", 1)
                        : new CliException("the code expired before it was approved", "Run ./aurelis login again.", 1);
            }
            Thread.sleep(Duration.ofNanos(Math.min(remaining, interval.toNanos())));
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
                // RFC 8628 section 3.5: 5 seconds more for this and every later poll
                case "slow_down" -> interval = interval.plusSeconds(5);
                case "access_denied" -> throw new CliException("the sign-in was denied in the browser", null, 1);
                case "expired_token" -> throw new CliException("the code expired before it was approved",
                        "Run ./aurelis login again.", 1);
                default -> throw new CliException("the server refused the device login: " + describe(polled, answer));
            }
        }
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String describe(Duration wait) {
        return wait.toMillis() % 1000 != 0 ? wait.toMillis() + "ms"
                : wait.toSeconds() % 60 != 0 ? wait.toSeconds() + "s" : wait.toMinutes() + "m";
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
        // XDG_CONFIG_HOME, else $HOME/.config: the environment the user gave, not the JVM's idea of the account's
        // home (user.home comes from the password database and ignores HOME)
        String configHome = root().environment("XDG_CONFIG_HOME");
        String home = root().environment("HOME");
        Path base = configHome != null ? Path.of(configHome)
                : Path.of(home != null ? home : System.getProperty("user.home"), ".config");
        return base.resolve("aurelis").resolve("credentials");
    }

    private static String describe(AdminClient.Response response, JsonNode body) {
        String description = body.path("error_description").asString(body.path("error").path("message").asString(""));
        return "HTTP " + response.status() + (description.isBlank() ? "" : " (" + description + ")");
    }
}
