package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.SignInSettings.Linking;
import dev.aurelis.identity.SignInSettings.Oidc;
import dev.aurelis.identity.SignInSettings.Saml;
import java.util.List;
import java.util.function.UnaryOperator;

/** Changes of the test server's sign-in settings, for {@link SignInTestBase#withSettings}. */
final class ChangedSettings {

    private ChangedSettings() {
    }

    static UnaryOperator<SignInSettings> oidc(UnaryOperator<Oidc> change) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), change.apply(s.oidc()), s.saml(), s.ldap(), s.groupMappings(), s.deviceLogin());
    }

    static UnaryOperator<SignInSettings> saml(UnaryOperator<Saml> change) {
        return s -> new SignInSettings(s.tenantId(), s.autoProvisioning(), s.groupSync(), s.publicUrl(), s.mfaRequired(),
                s.sessionTimeout(), s.oidc(), change.apply(s.saml()), s.ldap(), s.groupMappings(), s.deviceLogin());
    }

    static UnaryOperator<Oidc> oidcLinking(Linking linking) {
        return o -> new Oidc(o.issuerUri(), o.clientId(), o.clientSecret(), o.scopes(), o.groupsClaim(), o.emailClaim(),
                o.displayName(), linking, o.mfaAmrValues(), o.mfaAcrValues());
    }

    static UnaryOperator<Oidc> oidcMfaAmr(List<String> amr) {
        return o -> new Oidc(o.issuerUri(), o.clientId(), o.clientSecret(), o.scopes(), o.groupsClaim(), o.emailClaim(),
                o.displayName(), o.linking(), amr, o.mfaAcrValues());
    }

    static UnaryOperator<Saml> samlLinking(Linking linking) {
        return s -> new Saml(s.idpMetadataUrl(), s.idpMetadataFile(), s.idpEntityId(), s.idpSsoUrl(), s.idpCertificate(),
                s.entityId(), s.emailAttribute(), s.groupsAttribute(), s.clockSkew(), s.displayName(), linking,
                s.mfaAuthnContexts());
    }
}
