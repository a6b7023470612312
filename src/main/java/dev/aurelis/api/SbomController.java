package dev.aurelis.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/system/sbom}: the CycloneDX software bill of materials the build put into this binary, so
 * that a security team can check exactly what a running replica contains (permission {@code config:read}).
 */
@RestController
class SbomController {

    static final String LOCATION = "META-INF/sbom/application.cdx.json";
    private static final MediaType CYCLONEDX_JSON = MediaType.parseMediaType("application/vnd.cyclonedx+json");

    @GetMapping("/api/v1/system/sbom")
    ResponseEntity<byte[]> sbom() throws IOException {
        ClassPathResource resource = new ClassPathResource(LOCATION);
        if (!resource.exists()) {
            throw new NoSuchElementException("This build carries no SBOM (" + LOCATION + "); build with ./mvnw package");
        }
        try (InputStream in = resource.getInputStream()) {
            return ResponseEntity.ok().contentType(CYCLONEDX_JSON).body(in.readAllBytes());
        }
    }
}
