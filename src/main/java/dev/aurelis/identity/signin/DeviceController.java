package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The RFC 8628 endpoints (device authorisation and token, form-encoded in, JSON out, as section 3 specifies) and
 * the verification page where a signed-in person approves a user code.
 */
@RestController
class DeviceController {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    private final DeviceLogin devices;
    private final SignIn signIn;
    private final Pages pages;

    DeviceController(DeviceLogin devices, SignIn signIn, Pages pages) {
        this.pages = pages;
        this.devices = devices;
        this.signIn = signIn;
    }

    @PostMapping(value = "/api/v1/device/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Map<String, Object>> authorize(@RequestParam(name = "client_id", required = false) String clientId,
            HttpServletRequest request) {
        if (clientId == null || clientId.isBlank()) {
            return oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "client_id is required (for example aurelis-cli).");
        }
        DeviceLogin.Authorization authorization = devices.authorize(clientId.strip());
        String verification = PublicUrl.of(signIn.settings().publicUrl(), request) + "/device";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", authorization.deviceCode());
        body.put("user_code", authorization.userCode());
        body.put("verification_uri", verification);
        body.put("verification_uri_complete", verification + "?user_code="
                + URLEncoder.encode(authorization.userCode(), StandardCharsets.UTF_8));
        body.put("expires_in", authorization.expiresIn());
        body.put("interval", authorization.interval());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    @PostMapping(value = "/api/v1/device/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "device_code", required = false) String deviceCode,
            @RequestParam(name = "client_id", required = false) String clientId) {
        if (!GRANT_TYPE.equals(grantType)) {
            return oauthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "grant_type must be " + GRANT_TYPE + ".");
        }
        if (deviceCode == null || deviceCode.isBlank()) {
            return oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "device_code is required.");
        }
        DeviceLogin.Poll poll = devices.poll(deviceCode.strip(), clientId == null ? null : clientId.strip());
        if (poll.error() != null) {
            String description = switch (poll.error()) {
                case "authorization_pending" -> "The user has not approved the code yet.";
                case "slow_down" -> "Polling too often; wait the interval between polls.";
                case "access_denied" -> "The user denied the request.";
                case "expired_token" -> "The device code expired; run the login again.";
                default -> "The device code is unknown or was already used.";
            };
            return oauthError(HttpStatus.BAD_REQUEST, poll.error(), description);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", poll.key().key());
        body.put("token_type", "Bearer");
        body.put("expires_in", poll.expiresIn());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    @GetMapping(value = "/device", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(name = "user_code", required = false) String userCode,
            HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String self = "/device" + (userCode == null ? "" : "?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8));
        if (auth instanceof PendingMfaAuthentication) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/auth/mfa").build();
        }
        if (!(auth instanceof SessionAuthentication person)) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header("Location", "/login?next=" + URLEncoder.encode(self, StandardCharsets.UTF_8)).build();
        }
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("email", person.caller().email());
        model.put("userCode", userCode);
        model.put("outcome", null);
        return pages.page("device", request, model);
    }

    @PostMapping("/device")
    ResponseEntity<?> decide(@RequestParam(name = "user_code", required = false) String userCode,
            @RequestParam(required = false) String action, HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth instanceof SessionAuthentication person)) {
            return SignInController.error(HttpStatus.UNAUTHORIZED, "authentication_error", "Sign in first.");
        }
        boolean approve = !"deny".equals(action);
        if (!devices.decide(userCode, person.caller(), approve)) {
            return SignInController.error(HttpStatus.NOT_FOUND, "not_found_error",
                    "No sign-in is waiting for code '" + (userCode == null ? "" : userCode) + "'; it may have expired.");
        }
        String outcome = approve ? "Approved. You can return to your terminal." : "Denied. The tool was not signed in.";
        if (SignInController.wantsHtml(request)) {
            return pages.page("device", request, Map.of("outcome", outcome));
        }
        return ResponseEntity.ok(Map.of("status", approve ? "approved" : "denied"));
    }

    private static ResponseEntity<Map<String, Object>> oauthError(HttpStatus status, String error, String description) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .body(Map.of("error", error, "error_description", description));
    }
}
