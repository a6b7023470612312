package dev.aurelis.identity.signin;

import dev.aurelis.identity.Caller;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInFailed;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.aurelis.storage.DurableEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in for people: the sign-in page, password sign-in (local accounts first, then the directory), the second
 * factor, the current session and sign-out. Answers JSON to programs and redirects browsers (Accept: text/html).
 */
@RestController
class SignInController {

    /** Where people land once signed in, unless they asked for another page. */
    static final String HOME = "/auth/home";
    static final String MFA_PAGE = "/auth/mfa";
    static final String NEXT_ATTRIBUTE = SignInController.class.getName() + ".next";

    private final SignIn signIn;
    private final Sessions sessions;
    private final LocalAccounts localAccounts;
    private final LdapSignIn ldap;
    private final OidcSignIn oidc;
    private final SamlSignIn saml;
    private final Provisioning provisioning;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final AccountMfa mfa;
    private final Users users;
    private final DurableEvents events;
    private final Pages pages;

    SignInController(SignIn signIn, Sessions sessions, LocalAccounts localAccounts, LdapSignIn ldap, OidcSignIn oidc,
            SamlSignIn saml, Provisioning provisioning, SecondFactors factors, Passkeys passkeys, AccountMfa mfa,
            Users users, DurableEvents events, Pages pages) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.localAccounts = localAccounts;
        this.ldap = ldap;
        this.oidc = oidc;
        this.saml = saml;
        this.provisioning = provisioning;
        this.factors = factors;
        this.passkeys = passkeys;
        this.mfa = mfa;
        this.users = users;
        this.events = events;
        this.pages = pages;
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String loginPage(@RequestParam(required = false) String next, @RequestParam(required = false) String error,
            HttpServletRequest request) {
        String target = PublicUrl.localPath(next, HOME);
        SignInSettings settings = signIn.settings();
        Map<String, Object> model = new HashMap<>();
        model.put("next", target);
        model.put("encodedNext", URLEncoder.encode(target, StandardCharsets.UTF_8));
        model.put("error", error == null ? null : error.isBlank() ? "Sign-in failed." : error);
        model.put("buttons", buttons(settings, URLEncoder.encode(target, StandardCharsets.UTF_8)));
        model.put("who", settings.ldap() == null ? "E-mail"
                : (ldap.acceptsEmail() ? "User name or e-mail" : "Directory user name, or the e-mail of a local account")
                        + " (" + settings.ldap().displayName() + ")");
        boolean onlyLocal = settings.oidc() == null && settings.saml() == null && settings.ldap() == null;
        model.put("onlyLocal", onlyLocal);
        model.put("passwordLeads", settings.provider() != null && settings.provider().methods().getFirst().equals("ldap"));
        model.put("unconfiguredProvider", onlyLocal && settings.provider() != null ? settings.provider().configName() : null);
        return pages.render("login", request, model);
    }

    /**
     * The identity-provider buttons of the sign-in page: the method of {@code integrations.sso.provider} first and
     * marked primary, named after the provider unless the method's section names itself (ADR 0050).
     */
    static List<Map<String, Object>> buttons(SignInSettings settings, String encodedNext) {
        SignInSettings.Provider provider = settings.provider();
        List<Map<String, Object>> buttons = new java.util.ArrayList<>();
        if (settings.oidc() != null) {
            buttons.add(button("oidc", "/auth/oidc/login?next=" + encodedNext, settings.oidc().displayName(),
                    SignInSettings.Oidc.DEFAULT_DISPLAY_NAME));
        }
        if (settings.saml() != null) {
            buttons.add(button("saml", "/auth/saml/login?next=" + encodedNext, settings.saml().displayName(),
                    SignInSettings.Saml.DEFAULT_DISPLAY_NAME));
        }
        if (provider != null) {
            // the provider's preferred method first; one that speaks both protocols leads with OIDC
            buttons.sort(java.util.Comparator.comparingInt(b -> {
                int rank = provider.methods().indexOf((String) b.get("method"));
                return rank < 0 ? Integer.MAX_VALUE : rank;
            }));
            if (!buttons.isEmpty() && provider.methods().contains((String) buttons.getFirst().get("method"))) {
                Map<String, Object> lead = buttons.getFirst();
                lead.put("primary", true);
                if (Boolean.TRUE.equals(lead.get("defaultName")) && provider.displayName() != null) {
                    lead.put("label", "Sign in with " + provider.displayName());
                }
            }
        }
        return buttons;
    }

    private static Map<String, Object> button(String method, String href, String displayName, String defaultName) {
        Map<String, Object> button = new HashMap<>();
        button.put("method", method);
        button.put("href", href);
        button.put("label", "Sign in with " + displayName);
        button.put("defaultName", displayName == null || displayName.equals(defaultName));
        button.put("primary", false);
        return button;
    }

    @GetMapping("/auth/oidc/login")
    void oidcLogin(@RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response)
            throws java.io.IOException {
        if (!oidc.configured()) {
            response.sendError(404, "OpenID Connect sign-in is not configured.");
            return;
        }
        try {
            oidc.findByRegistrationId(OidcSignIn.REGISTRATION_ID);
        } catch (SignInRefused e) {
            events.publish(new SignInFailed(signIn.settings().tenantId().value(), "oidc", null, e.getMessage()));
            response.sendRedirect("/login?error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
            return;
        }
        request.getSession(true).setAttribute(NEXT_ATTRIBUTE, PublicUrl.localPath(next, HOME));
        response.sendRedirect("/oauth2/authorization/" + OidcSignIn.REGISTRATION_ID);
    }

    @PostMapping("/auth/login")
    ResponseEntity<?> login(@RequestParam(required = false) String username, @RequestParam(required = false) String password,
            @RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response) {
        SignInSettings settings = signIn.settings();
        TenantId tenant = settings.tenantId();
        String target = PublicUrl.localPath(next, HOME);
        String name = username == null ? "" : username.strip();
        if (name.isEmpty() || password == null || password.isEmpty()) {
            return refuse(request, "local", name, "Give a user name and a password.", target);
        }
        if (localAccounts.exists(tenant, name)) {
            Optional<UUID> userId = localAccounts.check(tenant, name, password);
            if (userId.isEmpty()) {
                return refuse(request, "local", name, "The user name or password is wrong.", target);
            }
            Optional<String> inactive = users.find(tenant, userId.get()).filter(u -> !u.active()).map(User::status);
            if (inactive.isPresent()) {
                return refuse(request, "local", name, "The Aurelis account of " + name + " is " + inactive.get() + ".", target);
            }
            MfaState owed = mfa.stateFor(tenant, userId.get(), true, false);
            sessions.start(request, response, userId.get(), "local", owed, null);
            return signedIn(request, owed, target);
        }
        if (ldap.configured()) {
            Optional<ExternalIdentity> identity;
            try {
                identity = ldap.authenticate(name, password);
            } catch (ProviderUnavailable e) {
                return refuse(request, "ldap", name, e.getMessage(), target, HttpStatus.SERVICE_UNAVAILABLE);
            }
            if (identity.isEmpty()) {
                return refuse(request, "ldap", name, "The user name or password is wrong.", target);
            }
            Provisioning.Account account;
            try {
                account = provisioning.signIn(identity.get());
            } catch (SignInRefused e) {
                return refuse(request, "ldap", name, e.getMessage(), target);
            }
            sessions.start(request, response, account.userId(), "ldap", account.mfa(), null);
            return signedIn(request, account.mfa(), target);
        }
        return refuse(request, "local", name, "The user name or password is wrong.", target);
    }

    private ResponseEntity<?> signedIn(HttpServletRequest request, MfaState mfa, String target) {
        if (wantsHtml(request)) {
            return redirect(mfa.complete() ? target : MFA_PAGE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", mfa.complete() ? "signed_in" : mfa == MfaState.PENDING ? "mfa_required" : "mfa_enrolment_required");
        body.put("next", mfa.complete() ? target : MFA_PAGE);
        return ResponseEntity.ok(body);
    }

    private ResponseEntity<?> refuse(HttpServletRequest request, String method, String principal, String reason, String target) {
        return refuse(request, method, principal, reason, target, HttpStatus.UNAUTHORIZED);
    }

    /** Back to the sign-in page with the reason for browsers; a JSON error for programs (503: a provider is down). */
    private ResponseEntity<?> refuse(HttpServletRequest request, String method, String principal, String reason, String target,
            HttpStatus status) {
        events.publish(new SignInFailed(signIn.settings().tenantId().value(), method, principal, reason));
        if (wantsHtml(request)) {
            return redirect("/login?error=" + URLEncoder.encode(reason, StandardCharsets.UTF_8) + "&next="
                    + URLEncoder.encode(target, StandardCharsets.UTF_8));
        }
        return error(status, status == HttpStatus.UNAUTHORIZED ? "authentication_error" : "api_error", reason);
    }

    /** Where a signed-in browser lands: who is signed in, what they can do here, and sign-out. */
    @GetMapping(value = HOME, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> home(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof PendingMfaAuthentication) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", MFA_PAGE).build();
        }
        if (!(auth instanceof SessionAuthentication person)) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/login").build();
        }
        Caller caller = person.caller();
        return pages.page("home", request, Map.of("email", caller.email(),
                "roles", String.join(", ", caller.roles().stream().sorted().toList())));
    }

    @PostMapping("/auth/logout")
    ResponseEntity<?> logout(HttpServletRequest request, HttpServletResponse response) {
        Optional<Sessions.Session> ended = sessions.end(request, response);
        var httpSession = request.getSession(false);
        if (httpSession != null) {
            httpSession.invalidate();
        }
        String logoutUrl = null;
        if (ended.isPresent() && "oidc".equals(ended.get().method()) && ended.get().idToken() != null) {
            String home = PublicUrl.of(signIn.settings().publicUrl(), request) + "/login";
            logoutUrl = oidc.endSessionEndpoint().map(endpoint -> endpoint + (endpoint.contains("?") ? "&" : "?")
                    + "id_token_hint=" + URLEncoder.encode(ended.get().idToken(), StandardCharsets.UTF_8)
                    + "&post_logout_redirect_uri=" + URLEncoder.encode(home, StandardCharsets.UTF_8)).orElse(null);
        }
        if (wantsHtml(request)) {
            return redirect(logoutUrl != null ? logoutUrl : "/login");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signed_out", ended.isPresent());
        if (logoutUrl != null) {
            body.put("logout_url", logoutUrl);
        }
        return ResponseEntity.ok(body);
    }

    /** Who the session belongs to and what it may do, for the console. */
    @GetMapping("/auth/session")
    ResponseEntity<?> session(HttpServletRequest request) {
        Optional<Sessions.Session> session = sessions.current(request);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (session.isEmpty() || auth == null) {
            return error(HttpStatus.UNAUTHORIZED, "authentication_error", "Not signed in.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", session.get().email());
        body.put("method", session.get().method());
        body.put("mfa", session.get().mfa().column());
        body.put("expires_at", session.get().expiresAt().toString());
        if (auth instanceof SessionAuthentication signedIn) {
            Caller caller = signedIn.caller();
            body.put("team", caller.team());
            body.put("roles", caller.roles().stream().sorted().toList());
            body.put("permissions", caller.permissions().stream().sorted().toList());
        }
        return ResponseEntity.ok(body);
    }

    // ---- second factor ----

    @GetMapping(value = "/auth/mfa", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> mfaPage(HttpServletRequest request) {
        Optional<Sessions.Session> session = sessions.current(request);
        if (session.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/login").build();
        }
        SignInSettings.Mfa policy = signIn.settings().mfa();
        return pages.page("mfa", request, Map.of("pending", session.get().mfa() == MfaState.PENDING, "home", HOME,
                "totp", policy.allows(SignInSettings.MfaMethod.TOTP),
                "webauthn", policy.allows(SignInSettings.MfaMethod.WEBAUTHN)));
    }

    /** Starts TOTP enrolment: for a session that must enrol, or a signed-in local account adding a factor. */
    @PostMapping("/auth/mfa/totp")
    ResponseEntity<?> beginTotp(HttpServletRequest request) {
        Optional<Sessions.Session> session = enrollable(request);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "Sign in with your password first; a session "
                    + "that still owes its second factor cannot enrol another.");
        }
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.TOTP);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            SecondFactors.TotpEnrolment enrolment = factors.beginTotp(session.get().tenantId(), session.get().userId(),
                    session.get().email(), "Aurelis");
            if (wantsHtml(request)) {
                return pages.page("totp", request, Map.of("secret", enrolment.secret(),
                        "otpauthUri", enrolment.otpauthUri()));
            }
            return ResponseEntity.ok(Map.of("secret", enrolment.secret(), "otpauth_uri", enrolment.otpauthUri()));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.CONFLICT, "invalid_request_error", e.getMessage());
        }
    }

    @PostMapping("/auth/mfa/totp/confirm")
    ResponseEntity<?> confirmTotp(@RequestParam(required = false) String code, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<Sessions.Session> session = enrollable(request);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "Sign in with your password first.");
        }
        Sessions.Session s = session.get();
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.TOTP);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!factors.confirmTotp(s.tenantId(), s.userId(), code)) {
            events.publish(new SignInFailed(s.tenantId().value(), "totp", s.email(), "wrong code at enrolment"));
            return error(HttpStatus.UNAUTHORIZED, "authentication_error", "The code does not match; check the "
                    + "device's clock and enter the current code.");
        }
        return enrolled(request, response, s);
    }

    /** After a first factor was enrolled: recovery codes (once) and, for a session that had to enrol, sign-in. */
    private ResponseEntity<?> enrolled(HttpServletRequest request, HttpServletResponse response, Sessions.Session s) {
        List<String> recovery = factors.hasRecoveryCodes(s.tenantId(), s.userId()) ? List.of()
                : factors.newRecoveryCodes(s.tenantId(), s.userId());
        if (s.mfa() == MfaState.ENROLMENT_REQUIRED) {
            sessions.passMfa(request, response, s.id());
        }
        if (wantsHtml(request)) {
            return pages.page("enrolled", request, Map.of("recoveryCodes", recovery, "home", HOME));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "enrolled");
        body.put("recovery_codes", recovery);
        return ResponseEntity.ok(body);
    }

    /** Presents a TOTP code or a recovery code for a session whose password was accepted. */
    @PostMapping("/auth/mfa/verify")
    ResponseEntity<?> verify(@RequestParam(required = false) String code, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<Sessions.Session> session = sessions.current(request).filter(s -> s.mfa() == MfaState.PENDING);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "There is no sign-in waiting for a second factor.");
        }
        Sessions.Session s = session.get();
        boolean totpAllowed = signIn.settings().mfa().allows(SignInSettings.MfaMethod.TOTP);
        boolean accepted = (totpAllowed && factors.verifyTotp(s.tenantId(), s.userId(), code))
                || factors.useRecoveryCode(s.tenantId(), s.userId(), code);
        if (!accepted && !totpAllowed && code != null && code.strip().matches("\\d{6}")) {
            events.publish(new SignInFailed(s.tenantId().value(), "totp", s.email(), "method not allowed"));
            return notAllowed(SignInSettings.MfaMethod.TOTP).orElseThrow();
        }
        if (!accepted) {
            events.publish(new SignInFailed(s.tenantId().value(), "mfa", s.email(), "wrong or reused code"));
            return error(HttpStatus.UNAUTHORIZED, "authentication_error", "The code is wrong or was already used.");
        }
        sessions.passMfa(request, response, s.id());
        return wantsHtml(request) ? redirect(HOME) : ResponseEntity.ok(Map.of("status", "signed_in"));
    }

    @PostMapping("/auth/mfa/webauthn/registration-options")
    ResponseEntity<?> registrationOptions(HttpServletRequest request) {
        Optional<Sessions.Session> session = enrollable(request);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "Sign in with your password first.");
        }
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.WEBAUTHN);
        if (refused.isPresent()) {
            return refused.get();
        }
        return ResponseEntity.ok(passkeys.registrationOptions(session.get(), relyingParty(request)));
    }

    @PostMapping(value = "/auth/mfa/webauthn/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> register(@RequestBody String credentialJson, @RequestParam(required = false) String name,
            HttpServletRequest request, HttpServletResponse response) {
        Optional<Sessions.Session> session = enrollable(request);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "Sign in with your password first.");
        }
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.WEBAUTHN);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            passkeys.register(session.get(), relyingParty(request), credentialJson, name);
        } catch (IllegalArgumentException e) {
            events.publish(new SignInFailed(session.get().tenantId().value(), "webauthn", session.get().email(),
                    "registration rejected"));
            return error(HttpStatus.BAD_REQUEST, "invalid_request_error", e.getMessage());
        }
        return enrolled(request, response, session.get());
    }

    @PostMapping("/auth/mfa/webauthn/authentication-options")
    ResponseEntity<?> authenticationOptions(HttpServletRequest request) {
        Optional<Sessions.Session> session = sessions.current(request).filter(s -> s.mfa() == MfaState.PENDING);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "There is no sign-in waiting for a second factor.");
        }
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.WEBAUTHN);
        if (refused.isPresent()) {
            return refused.get();
        }
        return ResponseEntity.ok(passkeys.authenticationOptions(session.get(), relyingParty(request)));
    }

    @PostMapping(value = "/auth/mfa/webauthn/authenticate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> authenticate(@RequestBody String credentialJson, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<Sessions.Session> session = sessions.current(request).filter(s -> s.mfa() == MfaState.PENDING);
        if (session.isEmpty()) {
            return error(HttpStatus.FORBIDDEN, "permission_error", "There is no sign-in waiting for a second factor.");
        }
        Optional<ResponseEntity<?>> refused = notAllowed(SignInSettings.MfaMethod.WEBAUTHN);
        if (refused.isPresent()) {
            events.publish(new SignInFailed(session.get().tenantId().value(), "webauthn", session.get().email(),
                    "method not allowed"));
            return refused.get();
        }
        if (!passkeys.authenticate(session.get(), relyingParty(request), credentialJson)) {
            events.publish(new SignInFailed(session.get().tenantId().value(), "webauthn", session.get().email(),
                    "assertion did not verify"));
            return error(HttpStatus.UNAUTHORIZED, "authentication_error", "The security key's answer was not accepted.");
        }
        sessions.passMfa(request, response, session.get().id());
        return ResponseEntity.ok(Map.of("status", "signed_in"));
    }

    /**
     * A 403 naming the methods allowed when {@code method} is not one of them ({@code security.mfa_methods}); such a
     * factor can be neither enrolled nor presented.
     */
    private Optional<ResponseEntity<?>> notAllowed(SignInSettings.MfaMethod method) {
        SignInSettings.Mfa policy = signIn.settings().mfa();
        if (policy.allows(method)) {
            return Optional.empty();
        }
        String what = method.description();
        return Optional.of(error(HttpStatus.FORBIDDEN, "permission_error", Character.toUpperCase(what.charAt(0))
                + what.substring(1) + " (" + method.configName() + ") is not a second factor this organisation allows; "
                + "security.mfa_methods allows " + policy.allowedNames() + "."));
    }

    /** A session that may enrol a factor: one that must enrol, or a completed local sign-in. */
    private Optional<Sessions.Session> enrollable(HttpServletRequest request) {
        return sessions.current(request).filter(s -> s.mfa() == MfaState.ENROLMENT_REQUIRED
                || (s.mfa().complete() && "local".equals(s.method())));
    }

    private Passkeys.RelyingParty relyingParty(HttpServletRequest request) {
        String origin = PublicUrl.of(signIn.settings().publicUrl(), request);
        return new Passkeys.RelyingParty(origin, java.net.URI.create(origin).getHost(), "Aurelis");
    }

    static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader("accept");
        return accept != null && accept.contains("text/html");
    }

    static ResponseEntity<?> redirect(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", location).build();
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String type, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", Map.of("message", message, "type", type)));
    }
}
