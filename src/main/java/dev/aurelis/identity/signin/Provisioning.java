package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.Grantor;
import dev.aurelis.access.RoleBinding;
import dev.aurelis.identity.IdentityLinkRefused;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.User;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an identity vouched for by a provider into the account it signs in to. An identity is bound to one account
 * (see {@link AccountBindings}) and later sign-ins match on that binding alone. A first sign-in reaches an account
 * by e-mail only when the provider vouches for the address ({@link ExternalIdentity#emailVerified()}): it creates
 * the account (with {@code auto_provisioning}) or, when the provider's {@code link_by_email} allows, links to the
 * existing account of that address, but never to a break-glass account and never to one already bound to another
 * identity at the same provider. Such a conflict refuses the sign-in with a message the person can act on and
 * publishes {@link IdentityLinkRefused}; an administrator can link explicitly.
 *
 * <p>With {@code group_sync}, the teams and roles granted by the person's groups follow what the provider says now.
 * Roles are granted as role bindings of the user (by the system actor {@value #GROUP_SYNC}); they reach the user's
 * teams and those teams' departments, like any binding without an explicit scope. Break-glass accounts are never
 * changed by a provider: neither their groups nor their name. Runs for the current tenant, which the sign-in request
 * acts for.
 */
@Component
public class Provisioning {

    /** The actor of role bindings and memberships that group sync grants. */
    static final String GROUP_SYNC = "group_sync";

    private final JdbcClient jdbc;
    private final Users users;
    private final Organizations organizations;
    private final AccessPolicy access;
    private final SignIn signIn;
    private final AccountBindings bindings;
    private final LocalAccounts localAccounts;
    private final AccountMfa mfa;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final TransactionTemplate separately;

    Provisioning(JdbcClient jdbc, Users users, Organizations organizations, AccessPolicy access, SignIn signIn,
            AccountBindings bindings, LocalAccounts localAccounts, AccountMfa mfa, ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.signIn = signIn;
        this.bindings = bindings;
        this.localAccounts = localAccounts;
        this.mfa = mfa;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The account a sign-in reaches and the second factor it still owes. */
    public record Account(UUID userId, MfaState mfa) {
    }

    /**
     * The account the identity signs in to, created, linked or updated; refuses (with {@link SignInRefused}) what
     * the rules above do not allow. Changes nothing when it refuses.
     */
    public Account signIn(ExternalIdentity identity) {
        SignInSettings settings = signIn.settings();
        Reached reached = transaction.execute(status -> accountFor(settings, settings.tenantId(), identity));
        // after the commit, so that the roles group sync has just granted decide whether an administrator owes MFA
        return new Account(reached.userId(), mfa.stateFor(settings.tenantId(), reached.userId(), reached.localAccount(),
                identity.mfaAsserted()));
    }

    /** The account an identity reached, and whether it has a password of Aurelis's own. */
    private record Reached(UUID userId, boolean localAccount) {
    }

    private Reached accountFor(SignInSettings settings, TenantId tenant, ExternalIdentity identity) {
        UUID userId = bindings.userOf(tenant, identity.method(), identity.issuer(), identity.subject())
                .orElseGet(() -> linkOrCreate(settings, tenant, identity));
        User user = users.find(tenant, userId).orElseThrow();
        if (!user.active()) {
            throw new SignInRefused("The Aurelis account of " + user.email() + " is " + user.status() + ".", user.email());
        }
        bindings.signedIn(tenant, identity.method(), identity.issuer(), identity.subject());
        boolean breakGlass = localAccounts.isBreakGlass(tenant, userId);
        if (!breakGlass) {
            if (identity.displayName() != null && !identity.displayName().isBlank()) {
                jdbc.sql("update identity_user set display_name = ?, updated_at = now() where tenant_id = ? and id = ? "
                        + "and display_name is distinct from ?")
                        .params(identity.displayName(), tenant.value(), userId, identity.displayName()).update();
            }
            if (settings.groupSync()) {
                syncGroups(settings, tenant, userId, identity);
            }
        }
        return new Reached(userId, breakGlass);
    }

    /** A first sign-in of this identity: an account by its e-mail, when the rules allow. */
    private UUID linkOrCreate(SignInSettings settings, TenantId tenant, ExternalIdentity identity) {
        String email = identity.email() == null ? null : identity.email().strip().toLowerCase(Locale.ROOT);
        if (email == null || !email.contains("@")) {
            throw new SignInRefused("Your identity provider did not send an e-mail address for you; ask an "
                    + "administrator to release the e-mail claim or attribute to Aurelis.", identity.subject());
        }
        Optional<User> existing = users.findByAddress(tenant, email);
        if (existing.isPresent()) {
            return link(settings, tenant, identity, existing.get());
        }
        if (!identity.emailVerified()) {
            throw new SignInRefused("Your identity provider has not confirmed that " + email + " is your address, "
                    + "so Aurelis cannot create an account for it. Verify your e-mail address with your identity "
                    + "provider, or ask an administrator to add you.", email);
        }
        if (!settings.autoProvisioning()) {
            throw new SignInRefused("There is no Aurelis account for " + email
                    + " and accounts are not created at first sign-in; ask an administrator to add you.", email);
        }
        UUID userId = users.ensure(tenant, email, identity.method(), identity.issuer());
        if (!bindings.bind(tenant, userId, email, identity.method(), identity.issuer(), identity.subject(),
                "provisioned", identity.issuer())) {
            return boundConcurrently(tenant, identity, userId, email);
        }
        return userId;
    }

    private UUID link(SignInSettings settings, TenantId tenant, ExternalIdentity identity, User account) {
        String who = " (your identity: " + identity.method() + " " + identity.issuer() + ", subject "
                + identity.subject() + ")";
        if (!identity.emailVerified()) {
            throw refused(tenant, identity, account, "unverified_email", "An Aurelis account for " + account.email()
                    + " exists, but your identity provider has not confirmed that this address is yours, so your "
                    + "sign-in was not linked to it. Verify your e-mail address with your identity provider, or ask an "
                    + "administrator to link your identity" + who + ".");
        }
        if (!settings.linking(identity.method()).linkByEmail()) {
            throw refused(tenant, identity, account, "linking_disabled", "An Aurelis account for " + account.email()
                    + " exists, and sign-ins through this provider are not linked to existing accounts by e-mail; ask "
                    + "an administrator to link your identity" + who + ".");
        }
        if (localAccounts.isBreakGlass(tenant, account.id())) {
            throw refused(tenant, identity, account, "local_account", account.email() + " is a local break-glass "
                    + "account, which is never linked to an identity provider by e-mail; sign in with its password, or "
                    + "ask an administrator to link your identity" + who + ".");
        }
        if (bindings.atProvider(tenant, account.id(), identity.method(), identity.issuer()).isPresent()) {
            throw refused(tenant, identity, account, "bound_to_other_identity", "The Aurelis account of "
                    + account.email() + " belongs to another identity at this provider; ask an administrator to "
                    + "link yours" + who + ".");
        }
        if (!bindings.bind(tenant, account.id(), account.email(), identity.method(), identity.issuer(),
                identity.subject(), "email", identity.issuer())) {
            return boundConcurrently(tenant, identity, account.id(), account.email());
        }
        return account.id();
    }

    /** Another sign-in bound the identity (or the account's place at the provider) at the same moment. */
    private UUID boundConcurrently(TenantId tenant, ExternalIdentity identity, UUID expected, String email) {
        Optional<UUID> bound = bindings.userOf(tenant, identity.method(), identity.issuer(), identity.subject());
        if (bound.isPresent() && bound.get().equals(expected)) {
            return expected;
        }
        throw new SignInRefused("The Aurelis account of " + email + " belongs to another identity at this provider; "
                + "ask an administrator to link yours.", email);
    }

    /** A conflict: published as a security event in a transaction of its own, so the refusal's rollback keeps it. */
    private SignInRefused refused(TenantId tenant, ExternalIdentity identity, User account, String reason, String message) {
        separately.executeWithoutResult(status -> events.publishEvent(new IdentityLinkRefused(tenant.value(),
                identity.method(), identity.issuer(), identity.subject(), account.id(), account.email(), reason)));
        return new SignInRefused(message, identity.email());
    }

    private void syncGroups(SignInSettings settings, TenantId tenant, UUID userId, ExternalIdentity identity) {
        Set<String> teams = new HashSet<>();
        Set<String> roles = new HashSet<>();
        for (String group : identity.groups()) {
            SignInSettings.GroupMapping mapping = settings.groupMappings().get(group);
            if (mapping == null) {
                continue;
            }
            if (mapping.team() != null && !mapping.team().isBlank()) {
                teams.add(mapping.team());
            }
            roles.addAll(mapping.roles());
        }
        record Grant(String kind, String value) {
        }
        Set<Grant> previous = new HashSet<>(jdbc.sql(
                "select kind, value from identity_group_grant where tenant_id = ? and user_id = ?")
                .params(tenant.value(), userId).query((rs, n) -> new Grant(rs.getString(1), rs.getString(2))).list());
        for (Grant grant : previous) {
            boolean still = grant.kind().equals("team") ? teams.contains(grant.value()) : roles.contains(grant.value());
            if (!still) {
                if (grant.kind().equals("team")) {
                    users.leaveTeam(tenant, userId, grant.value(), GROUP_SYNC);
                } else {
                    for (RoleBinding binding : userBindings(tenant, userId, grant.value())) {
                        if (GROUP_SYNC.equals(binding.source())) {
                            access.unbind(tenant, binding.id(), Set.of(), Grantor.system(GROUP_SYNC));
                        }
                    }
                }
                jdbc.sql("delete from identity_group_grant where tenant_id = ? and user_id = ? and kind = ? and value = ?")
                        .params(tenant.value(), userId, grant.kind(), grant.value()).update();
            }
        }
        // A membership or binding that existed before group sync granted it (declared in the file, granted by an
        // administrator) is not recorded as a grant, so losing the group never takes it away.
        for (String team : teams) {
            if (!previous.contains(new Grant("team", team)) && !isMember(tenant, userId, team)) {
                organizations.ensureTeam(tenant, team);
                users.joinTeam(tenant, userId, team, GROUP_SYNC);
                recordGrant(tenant, userId, "team", team);
            }
        }
        for (String role : roles) {
            if (!previous.contains(new Grant("role", role)) && userBindings(tenant, userId, role).isEmpty()) {
                if (!access.roleExists(tenant, role)) {
                    throw new SignInRefused("The group mapping grants the role '" + role + "', which does not exist; "
                            + "ask an administrator to correct integrations.sso.group_mappings.", identity.email());
                }
                access.ensureBound(tenant, userId, role, GROUP_SYNC);
                recordGrant(tenant, userId, "role", role);
            }
        }
    }

    private boolean isMember(TenantId tenant, UUID userId, String team) {
        return jdbc.sql("select exists (select 1 from identity_user_team where tenant_id = ? and user_id = ? and team = ?)")
                .params(tenant.value(), userId, team).query(Boolean.class).single();
    }

    /** The user's own bindings of {@code role} that reach as far as the role itself does (no explicit scope). */
    private List<RoleBinding> userBindings(TenantId tenant, UUID userId, String role) {
        return access.bindings(tenant).stream()
                .filter(b -> userId.equals(b.userId()) && b.role().equals(role) && b.scopeDepartment() == null
                        && b.scopeTeam() == null)
                .toList();
    }

    private void recordGrant(TenantId tenant, UUID userId, String kind, String value) {
        jdbc.sql("insert into identity_group_grant (tenant_id, user_id, kind, value) values (?, ?, ?, ?) on conflict do nothing")
                .params(tenant.value(), userId, kind, value).update();
    }
}
