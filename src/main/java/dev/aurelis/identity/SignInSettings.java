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
 */
public record SignInSettings(TenantId tenantId, boolean autoProvisioning, boolean groupSync, URI publicUrl,
        boolean mfaRequired, Duration sessionTimeout, Oidc oidc, Saml saml, Ldap ldap,
        Map<String, GroupMapping> groupMappings, DeviceLogin deviceLogin, List<String> scimAllowedRoles,
        Duration connectTimeout, Duration readTimeout) {

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
     */
    public record Saml(URI idpMetadataUrl, Path idpMetadataFile, String idpEntityId, URI idpSsoUrl,
            String idpCertificate, String entityId, String emailAttribute, String groupsAttribute, Duration clockSkew,
            String displayName, Linking linking, List<String> mfaAuthnContexts, boolean idpInitiated) {

        public Saml {
            linking = linking == null ? Linking.DEFAULT : linking;
            mfaAuthnContexts = mfaAuthnContexts == null ? List.of() : List.copyOf(mfaAuthnContexts);
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
