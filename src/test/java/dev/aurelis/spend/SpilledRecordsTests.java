package dev.aurelis.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Records spilled to disk by the previous version replay after an upgrade, as single attempts. */
class SpilledRecordsTests extends GatewayTestBase {

    @Autowired
    UsageLedger ledger;

    @Value("${aurelis.data-dir}")
    String dataDir;

    @Test
    void replaysARecordSpilledBeforeAttemptsWereRecorded() throws IOException {
        String requestId = "req_spilled_" + UUID.randomUUID().toString().replace("-", "");
        String line = """
                {"id":"%s","tenantId":"tenant-test","createdAt":"2026-03-02T10:00:00Z","requestId":"%s","userId":null,\
                "userEmail":"old@example.com","keyId":null,"team":null,"department":null,"costCenter":null,"project":null,\
                "modelRequested":"gpt-4o","modelServed":"gpt-4o","providerModel":"gpt-4o","provider":"fake-openai",\
                "endpoint":"/v1/chat/completions","clientTool":null,"streamed":false,"usage":{"inputTokens":10,\
                "cachedInputTokens":0,"cacheWriteTokens":0,"outputTokens":6,"reasoningTokens":0},"cost":0.000085,\
                "currency":"USD","priced":true,"status":200,"errorType":null,"latencyMs":12,"firstTokenMs":null}
                """.formatted(UUID.randomUUID(), requestId);
        Path spill = Path.of(dataDir).toAbsolutePath().resolve("ledger-spill.jsonl");
        Files.createDirectories(spill.getParent());
        Files.writeString(spill, line);

        ledger.replaySpill();

        assertThat(spill).doesNotExist();
        JsonNode usage = json(admin("GET", "/api/v1/usage?request_id=" + requestId, null).body());
        assertThat(usage.get("records")).singleElement().satisfies(record -> {
            assertThat(record.get("attempt").asInt()).isEqualTo(1);
            assertThat(record.get("retried").asBoolean()).isFalse();
            assertThat(record.get("input_tokens").asLong()).isEqualTo(10);
        });
        assertThat(usage.at("/totals/requests").asLong()).isEqualTo(1);
    }
}
