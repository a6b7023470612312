package dev.aurelis.configuration;

import dev.aurelis.identity.SignInSettings;
import dev.aurelis.identity.SignInSettings.MfaEnforcement;
import dev.aurelis.identity.SignInSettings.MfaMethod;
import dev.aurelis.tenancy.TenantId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code security.mfa_methods}, {@code security.mfa_enforcement}, {@code integrations.sso.provider} and
 * {@code integrations.sso.saml.acs_url} as the loader checks them and the applier hands them to sign-in (ADR 0050).
 */
class IdentityConfigurationTests {

    private static final TenantId TENANT = TenantId.of("acme");

    @Test
    void mapsTheMfaSettingsToWhoMustUseWhichFactor() {
        assertThat(mfa("security: { mfa_methods: [webauthn], mfa_enforcement: admins }"))
                .isEqualTo(new SignInSettings.Mfa(Set.of(MfaMethod.WEBAUTHN), MfaEnforcement.ADMINS));
        assertThat(mfa("security: { mfa_methods: [fido2, TOTP] }"))
                .isEqualTo(new SignInSettings.Mfa(Set.of(MfaMethod.WEBAUTHN, MfaMethod.TOTP), MfaEnforcement.OPTIONAL));
        // mfa_required alone keeps its meaning: local accounts (the bootstrap administrator, break-glass accounts)
        assertThat(mfa("security: { mfa_required: true }").enforcement()).isEqualTo(MfaEnforcement.LOCAL_ACCOUNTS);
        assertThat(mfa("security: { mfa_required: true, mfa_enforcement: all_users }").enforcement())
                .isEqualTo(MfaEnforcement.ALL_USERS);
        assertThat(mfa("security: {}").methods()).containsExactlyInAnyOrder(MfaMethod.TOTP, MfaMethod.WEBAUTHN);
    }

    @Test
    void refusesFactorsAurelisDoesNotOfferWithTheReason() {
        InvalidConfigurationException invalid = invalid("""
                security:
                  mfa_methods: [totp, sms, biometric, yubiotp]
                """);

        assertThat(invalid.problems()).extracting(ConfigurationProblem::path).containsExactly(
                "security.mfa_methods[1]", "security.mfa_methods[2]", "security.mfa_methods[3]");
        assertThat(invalid.problems()).extracting(ConfigurationProblem::reason).containsExactly(
                "'sms' is not offered: codes sent by text message can be intercepted or redirected (SIM swap); use "
                        + "totp or webauthn",
                "'biometric' reaches Aurelis through WebAuthn (Touch ID, Windows Hello and other platform "
                        + "authenticators): list webauthn",
                "'yubiotp' is not a second factor Aurelis offers (totp, webauthn)");
    }

    @Test
    void refusesAnUnknownEnforcementAndOneThatContradictsMfaRequired() {
        assertThat(invalid("""
                security:
                  mfa_enforcement: sometimes
                """).problems()).singleElement().isEqualTo(new ConfigurationProblem("security.mfa_enforcement",
                "'sometimes' is not an enforcement policy (all_users, admins, local_accounts, optional)", 2));
        assertThat(invalid("""
                security:
                  mfa_required: true
                  mfa_enforcement: optional
                """).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("security.mfa_enforcement");
            assertThat(problem.reason()).startsWith("is optional, yet security.mfa_required is true");
            assertThat(problem.line()).isEqualTo(3);
        });
    }

    @Test
    void theProviderMustBeKnownAndSignInThroughAConfiguredMethod() {
        assertThat(invalid("""
                integrations:
                  sso:
                    enabled: true
                    provider: octa
                """).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("integrations.sso.provider");
            assertThat(problem.reason()).startsWith("'octa' is not an identity provider Aurelis knows (okta, azure_ad");
            assertThat(problem.line()).isEqualTo(4);
        });
        assertThat(invalid("""
                integrations:
                  sso:
                    enabled: true
                    provider: saml
                    oidc: { issuer_uri: "https://login.example.com", client_id: aurelis }
                """).problems()).singleElement().isEqualTo(new ConfigurationProblem("integrations.sso.provider",
                "'saml' signs in through saml, but only oidc is configured: add integrations.sso.saml, or name the "
                        + "provider of what is configured", 4));
    }

    @Test
    void theTemplatesProviderWithoutItsSectionLoadsAndIsNamed() {
        AurelisConfig config = ConfigurationLoader.load("""
                integrations:
                  sso: { enabled: true, provider: "okta", auto_provisioning: true }
                """, Map.of()).config();

        SignInSettings settings = ConfigurationApplier.signInOf(config, TENANT);

        assertThat(settings.provider()).isEqualTo(SignInSettings.Provider.OKTA);
        assertThat(settings.oidc()).isNull();
        assertThat(ConfigurationApplier.signInOf(ConfigurationLoader.load("""
                integrations:
                  sso: { enabled: true, provider: entra_id, oidc: { issuer_uri: "https://login.example.com", client_id: a } }
                """, Map.of()).config(), TENANT).provider()).isEqualTo(SignInSettings.Provider.AZURE_AD);
    }

    @Test
    void theAcsUrlReachesSignInAndMustBeAnHttpsUrlWhenEncryptionInTransitIsOn() {
        String saml = """
                integrations:
                  sso:
                    enabled: true
                    saml:
                      idp_metadata_url: "https://idp.example.com/metadata"
                      acs_url: "%s"
                """;
        AurelisConfig config = ConfigurationLoader.load(saml.formatted("https://aurelis.example.com/sso/acs"), Map.of())
                .config();
        assertThat(ConfigurationApplier.signInOf(config, TENANT).saml().acsUrl())
                .hasToString("https://aurelis.example.com/sso/acs");

        assertThat(invalid("security: { encryption_in_transit: true }\n" + saml.formatted("http://aurelis.example.com/acs"))
                .problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("integrations.sso.saml.acs_url");
            assertThat(problem.reason()).contains("would have the IdP post assertions in clear text");
        });
        assertThat(invalid(saml.formatted("/auth/saml/acs")).problems()).singleElement().satisfies(problem ->
                assertThat(problem.reason()).startsWith("'/auth/saml/acs' is not an absolute http or https URL"));
    }

    private static SignInSettings.Mfa mfa(String yaml) {
        return ConfigurationApplier.mfaOf(ConfigurationLoader.load(yaml, Map.of()).config().security());
    }

    private static InvalidConfigurationException invalid(String yaml) {
        InvalidConfigurationException exception = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigurationLoader.load(yaml, Map.of()));
        assertThat(exception).as("loading should have failed").isNotNull();
        return exception;
    }
}
