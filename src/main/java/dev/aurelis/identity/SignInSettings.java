package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How people sign in and are provisioned, as the configuration file declares it: which outside providers are
 * offered, how their groups map to teams and roles, which roles SCIM groups may confer, and the session and MFA
 * policy for accounts that sign in locally.
 *
 * @param scimAllowedRoles the roles a SCIM group may confer through its team; null: every non-administrative role
 * @param connectTimeout   how long a call to a provider or directory may take to connect
 * @param readTimeout      how long it may wait for an answer
 * @param mfa              which second factors may be used and who must use one; null: from {@code mfaRequired}
 * @param provider         the identity provider the organisation signs in with ({@code integrations.sso.provider});
 *                         the sign-in page leads with its method; null: none named
 */
public record SignInSettings(TenantId tenantId, boolean autoProvisioning, boolean groupSync, URI publicUrl,
        boolean mfaRequired, Duration sessionTimeout, Oidc oidc, Saml saml, Ldap ldap,
        Map<String, GroupMapping> groupMappings, DeviceLogin deviceLogin, List<String> scimAllowedRoles,
        Duration connectTimeout, Duration readTimeout, Mfa mfa, Provider provider) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(8);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public SignInSettings {
        sessionTimeout = sessionTimeout == null ? DEFAULT_SESSION_TIMEOUT : sessionTimeout;
        groupMappings = groupMappings == null ? Map.of() : Map.copyOf(groupMappings);
        deviceLogin = deviceLogin == null ? DeviceLogin.DEFAULTS : deviceLogin;
        scimAllowedRoles = scimAllowedRoles == null ? null : List.copyOf(scimAllowedRoles);
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        mfa = mfa == null ? Mfa.of(mfaRequired) : mfa;
    }

    /** Settings with the MFA policy {@code security.mfa_required} alone implies and no provider named. */
    public SignInSettings(TenantId tenantId, boolean autoProvisioning, boolean groupSync, URI publicUrl,
            boolean mfaRequired, Duration sessionTimeout, Oidc oidc, Saml saml, Ldap ldap,
            Map<String, GroupMapping> groupMappings, DeviceLogin deviceLogin, List<String> scimAllowedRoles,
            Duration connectTimeout, Duration readTimeout) {
        this(tenantId, autoProvisioning, groupSync, publicUrl, mfaRequired, sessionTimeout, oidc, saml, ldap, groupMappings,
                deviceLogin, scimAllowedRoles, connectTimeout, readTimeout, null, null);
    }

    /** Settings with the default timeouts. */
    public SignInSettings(TenantId tenantId, boolean autoProvisioning, boolean groupSync, URI publicUrl,
            boolean mfaRequired, Duration sessionTimeout, Oidc oidc, Saml saml, Ldap ldap,
            Map<String, GroupMapping> groupMappings, DeviceLogin deviceLogin, List<String> scimAllowedRoles) {
        this(tenantId, autoProvisioning, groupSync, publicUrl, mfaRequired, sessionTimeout, oidc, saml, ldap, groupMappings,
                deviceLogin, scimAllowedRoles, null, null);
    }

    /** Settings with SCIM's default role policy. */
    public SignInSettings(TenantId tenantId, boolean autoProvisioning, boolean groupSync, URI publicUrl,
            boolean mfaRequired, Duration sessionTimeout, Oidc oidc, Saml saml, Ldap ldap,
            Map<String, GroupMapping> groupMappings, DeviceLogin deviceLogin) {
        this(tenantId, autoProvisioning, groupSync, publicUrl, mfaRequired, sessionTimeout, oidc, saml, ldap, groupMappings,
                deviceLogin, null);
    }

    /** Sign-in with local accounts only (no configuration file, or no {@code integrations.sso}). */
    public static SignInSettings localOnly(TenantId tenantId) {
        return new SignInSettings(tenantId, false, false, null, false, null, null, null, null, null, null);
    }

    /** The same settings with another MFA policy. */
    public SignInSettings withMfa(Mfa policy) {
        return new SignInSettings(tenantId, autoProvisioning, groupSync, publicUrl, mfaRequired, sessionTimeout, oidc, saml,
                ldap, groupMappings, deviceLogin, scimAllowedRoles, connectTimeout, readTimeout, policy, provider);
    }

    /** The same settings with another provider named. */
    public SignInSettings withProvider(Provider named) {
        return new SignInSettings(tenantId, autoProvisioning, groupSync, publicUrl, mfaRequired, sessionTimeout, oidc, saml,
                ldap, groupMappings, deviceLogin, scimAllowedRoles, connectTimeout, readTimeout, mfa, named);
    }

    /** A second factor a person can enrol and sign in with. Recovery codes back up whichever is allowed. */
    public enum MfaMethod {
        TOTP("totp", "an authenticator app"),
        WEBAUTHN("webauthn", "a security key or passkey");

        private final String configName;
        private final String description;

        MfaMethod(String configName, String description) {
            this.configName = configName;
            this.description = description;
        }

        public String configName() {
            return configName;
        }

        public String description() {
            return description;
        }

        /** The method a configured name stands for ({@code fido2} is WebAuthn). */
        public static java.util.Optional<MfaMethod> named(String name) {
            String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
            return switch (n) {
                case "totp" -> java.util.Optional.of(TOTP);
                case "webauthn", "fido2" -> java.util.Optional.of(WEBAUTHN);
                default -> java.util.Optional.empty();
            };
        }
    }

    /** Who must present a second factor at sign-in ({@code security.mfa_enforcement}). */
    public enum MfaEnforcement {
        /** Everyone: an identity provider's MFA counts only where its configuration says so (amr, acr, contexts). */
        ALL_USERS("all_users"),
        /** People holding an administrative role (one with a permission such as users:manage or admin:full). */
        ADMINS("admins"),
        /** Accounts with a password of Aurelis's own (the bootstrap administrator, break-glass accounts). */
        LOCAL_ACCOUNTS("local_accounts"),
        /** Nobody must; people who enrolled a factor still present it. */
        OPTIONAL("optional");

        private final String configName;

        MfaEnforcement(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static java.util.Optional<MfaEnforcement> named(String name) {
            for (MfaEnforcement value : values()) {
                if (value.configName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return java.util.Optional.of(value);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * The MFA policy.
     *
     * @param methods     the factors that may be enrolled and presented
     * @param enforcement who must present one
     */
    public record Mfa(java.util.Set<MfaMethod> methods, MfaEnforcement enforcement) {

        public Mfa {
            methods = methods == null || methods.isEmpty() ? java.util.EnumSet.allOf(MfaMethod.class)
                    : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(methods));
        }

        /** Every method; local accounts must use one when {@code mfaRequired}, others when they enrolled one. */
        public static Mfa of(boolean mfaRequired) {
            return new Mfa(null, mfaRequired ? MfaEnforcement.LOCAL_ACCOUNTS : MfaEnforcement.OPTIONAL);
        }

        public boolean allows(MfaMethod method) {
            return methods.contains(method);
        }

        /** Whether a person must present a second factor. */
        public boolean requires(boolean localAccount, java.util.function.BooleanSupplier administrator) {
            return switch (enforcement) {
                case ALL_USERS -> true;
                case ADMINS -> administrator.getAsBoolean();
                case LOCAL_ACCOUNTS -> localAccount;
                case OPTIONAL -> false;
            };
        }

        /** {@code totp, webauthn} as the configuration writes them. */
        public String allowedNames() {
            return String.join(", ", methods.stream().map(MfaMethod::configName).toList());
        }
    }

    /** The kinds of identity provider {@code integrations.sso.provider} names, and the methods each signs in with. */
    public enum Provider {
        OKTA("okta", "Okta", "oidc", "saml"),
        AZURE_AD("azure_ad", "Microsoft Entra ID", "oidc", "saml"),
        KEYCLOAK("keycloak", "Keycloak", "oidc", "saml"),
        GOOGLE("google", "Google", "oidc", "saml"),
        PING("ping", "Ping Identity", "oidc", "saml"),
        ONELOGIN("onelogin", "OneLogin", "oidc", "saml"),
        AUTH0("auth0", "Auth0", "oidc", "saml"),
        OIDC("oidc", null, "oidc"),
        SAML("saml", null, "saml"),
        LDAP("ldap", null, "ldap"),
        ACTIVE_DIRECTORY("active_directory", "Active Directory", "ldap");

        private final String configName;
        private final String displayName;
        private final List<String> methods;

        Provider(String configName, String displayName, String... methods) {
            this.configName = configName;
            this.displayName = displayName;
            this.methods = List.of(methods);
        }

        public String configName() {
            return configName;
        }

        /** The name people know the provider by; null for a bare protocol. */
        public String displayName() {
            return displayName;
        }

        /** The sign-in methods (oidc, saml, ldap) this provider can be configured with, preferred first. */
        public List<String> methods() {
            return methods;
        }

        /** {@code entra_id} and {@code azure} are Azure AD's other names. */
        public static java.util.Optional<Provider> named(String name) {
            String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
            if (n.equals("entra_id") || n.equals("azure") || n.equals("entra")) {
                return java.util.Optional.of(AZURE_AD);
            }
            for (Provider provider : values()) {
                if (provider.configName.equals(n)) {
                    return java.util.Optional.of(provider);
                }
            }
            return java.util.Optional.empty();
        }

        public static String names() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Provider::configName).toList());
        }
    }

    /** The linking policy for one provider's identities, as its configuration section declares it. */
    public Linking linking(String method) {
        return switch (method) {
            case "oidc" -> oidc == null ? Linking.DEFAULT : oidc.linking();
            case "saml" -> saml == null ? Linking.DEFAULT : saml.linking();
            case "ldap" -> ldap == null ? Linking.DEFAULT : ldap.linking();
            default -> Linking.DEFAULT;
        };
    }

    /**
     * How a provider's identities may reach existing accounts.
     *
     * @param emailAuthoritative every address the provider sends counts as verified (OIDC also honours
     *                           {@code email_verified: true} without it)
     * @param linkByEmail        a first sign-in with a verified address may link to the existing account of that address
     */
    public record Linking(boolean emailAuthoritative, boolean linkByEmail) {

        public static final Linking DEFAULT = new Linking(false, true);
    }

    /**
     * @param mfaAmrValues {@code amr} values that count as the provider's MFA; none: the provider's MFA never counts
     * @param mfaAcrValues {@code acr} values that count as the provider's MFA
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret, List<String> scopes, String groupsClaim,
            String emailClaim, String displayName, Linking linking, List<String> mfaAmrValues,
            List<String> mfaAcrValues) {

        /** The name the sign-in page gives the provider when its section names none. */
        public static final String DEFAULT_DISPLAY_NAME = "your identity provider";

        public Oidc {
            linking = linking == null ? Linking.DEFAULT : linking;
            mfaAmrValues = mfaAmrValues == null ? List.of() : List.copyOf(mfaAmrValues);
            mfaAcrValues = mfaAcrValues == null ? List.of() : List.copyOf(mfaAcrValues);
        }

        @Override
        public String toString() {
            return "Oidc[" + issuerUri + ", " + clientId + "]";
        }
    }

    /**
     * @param mfaAuthnContexts authentication contexts that count as the IdP's MFA; none: its MFA never counts
     * @param idpInitiated     accept responses the IdP sends unasked
     * @param acsUrl           the assertion consumer service URL the SP metadata advertises and responses must be
     *                         addressed to; null: {public_url}/auth/saml/acs
     */
    public record Saml(URI idpMetadataUrl, Path idpMetadataFile, String idpEntityId, URI idpSsoUrl,
            String idpCertificate, String entityId, String emailAttribute, String groupsAttribute, Duration clockSkew,
            String displayName, Linking linking, List<String> mfaAuthnContexts, boolean idpInitiated, URI acsUrl) {

        /** The name the sign-in page gives the IdP when its section names none. */
        public static final String DEFAULT_DISPLAY_NAME = "SAML single sign-on";

        public Saml {
            linking = linking == null ? Linking.DEFAULT : linking;
            mfaAuthnContexts = mfaAuthnContexts == null ? List.of() : List.copyOf(mfaAuthnContexts);
        }

        /** Settings whose ACS URL follows the public URL. */
        public Saml(URI idpMetadataUrl, Path idpMetadataFile, String idpEntityId, URI idpSsoUrl, String idpCertificate,
                String entityId, String emailAttribute, String groupsAttribute, Duration clockSkew, String displayName,
                Linking linking, List<String> mfaAuthnContexts, boolean idpInitiated) {
            this(idpMetadataUrl, idpMetadataFile, idpEntityId, idpSsoUrl, idpCertificate, entityId, emailAttribute,
                    groupsAttribute, clockSkew, displayName, linking, mfaAuthnContexts, idpInitiated, null);
        }
    }

    /**
     * @param activeDirectory   read groups from {@code memberOf}; otherwise search group entries
     * @param emailSearchFilter finds the entry for a name typed as an e-mail address; null: user names only
     */
    public record Ldap(String url, boolean activeDirectory, String baseDn, String bindDn, String bindPassword,
            String userSearchBase, String userSearchFilter, String groupSearchBase, String groupSearchFilter,
            String emailAttribute, String displayName, Linking linking, String emailSearchFilter) {

        public Ldap {
            linking = linking == null ? Linking.DEFAULT : linking;
        }

        @Override
        public String toString() {
            return "Ldap[" + url + ", " + baseDn + "]";
        }
    }

    public record GroupMapping(String team, List<String> roles) {

        public GroupMapping {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public record DeviceLogin(Duration keyLifetime, Duration codeLifetime, Duration pollInterval) {

        public static final DeviceLogin DEFAULTS = new DeviceLogin(Duration.ofHours(12), Duration.ofMinutes(10),
                Duration.ofSeconds(5));
    }
}
