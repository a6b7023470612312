package dev.aurelis.configuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code integrations.sso:} how people sign in to the console, the admin API and {@code aurelis login}. The Cortex
 * brief's {@code auth.sso} is this section (its {@code idp_metadata_url}, {@code acs_url} and {@code entity_id} are
 * {@code saml.*}).
 *
 * @param provider         the identity provider's kind as the template names it (okta, azure_ad, keycloak, google,
 *                         ping, onelogin, auth0, oidc, saml, ldap, active_directory): must be one the sections below
 *                         configure a method for; the sign-in page leads with it, under its name (ADR 0050)
 * @param autoProvisioning create a user at their first sign-in; otherwise only known users may sign in
 * @param groupSync        apply {@code group_mappings} to the provider's groups at every sign-in
 * @param publicUrl        the URL people reach Aurelis at (SAML ACS and entity id, device verification page);
 *                         taken from each request when unset
 * @param oidc             OpenID Connect provider (Okta, Entra ID, Keycloak, any compliant provider)
 * @param saml             SAML 2.0 identity provider
 * @param ldap             LDAP directory (Active Directory or OpenLDAP)
 * @param groupMappings    provider group name to the team and roles it grants
 * @param deviceLogin      {@code aurelis login} (RFC 8628 device authorisation)
 * @param connectTimeout   how long any call to an identity provider or directory may take to connect (default 5s)
 * @param readTimeout      how long it may wait for an answer (default 10s): OIDC discovery, token, user info and
 *                         keys, SAML metadata, every LDAP operation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Sso(
        boolean enabled,
        String provider,
        boolean autoProvisioning,
        boolean groupSync,
        URI publicUrl,
        @Valid Oidc oidc,
        @Valid Saml saml,
        @Valid Ldap ldap,
        Map<String, @Valid GroupMapping> groupMappings,
        @Valid DeviceLogin deviceLogin,
        @JsonDeserialize(using = HumanDurationDeserializer.class) Duration connectTimeout,
        @JsonDeserialize(using = HumanDurationDeserializer.class) Duration readTimeout) {

    /** The longest either timeout may be: a sign-in must never wait on a provider for long. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    public Sso {
        groupMappings = Defaults.map(groupMappings, GroupMapping::defaults);
        deviceLogin = Defaults.orElse(deviceLogin, DeviceLogin.defaults());
        connectTimeout = Defaults.orElse(connectTimeout, Duration.ofSeconds(5));
        readTimeout = Defaults.orElse(readTimeout, Duration.ofSeconds(10));
    }

    public static Sso defaults() {
        return new Sso(false, null, false, false, null, null, null, null, null, null, null, null);
    }

    /**
     * @param issuerUri    the issuer; its {@code /.well-known/openid-configuration} is read at first use
     * @param scopes       default openid, profile, email
     * @param groupsClaim  the ID token or user-info claim listing the user's groups (default groups)
     * @param emailClaim   the claim holding the e-mail address (default email; Entra ID may need preferred_username)
     * @param emailAuthoritative every address the provider sends counts as verified, even without
     *                     {@code email_verified: true} (only for providers whose addresses only administrators set)
     * @param linkByEmail  a first sign-in with a verified address may link to the existing account of that address
     *                     (default true; never a local account, never one bound to another identity here)
     * @param mfaAmrValues {@code amr} values that count as the provider having done MFA (default none: never)
     * @param mfaAcrValues {@code acr} values that count as the provider having done MFA (default none: never)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Oidc(
            @NotBlank(message = "is required") String issuerUri,
            @NotBlank(message = "is required") String clientId,
            String clientSecret,
            List<@NotBlank(message = "must not be empty") String> scopes,
            String groupsClaim,
            String emailClaim,
            String displayName,
            boolean emailAuthoritative,
            Boolean linkByEmail,
            List<@NotBlank(message = "must not be empty") String> mfaAmrValues,
            List<@NotBlank(message = "must not be empty") String> mfaAcrValues) {

        public Oidc {
            scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : Defaults.list(scopes);
            groupsClaim = Defaults.orElse(Defaults.blankToNull(groupsClaim), "groups");
            emailClaim = Defaults.orElse(Defaults.blankToNull(emailClaim), "email");
            displayName = Defaults.orElse(Defaults.blankToNull(displayName),
                    dev.aurelis.identity.SignInSettings.Oidc.DEFAULT_DISPLAY_NAME);
            linkByEmail = Defaults.orElse(linkByEmail, true);
            mfaAmrValues = Defaults.list(mfaAmrValues);
            mfaAcrValues = Defaults.list(mfaAcrValues);
        }
    }

    /**
     * Either the IdP's metadata ({@code idp_metadata_url} or {@code idp_metadata_file}) or its entity id, SSO URL
     * and signing certificate.
     *
     * @param entityId        this service provider's entity id (default: {public_url}/auth/saml/metadata)
     * @param acsUrl          where the IdP posts assertions: the SP metadata and AuthnRequests advertise it, and a
     *                        response's Destination and Recipient must name it (default {public_url}/auth/saml/acs,
     *                        where Aurelis receives them; another path must be routed there by the proxy in front)
     * @param emailAttribute  attribute with the e-mail address; the NameID is used when it is absent
     * @param groupsAttribute attribute listing the user's groups (default groups)
     * @param clockSkew       tolerance for the assertion's time window (default 2m)
     * @param emailAuthoritative the IdP vouches for the addresses it sends (SAML has no verification flag, so an
     *                        address counts as verified only with this set)
     * @param linkByEmail     a first sign-in with a verified address may link to the existing account of that
     *                        address (default true; never a local account, never one bound to another identity here)
     * @param mfaAuthnContexts AuthnContextClassRef (or Entra authnmethodsreferences) values that count as the IdP
     *                        having done MFA (default none: never)
     * @param idpInitiated    accept responses the IdP sends unasked (IdP-initiated sign-in from its portal); off by
     *                        default, because an unsolicited response can sign a browser in to someone else's
     *                        account (login CSRF)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Saml(
            URI idpMetadataUrl,
            Path idpMetadataFile,
            String idpEntityId,
            URI idpSsoUrl,
            String idpCertificate,
            String entityId,
            URI acsUrl,
            String emailAttribute,
            String groupsAttribute,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration clockSkew,
            String displayName,
            boolean emailAuthoritative,
            Boolean linkByEmail,
            List<@NotBlank(message = "must not be empty") String> mfaAuthnContexts,
            boolean idpInitiated) {

        public Saml {
            groupsAttribute = Defaults.orElse(Defaults.blankToNull(groupsAttribute), "groups");
            clockSkew = Defaults.orElse(clockSkew, Duration.ofMinutes(2));
            displayName = Defaults.orElse(Defaults.blankToNull(displayName),
                    dev.aurelis.identity.SignInSettings.Saml.DEFAULT_DISPLAY_NAME);
            linkByEmail = Defaults.orElse(linkByEmail, true);
            mfaAuthnContexts = Defaults.list(mfaAuthnContexts);
        }
    }

    /**
     * @param schema           openldap (default) or active_directory; picks the defaults of the search filters
     * @param bindDn           account that searches the directory; anonymous when unset
     * @param userSearchFilter {0} is the name typed at sign-in
     * @param groupSearchFilter OpenLDAP only: {0} is the user's DN, {1} the name typed; Active Directory reads memberOf
     * @param emailSearchFilter finds the entry when the name typed is an e-mail address ({0}); default
     *                         {@code (mail={0})}, on Active Directory {@code (|(userPrincipalName={0})(mail={0}))};
     *                         empty: directory accounts sign in by user name only
     * @param emailAuthoritative the directory's e-mail attribute counts as verified (set it when people cannot
     *                         change their own address in the directory)
     * @param linkByEmail      a first sign-in with a verified address may link to the existing account of that
     *                         address (default true; never a local account, never one bound to another entry here)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ldap(
            @NotBlank(message = "is required") String url,
            String schema,
            @NotBlank(message = "is required") String baseDn,
            String bindDn,
            String bindPassword,
            String userSearchBase,
            String userSearchFilter,
            String groupSearchBase,
            String groupSearchFilter,
            String emailAttribute,
            String displayName,
            String emailSearchFilter,
            boolean emailAuthoritative,
            Boolean linkByEmail) {

        public static final String OPENLDAP = "openldap";
        public static final String ACTIVE_DIRECTORY = "active_directory";

        public Ldap {
            schema = Defaults.orElse(Defaults.blankToNull(schema), OPENLDAP);
            boolean ad = ACTIVE_DIRECTORY.equals(schema);
            userSearchBase = Defaults.orElse(userSearchBase, "");
            userSearchFilter = Defaults.orElse(Defaults.blankToNull(userSearchFilter),
                    ad ? "(&(objectClass=user)(|(sAMAccountName={0})(userPrincipalName={0})))" : "(uid={0})");
            groupSearchBase = Defaults.orElse(groupSearchBase, "");
            groupSearchFilter = Defaults.orElse(Defaults.blankToNull(groupSearchFilter),
                    "(|(member={0})(uniqueMember={0})(memberUid={1}))");
            emailAttribute = Defaults.orElse(Defaults.blankToNull(emailAttribute), ad ? "userPrincipalName" : "mail");
            displayName = Defaults.orElse(Defaults.blankToNull(displayName), "directory account");
            emailSearchFilter = Defaults.orElse(emailSearchFilter, ad ? "(|(userPrincipalName={0})(mail={0}))" : "(mail={0})");
            linkByEmail = Defaults.orElse(linkByEmail, true);
        }
    }

    /** What membership of one provider group grants. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupMapping(String team, List<@NotBlank(message = "must name a role") String> roles) {

        public GroupMapping {
            roles = Defaults.list(roles);
        }

        public static GroupMapping defaults() {
            return new GroupMapping(null, null);
        }
    }

    /**
     * @param keyLifetime  how long the personal key issued to the CLI works (default 12h)
     * @param codeLifetime how long a device code may wait for approval (default 10m)
     * @param pollInterval the least time between the CLI's polls, whole seconds (default 5s; 0s leaves the pace to
     *                     the client and never answers slow_down)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeviceLogin(
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration keyLifetime,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration codeLifetime,
            @JsonDeserialize(using = HumanDurationDeserializer.class) Duration pollInterval) {

        public DeviceLogin {
            keyLifetime = Defaults.orElse(keyLifetime, Duration.ofHours(12));
            codeLifetime = Defaults.orElse(codeLifetime, Duration.ofMinutes(10));
            pollInterval = Defaults.orElse(pollInterval, Duration.ofSeconds(5));
        }

        public static DeviceLogin defaults() {
            return new DeviceLogin(null, null, null);
        }
    }
}
