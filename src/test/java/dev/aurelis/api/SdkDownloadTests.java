package dev.aurelis.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code advanced_features.sdk_support: true}: any caller with {@code models:use} lists the client SDKs and downloads
 * them as the build packaged them; {@code integrations.ide_integration} left out allows every IDE family.
 */
class SdkDownloadTests extends AccessTestBase {

    @Test
    void listsBothSdksWithThisServersUrl() {
        String key = keyWithRole("developer", "platform");

        HttpResponse<String> listed = call(key, "GET", "/api/v1/sdks", null);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode sdks = json(listed.body()).path("sdks");
        assertThat(sdks).hasSize(2);
        assertThat(sdks.get(0).path("language").asString()).isEqualTo("java");
        assertThat(sdks.get(0).path("download").asString()).isEqualTo("/api/v1/sdks/java");
        assertThat(sdks.get(0).path("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(sdks.get(1).path("usage").asString()).contains("from aurelis_client import AurelisClient")
                .contains("127.0.0.1:" + port);
    }

    @Test
    void theJavaSdkIsAJarWithTheClient() throws IOException {
        List<String> entries = entries(download("/api/v1/sdks/java"));

        assertThat(entries).contains("dev/aurelis/client/AurelisClient.class", "META-INF/MANIFEST.MF")
                .noneMatch(name -> name.startsWith("dev/aurelis/gateway/"));
    }

    @Test
    void thePythonSdkIsAZipOfThePackage() throws IOException {
        List<String> entries = entries(download("/api/v1/sdks/python"));

        assertThat(entries).contains("aurelis_client/__init__.py", "aurelis_client/client.py");
    }

    @Test
    void anUnknownLanguageIs404() {
        HttpResponse<String> unknown = call(keyWithRole("developer", "platform"), "GET", "/api/v1/sdks/cobol", null);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("error").path("message").asString()).contains("java, python");
    }

    @Test
    void withTheSectionLeftOutEveryIdeFamilyIsAllowed() {
        String key = keyWithRole("developer", "platform");

        HttpResponse<String> setup = call(key, "GET", "/api/v1/ide/setup", null);
        HttpResponse<String> cline = openAi("/v1/chat/completions", key, CHAT,
                "user-agent", "OpenAI/JS 4.96.0", "x-title", "Cline", "http-referer", "https://cline.bot");

        assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
        assertThat(json(setup.body()).path("families")).hasSize(3);
        assertThat(json(setup.body()).path("refused")).isEmpty();
        assertThat(cline.statusCode()).as(cline.body()).isEqualTo(200);
    }

    private byte[] download(String path) {
        HttpResponse<byte[]> response = sendBytes(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + keyWithRole("developer", "platform")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment"));
        return response.body();
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> entries(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
