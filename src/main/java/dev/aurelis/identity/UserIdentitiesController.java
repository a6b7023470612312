package dev.aurelis.identity;

import dev.aurelis.access.Permission;
import dev.aurelis.identity.signin.AccountBindings;
import dev.aurelis.tenancy.Organizations;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/users/{id}/identities}: the outside identities bound to an account, and explicit linking by an
 * administrator, for a person whose sign-in was refused because it would have reached an existing account (a
 * break-glass account, an unverified address, linking by e-mail turned off). Linking and unlinking need
 * {@code security:manage}; since the linked identity signs in as the account, the caller must also hold every
 * permission the account has.
 */
@RestController
@RequestMapping("/api/v1/users/{id}/identities")
class UserIdentitiesController {

    private static final Set<String> METHODS = Set.of("oidc", "saml", "ldap");

    private final Users users;
    private final AccountBindings bindings;
    private final SignIn signIn;
    private final SignInAsGuard guard;
    private final Organizations organizations;

    UserIdentitiesController(Users users, AccountBindings bindings, SignIn signIn, SignInAsGuard guard,
            Organizations organizations) {
        this.users = users;
        this.bindings = bindings;
        this.signIn = signIn;
        this.guard = guard;
        this.organizations = organizations;
    }

    record LinkBody(String method, String issuer, String subject) {
    }

    record IdentityView(UUID id, String method, String issuer, String subject, String linkedVia, String linkedBy,
            Instant createdAt, Instant lastSignIn) {

        static IdentityView of(AccountBindings.Binding b) {
            return new IdentityView(b.id(), b.method(), b.issuer(), b.subject(), b.via(), b.linkedBy(), b.createdAt(),
                    b.lastSignIn());
        }
    }

    @GetMapping
    Map<String, List<IdentityView>> list(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        User user = reachable(caller, Permission.USERS_READ, id);
        return Map.of("data", bindings.of(caller.tenantId(), user.id()).stream().map(IdentityView::of).toList());
    }

    @PostMapping
    ResponseEntity<IdentityView> link(@PathVariable UUID id, @RequestBody(required = false) LinkBody body) {
        Caller caller = AdminCallers.current();
        User user = reachable(caller, Permission.SECURITY_MANAGE, id);
        if (body == null || body.method() == null || !METHODS.contains(body.method().strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'method' is required: oidc, saml or ldap.");
        }
        String method = body.method().strip().toLowerCase(Locale.ROOT);
        String issuer = body.issuer() == null || body.issuer().isBlank() ? configuredIssuer(method) : body.issuer().strip();
        if (body.subject() == null || body.subject().isBlank()) {
            throw new IllegalArgumentException("'subject' is required: the person's identifier at the provider (OIDC "
                    + "sub, SAML NameID, directory DN); a refused sign-in shows it.");
        }
        // the directory's DNs are compared without regard to case, as sign-in stores them
        String subject = method.equals("ldap") ? body.subject().strip().toLowerCase(Locale.ROOT) : body.subject().strip();
        guard.require(caller, user, user.email(), "link an identity to");
        bindings.userOf(caller.tenantId(), method, issuer, subject).ifPresent(owner -> {
            throw new UserConflict(owner.equals(user.id()) ? "That identity is linked to " + user.email() + " already."
                    : "That identity is linked to another account; unlink it there first.");
        });
        bindings.atProvider(caller.tenantId(), user.id(), method, issuer).ifPresent(other -> {
            throw new UserConflict(user.email() + " is linked to another identity at that provider (" + other.subject()
                    + "); unlink it first.");
        });
        if (!bindings.bind(caller.tenantId(), user.id(), user.email(), method, issuer, subject, "admin", caller.email())) {
            throw new UserConflict("That identity or " + user.email() + "'s place at that provider was just taken; "
                    + "list the identities and try again.");
        }
        AccountBindings.Binding created = bindings.atProvider(caller.tenantId(), user.id(), method, issuer).orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).body(IdentityView.of(created));
    }

    @DeleteMapping("/{identityId}")
    ResponseEntity<Void> unlink(@PathVariable UUID id, @PathVariable UUID identityId) {
        Caller caller = AdminCallers.current();
        User user = reachable(caller, Permission.SECURITY_MANAGE, id);
        guard.require(caller, user, user.email(), "unlink an identity of");
        bindings.unbind(caller.tenantId(), user.id(), identityId, user.email(), caller.email())
                .orElseThrow(() -> new KeysController.NotFound("No identity " + identityId + " is linked to " + user.email() + "."));
        return ResponseEntity.noContent().build();
    }

    /** The issuer of the provider configured for a method, when the request names none. */
    private String configuredIssuer(String method) {
        SignInSettings settings = signIn.settings();
        String issuer = switch (method) {
            case "oidc" -> settings.oidc() == null ? null : settings.oidc().issuerUri();
            case "saml" -> settings.saml() == null ? null : settings.saml().idpEntityId();
            default -> settings.ldap() == null ? null : settings.ldap().url();
        };
        if (issuer == null) {
            throw new IllegalArgumentException("'issuer' is required: the provider's issuer (OIDC), IdP entity id (SAML) "
                    + "or directory URL (LDAP).");
        }
        return issuer;
    }

    private User reachable(Caller caller, String permission, UUID id) {
        var scope = caller.scopeOf(permission);
        return users.find(caller.tenantId(), id).filter(u -> !u.status().equals(User.DELETED))
                .filter(u -> UsersController.reaches(organizations, caller.tenantId(), scope, u))
                .orElseThrow(() -> new KeysController.NotFound("No user with id " + id + "."));
    }
}
