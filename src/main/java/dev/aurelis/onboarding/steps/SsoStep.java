package dev.aurelis.onboarding.steps;

import dev.aurelis.configuration.Sso;
import dev.aurelis.identity.IdentityProviderCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code configure_sso_integration}: with {@code integrations.sso.enabled}, the identity provider the configuration
 * names answers as sign-in will need it to: an OIDC issuer's discovery document, a SAML IdP's metadata, an LDAP
 * directory's port. SSO left off is a success that says people sign in with local accounts and keys.
 */
@Component
class SsoStep implements OnboardingStep {

    private final IdentityProviderCheck check;

    SsoStep(IdentityProviderCheck check) {
        this.check = check;
    }

    @Override
    public String name() {
        return "configure_sso_integration";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        Sso sso = context.config().integrations().sso();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("enabled", sso.enabled());
        if (!sso.enabled()) {
            result.put("note", "integrations.sso is off: people sign in with local accounts and API keys");
            return result;
        }
        result.put("provider", sso.provider());
        if (sso.oidc() == null && sso.saml() == null && sso.ldap() == null) {
            throw new StepFailed("integrations.sso is enabled (provider " + sso.provider() + ") but names no identity "
                    + "provider to reach: add integrations.sso.oidc (issuer_uri, client_id), saml or ldap.");
        }
        try {
            if (sso.oidc() != null) {
                result.put("oidc_issuer", sso.oidc().issuerUri());
                result.put("authorization_endpoint", check.oidcDiscovery(sso.oidc().issuerUri()));
            }
            if (sso.saml() != null && sso.saml().idpMetadataUrl() != null) {
                result.put("saml_idp_entity_id", check.samlMetadata(sso.saml().idpMetadataUrl()));
            } else if (sso.saml() != null) {
                result.put("saml_idp_entity_id", sso.saml().idpEntityId());
            }
            if (sso.ldap() != null) {
                check.ldapPort(sso.ldap().url());
                result.put("ldap_reachable", true);
            }
        } catch (IdentityProviderCheck.Unreachable e) {
            throw new StepFailed(e.getMessage());
        }
        return result;
    }
}
