package dev.aurelis.api;

import dev.aurelis.configuration.ActiveConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code advanced_features.sdk_support}: the client SDKs this build carries (ADR 0058), listed at
 * {@code GET /api/v1/sdks} and downloaded from {@code GET /api/v1/sdks/{language}} (ADR 0068). The build puts them
 * under {@code sdk/} in the server's classes; with the setting off every one of these answers 404 naming it.
 */
@RestController
class SdkController {

    static final String SETTING = "advanced_features.sdk_support";

    /** One downloadable client; {@code resource} is where the build put it on the class path. */
    private record Sdk(String name, String language, String resource, String fileName, String mediaType,
            String install, String usage) {
    }

    private static final List<Sdk> SDKS = List.of(
            new Sdk("aurelis-client", "java", "sdk/aurelis-client.jar", "aurelis-client.jar", "application/java-archive",
                    "Put aurelis-client.jar and Jackson's databind 3 (tools.jackson.core:jackson-databind) on the "
                            + "class path (Java 21+).",
                    "AurelisClient client = AurelisClient.builder(\"%s\", System.getenv(\"AURELIS_API_KEY\")).build();"),
            new Sdk("aurelis_client", "python", "sdk/aurelis-client-python.zip", "aurelis-client-python.zip",
                    "application/zip",
                    "Unzip next to your code or onto PYTHONPATH (Python 3.8+, standard library only).",
                    "from aurelis_client import AurelisClient\n"
                            + "client = AurelisClient(\"%s\", api_key=os.environ[\"AURELIS_API_KEY\"])"));

    private final ActiveConfiguration configuration;

    SdkController(ActiveConfiguration configuration) {
        this.configuration = configuration;
    }

    @GetMapping("/api/v1/sdks")
    Map<String, Object> list() {
        requireOn();
        String server = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        List<Map<String, Object>> available = SDKS.stream().filter(sdk -> new ClassPathResource(sdk.resource()).exists())
                .map(sdk -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", sdk.name());
                    row.put("language", sdk.language());
                    row.put("version", version());
                    row.put("download", "/api/v1/sdks/" + sdk.language());
                    row.put("file_name", sdk.fileName());
                    row.put("install", sdk.install());
                    row.put("usage", sdk.usage().formatted(server));
                    return row;
                }).toList();
        return Map.of("server_url", server, "sdks", available);
    }

    @GetMapping("/api/v1/sdks/{language}")
    ResponseEntity<byte[]> download(@PathVariable String language) throws IOException {
        requireOn();
        Sdk sdk = SDKS.stream().filter(s -> s.language().equals(language)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No SDK for '" + language + "'; there are: "
                        + String.join(", ", SDKS.stream().map(Sdk::language).toList()) + "."));
        ClassPathResource resource = new ClassPathResource(sdk.resource());
        if (!resource.exists()) {
            throw new NoSuchElementException("This build carries no " + language + " SDK (" + sdk.resource()
                    + "); build with ./mvnw package");
        }
        try (InputStream in = resource.getInputStream()) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(sdk.mediaType()))
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment().filename(sdk.fileName()).build().toString())
                    .body(in.readAllBytes());
        }
    }

    private void requireOn() {
        if (!configuration.config().advancedFeatures().sdkSupport()) {
            throw new NoSuchElementException("Client SDK downloads are turned off: set " + SETTING + ": true.");
        }
    }

    /** The version the build wrote beside the SDKs: the server's, which the SDKs built with it share. */
    private static String version() {
        try (InputStream in = new ClassPathResource("sdk/version.txt").getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
