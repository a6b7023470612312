package dev.aurelis.privacy.encryption;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/privacy/keys} (the key manager, the current KEK, the data keys and when the next rotation is
 * due) and {@code POST /api/v1/privacy/keys/rotate}; both require {@code security:manage}. Key material never
 * appears in either answer.
 */
@RestController
class KeysAtRestController {

    private final KeyRotation rotation;

    KeysAtRestController(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping("/api/v1/privacy/keys")
    Map<String, Object> status() {
        return rotation.status();
    }

    @PostMapping("/api/v1/privacy/keys/rotate")
    Map<String, Object> rotate() {
        rotation.rotateNow();
        return rotation.status();
    }
}
