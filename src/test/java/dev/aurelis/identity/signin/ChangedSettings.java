package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.SignInSettings.Linking;
import dev.aurelis.identity.SignInSettings.Oidc;
import dev.aurelis.identity.SignInSettings.Saml;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Changes of the test server's sign-in settings, for {@link SignInTestBase#withSettings}. */
final class ChangedSettings {

    private ChangedSettings() {
    }

    static UnaryOperator<SignInSettings> oidc(UnaryOperator<Oidc> change) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), change.apply(s.oidc()), s.saml(), s.ldap(), s.groupMappings(), s.deviceLogin(),
                s.scimAllowedRoles(), s.connectTimeout(), s.readTimeout(), s.mfa(), s.provider());
    }

    static UnaryOperator<SignInSettings> saml(UnaryOperator<Saml> change) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), s.oidc(), change.apply(s.saml()), s.ldap(), s.groupMappings(), s.deviceLogin(),
                s.scimAllowedRoles(), s.connectTimeout(), s.readTimeout(), s.mfa(), s.provider());
    }

    static UnaryOperator<SignInSettings> ldap(UnaryOperator<SignInSettings.Ldap> change) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), s.oidc(), s.saml(), change.apply(s.ldap()), s.groupMappings(), s.deviceLogin(),
                s.scimAllowedRoles(), s.connectTimeout(), s.readTimeout(), s.mfa(), s.provider());
    }

    static UnaryOperator<SignInSettings> ldapUrl(String url) {
        return ldap(l -> new SignInSettings.Ldap(url, l.activeDirectory(), l.baseDn(), l.bindDn(), l.bindPassword(),
                l.userSearchBase(), l.userSearchFilter(), l.groupSearchBase(), l.groupSearchFilter(), l.emailAttribute(),
                l.displayName(), l.linking(), l.emailSearchFilter()));
    }

    static UnaryOperator<SignInSettings> ldapEmailSearch(String filter) {
        return ldap(l -> new SignInSettings.Ldap(l.url(), l.activeDirectory(), l.baseDn(), l.bindDn(), l.bindPassword(),
                l.userSearchBase(), l.userSearchFilter(), l.groupSearchBase(), l.groupSearchFilter(), l.emailAttribute(),
                l.displayName(), l.linking(), filter));
    }

    static UnaryOperator<SignInSettings> timeouts(Duration connect, Duration read) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), s.oidc(), s.saml(), s.ldap(), s.groupMappings(), s.deviceLogin(),
                s.scimAllowedRoles(), connect, read, s.mfa(), s.provider());
    }

    static UnaryOperator<SignInSettings> mfa(SignInSettings.Mfa policy) {
        return s -> s.withMfa(policy);
    }

    static UnaryOperator<SignInSettings> provider(SignInSettings.Provider provider) {
        return s -> s.withProvider(provider);
    }

    /** The ACS URL the SP metadata advertises and responses must be addressed to. */
    static UnaryOperator<Saml> samlAcsUrl(URI acsUrl) {
        return s -> new Saml(s.idpMetadataUrl(), s.idpMetadataFile(), s.idpEntityId(), s.idpSsoUrl(), s.idpCertificate(),
                s.entityId(), s.emailAttribute(), s.groupsAttribute(), s.clockSkew(), s.displayName(), s.linking(),
                s.mfaAuthnContexts(), s.idpInitiated(), acsUrl);
    }

    static UnaryOperator<SignInSettings> both(UnaryOperator<SignInSettings> first, UnaryOperator<SignInSettings> second) {
        return s -> second.apply(first.apply(s));
    }

    static UnaryOperator<Oidc> oidcLinking(Linking linking) {
        return o -> new Oidc(o.issuerUri(), o.clientId(), o.clientSecret(), o.scopes(), o.groupsClaim(), o.emailClaim(),
                o.displayName(), linking, o.mfaAmrValues(), o.mfaAcrValues());
    }

    static UnaryOperator<Oidc> oidcMfaAmr(List<String> amr) {
        return o -> new Oidc(o.issuerUri(), o.clientId(), o.clientSecret(), o.scopes(), o.groupsClaim(), o.emailClaim(),
                o.displayName(), o.linking(), amr, o.mfaAcrValues());
    }

    static UnaryOperator<Oidc> oidcIssuer(String issuer) {
        return o -> new Oidc(issuer, o.clientId(), o.clientSecret(), o.scopes(), o.groupsClaim(), o.emailClaim(),
                o.displayName(), o.linking(), o.mfaAmrValues(), o.mfaAcrValues());
    }

    static UnaryOperator<Saml> samlLinking(Linking linking) {
        return s -> new Saml(s.idpMetadataUrl(), s.idpMetadataFile(), s.idpEntityId(), s.idpSsoUrl(), s.idpCertificate(),
                s.entityId(), s.emailAttribute(), s.groupsAttribute(), s.clockSkew(), s.displayName(), linking,
                s.mfaAuthnContexts(), s.idpInitiated(), s.acsUrl());
    }

    static UnaryOperator<Saml> samlIdpInitiated(boolean allowed) {
        return s -> new Saml(s.idpMetadataUrl(), s.idpMetadataFile(), s.idpEntityId(), s.idpSsoUrl(), s.idpCertificate(),
                s.entityId(), s.emailAttribute(), s.groupsAttribute(), s.clockSkew(), s.displayName(), s.linking(),
                s.mfaAuthnContexts(), allowed, s.acsUrl());
    }

    /** The IdP as its metadata at {@code url} describes it (entity id, SSO URL and certificate from there). */
    static UnaryOperator<Saml> samlMetadata(URI url) {
        return s -> new Saml(url, null, null, null, null, s.entityId(), s.emailAttribute(), s.groupsAttribute(),
                s.clockSkew(), s.displayName(), s.linking(), s.mfaAuthnContexts(), s.idpInitiated(), s.acsUrl());
    }

    /** The attribute names and MFA contexts an IdP uses. */
    static UnaryOperator<Saml> samlAttributes(String email, String groups, List<String> mfaContexts) {
        return s -> new Saml(s.idpMetadataUrl(), s.idpMetadataFile(), s.idpEntityId(), s.idpSsoUrl(), s.idpCertificate(),
                s.entityId(), email, groups, s.clockSkew(), s.displayName(), s.linking(), mfaContexts, s.idpInitiated(),
                s.acsUrl());
    }
}
