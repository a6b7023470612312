package dev.aurelis.privacy.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our corpora: what developers paste that must pass untouched, and what a leak looks like. */
class CorpusTests {

    private static final Scanner SCANNER = Scanner.compile(new ScannerSettings(List.of("US", "DE", "GB"), null, null));

    @Test
    void identifiersHashesLockFilesAndFixturesFireNothing() throws IOException {
        String corpus = resource("/privacy/false-positives.txt");

        List<Detection> found = SCANNER.scan(corpus);

        assertThat(found).as("findings in the false-positive corpus: %s", describe(corpus, found)).isEmpty();
    }

    @Test
    void aLeakedEnvironmentFileAndALogExcerptAreFoundRuleByRule() {
        String leak = """
                DATABASE_URL=postgres://app:Zr8!qT4wLp@db.internal:5432/app
                AWS_ACCESS_KEY_ID=AKIAGPRQSE4T5ZZHQOUW
                AWS_SECRET_ACCESS_KEY=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
                GITHUB_TOKEN=ghp_RHLfBERkIyDtFDBAM0gqEzpC3N8FeKjFTrKC
                2025-11-03 14:10:07 ERROR charge failed for jane.doe@acme-corp.io card=4539017494109883 from 81.2.69.142
                """;

        List<Detection> found = SCANNER.scan(leak);

        assertThat(found).extracting(d -> d.rule().name()).containsExactly("connection_string_password",
                "aws_access_key", "aws_secret_key", "github_token", "email", "payment_card", "ip_address");
        assertThat(found.get(0)).satisfies(d -> assertThat(leak.substring(d.start(), d.end())).isEqualTo("Zr8!qT4wLp"));
    }

    @Test
    void aSecretInsideJsonEscapedTextIsFound() {
        String json = "{\"content\":\"my config:\\nDB_PASSWORD=AvBe8Pqd05ovm#\\nand a key -----BEGIN RSA PRIVATE KEY-----"
                + "\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\\n-----END RSA PRIVATE KEY-----\"}";

        assertThat(SCANNER.scan(json)).extracting(d -> d.rule().name()).contains("generic_password", "private_key");
    }

    @Test
    void customPatternsAndDictionariesAreFoundWholeAndCaseInsensitively() {
        Scanner scanner = Scanner.compile(new ScannerSettings(null,
                List.of(new ScannerSettings.CustomPattern("employee_id", "EMP-\\d{6}", List.of("EMP-"), Category.PERSONAL_DATA),
                        new ScannerSettings.CustomPattern("ticket_secret", "TKS[0-9A-F]{8}", null, null)),
                List.of(new ScannerSettings.Dictionary("customer_name", List.of("Globex Corporation", "Initech"), null))));

        List<Detection> found = scanner.scan("EMP-004211 filed it for globex corporation; TKS00FF12AB; initechs; EMP-12");

        assertThat(found).extracting(d -> d.rule().name()).containsExactly("employee_id", "customer_name", "ticket_secret");
        assertThat(found.get(0).rule().category()).isEqualTo(Category.PERSONAL_DATA);
        assertThat(found.get(1).rule().category()).isEqualTo(Category.CUSTOM);
    }

    @Test
    void nationalPhoneNumbersCountOnlyForTheConfiguredRegions() {
        String german = "Rufen Sie 030 901820 12 an";
        assertThat(Scanner.compile(new ScannerSettings(List.of("DE"), null, null)).scan(german))
                .extracting(d -> d.rule().name()).containsExactly("phone_number");
        assertThat(Scanner.compile(new ScannerSettings(List.of("US"), null, null)).scan(german)).isEmpty();
    }

    @Test
    void badCustomDefinitionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Scanner.compile(new ScannerSettings(null,
                List.of(new ScannerSettings.CustomPattern("broken", "EMP-(", null, null)), null)))
                .hasMessageContaining("pattern 'broken' is not a valid regular expression");
        assertThatThrownBy(() -> Scanner.compile(new ScannerSettings(null,
                List.of(new ScannerSettings.CustomPattern("everything", ".*", null, null)), null)))
                .hasMessageContaining("matches empty text");
        assertThatThrownBy(() -> Scanner.compile(new ScannerSettings(null, null,
                List.of(new ScannerSettings.Dictionary("email", List.of("x"), null)))))
                .hasMessageContaining("detector 'email' is defined twice");
        assertThatThrownBy(() -> Scanner.compile(new ScannerSettings(List.of("XX"), null, null)))
                .hasMessageContaining("'XX' is not a region");
    }

    @Test
    void theKeywordAutomatonFindsOverlappingKeywords() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("he", "she", "his", "hers"));
        int state = automaton.start();
        int matches = 0;
        for (char c : "uSHErs".toCharArray()) {
            state = automaton.step(state, c);
            int[] ids = automaton.matchesAt(state);
            matches += ids == null ? 0 : ids.length;
        }
        assertThat(matches).isEqualTo(3); // she, he, hers
    }

    private static String describe(String text, List<Detection> found) {
        return found.stream().map(d -> d.rule().name() + "=" + text.substring(d.start(), d.end())).toList().toString();
    }

    private static String resource(String name) throws IOException {
        try (var in = CorpusTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
