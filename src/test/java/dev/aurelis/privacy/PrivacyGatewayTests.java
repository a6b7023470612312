package dev.aurelis.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The privacy step on the gateway, per action and in both wire formats, streamed and not: what the provider
 * receives, what the client gets back, and what the ledger notes.
 */
class PrivacyGatewayTests extends PrivacyTestBase {

    @Test
    void byDefaultSecretsAndPersonalDataAreRedactedForACloudProviderWhileIdentifiersPass() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[
                  {"role":"system","content":"Repository at commit %s, run %s."},
                  {"role":"user","content":"Deploy with AWS_ACCESS_KEY_ID=%s and mail %s; again %s."}]}"""
                .formatted(COMMIT, UUID_TEXT, AWS_KEY, EMAIL, AWS_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String sent = FAKE.lastRequest().bodyText();
        assertThat(sent).doesNotContain(AWS_KEY).doesNotContain(EMAIL)
                .contains("AWS_ACCESS_KEY_ID=[SECRET:aws_access_key#1] and mail [PII:email#1]; again [SECRET:aws_access_key#1].")
                .contains(COMMIT).contains(UUID_TEXT);
        assertThat(ledgerRow(response).get("privacy")).isEqualTo("redacted class=restricted aws_access_key=2 email=1");
    }

    @Test
    void anAnthropicStreamHasItsSystemPromptAndToolResultsRedactedToo() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,
                 "system":[{"type":"text","text":"Use token %s"}],
                 "messages":[
                   {"role":"user","content":"read .env"},
                   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":".env"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"OWNER=%s"}]}]}"""
                .formatted(GITHUB_TOKEN, EMAIL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(events(response.body())).anyMatch(e -> "message_stop".equals(e[0]));
        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.body().at("/system/0/text").asString()).isEqualTo("Use token [SECRET:github_token#1]");
        assertThat(sent.body().at("/messages/2/content/0/content").asString()).isEqualTo("OWNER=[PII:email#1]");
        assertThat(sent.body().at("/messages/2/content/0/tool_use_id").asString()).isEqualTo("toolu_1");
    }

    @Test
    void anOnPremiseProviderGetsTheRequestAsWrittenUnderTheDefault() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"local-llama","messages":[{"role":"user","content":"key %s"}]}""".formatted(AWS_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).contains(AWS_KEY);
        assertThat(ledgerRow(response).get("provider")).isEqualTo("local");
    }

    @Test
    void aBlockPolicyRefusesInTheOpenAiFormatNamingTheDetectorAndWhereWithoutEchoingTheSecret() {
        String key = newKey("pay@privacy.test", "payments");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"},{"role":"user","content":"key %s"}]}"""
                .formatted(AWS_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(AWS_KEY);
        var error = json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asString()).isEqualTo("privacy_blocked");
        assertThat(error.get("message").asString()).contains("detector 'aws_access_key'").contains("messages[1].content");
        assertThat(FAKE.requestCount()).isZero();
        assertThat(ledgerRow(response).get("privacy")).isEqualTo("blocked class=restricted aws_access_key=1");
        String requestId = response.headers().firstValue("x-aurelis-request-id").orElseThrow();
        var entry = awaitAuditEntry("request:" + requestId);
        assertThat(entry.path("action").asString()).isEqualTo("privacy.screened");
        assertThat(entry.path("details").path("outcome").asString()).isEqualTo("blocked");
        assertThat(entry.path("details").path("detectors").path("aws_access_key").asInt()).isEqualTo(1);
        assertThat(entry.path("details").path("where").asString()).isEqualTo("messages[1].content");
        assertThat(entry.toString()).doesNotContain(AWS_KEY);
    }

    @Test
    void aBlockPolicyRefusesAStreamedAnthropicRequestInTheAnthropicFormat() {
        String key = newKey("pay@privacy.test", "payments");
        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":[{"type":"text","text":"use %s"}]}]}""".formatted(AWS_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(AWS_KEY);
        var body = json(response.body());
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asString()).contains("detector 'aws_access_key'")
                .contains("messages[0].content[0].text");
        assertThat(FAKE.requestCount()).isZero();
    }

    @Test
    void routeOnPremiseServesFromTheOnPremiseProviderAndTheLedgerShowsIt() {
        String key = newKey("lab@privacy.test", "research");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"token %s"}]}""".formatted(GITHUB_TOKEN));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest sent = FAKE.lastRequest();
        assertThat(sent.model()).isEqualTo("local-llama");
        assertThat(sent.bodyText()).contains(GITHUB_TOKEN); // on premise: as written
        Map<String, Object> row = ledgerRow(response);
        assertThat(row.get("provider")).isEqualTo("local");
        assertThat(row.get("model_served")).isEqualTo("local-llama");
        assertThat(row.get("privacy")).isEqualTo("routed_on_premise class=restricted github_token=1");
    }

    @Test
    void alertLetsTheRequestThroughUnchangedAndNotesIt() {
        String key = newKey("help@privacy.test", "support");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"customer %s"}]}""".formatted(EMAIL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).contains(EMAIL);
        assertThat(ledgerRow(response).get("privacy")).isEqualTo("alerted class=confidential email=1");
    }

    @Test
    void reversibleRedactionGivesThePersonalDataBackInTheAnswer() {
        String key = newKey("pay@privacy.test", "payments");
        FAKE.reply("Wrote to [PII:email#1] about EMP-004211.");
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"mail %s about EMP-004211"}]}""".formatted(EMAIL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().bodyText()).doesNotContain(EMAIL).doesNotContain("EMP-004211")
                .contains("mail [PII:email#1] about [PII:employee_id#1]");
        assertThat(json(response.body()).at("/choices/0/message/content").asString())
                .isEqualTo("Wrote to " + EMAIL + " about EMP-004211.");
    }

    @Test
    void aReversiblePlaceholderSplitAcrossTwoStreamChunksIsGivenBackWhole() {
        String key = newKey("pay@privacy.test", "payments");
        FAKE.reply("[PII:email#1]"); // one word: the fake streams it in two halves
        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":"write to %s"}]}""".formatted(EMAIL));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(streamedText(response.body())).isEqualTo(EMAIL);
    }

    @Test
    void aSecretTheModelStreamsSplitAcrossTwoChunksIsRedactedWhenThePolicyScreensAnswers() {
        String key = newKey("help@privacy.test", "support");
        FAKE.reply(AWS_KEY); // one word: streamed in two halves, neither of which is a key on its own
        HttpResponse<String> response = openAi("/v1/chat/completions", key, """
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"make up a key"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(AWS_KEY).doesNotContain(AWS_KEY.substring(0, 10));
        StringBuilder text = new StringBuilder();
        for (String[] event : events(response.body())) {
            if (!event[1].startsWith("{")) {
                continue;
            }
            var delta = json(event[1]).at("/choices/0/delta/content");
            if (delta.isString()) {
                text.append(delta.asString());
            }
        }
        assertThat(text.toString()).isEqualTo("[SECRET:aws_access_key#1]");
    }

    @Test
    void aCompleteAnswerWithASecretIsRedactedWhenThePolicyScreensAnswers() {
        String key = newKey("help@privacy.test", "support");
        FAKE.reply("Use " + GITHUB_TOKEN + " for CI.");
        HttpResponse<String> response = anthropic("/v1/messages", key, """
                {"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"a token please"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).at("/content/0/text").asString()).isEqualTo("Use [SECRET:github_token#1] for CI.");
    }

    @Test
    void embeddingsInputAndResponsesInputAreScreenedToo() {
        String key = newKey("dev@privacy.test", "engineering");
        HttpResponse<String> embeddings = openAi("/v1/embeddings", key, """
                {"model":"text-embedding-3-small","input":["plain text","card 4539 0174 9410 9883"]}""");
        assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
        assertThat(FAKE.lastRequest().body().at("/input/1").asString()).isEqualTo("card [PII:payment_card#1]");
        assertThat(FAKE.lastRequest().body().at("/input/0").asString()).isEqualTo("plain text");

        HttpResponse<String> responses = openAi("/v1/responses", key, """
                {"model":"gpt-4o-mini","instructions":"Owner: %s","input":"SSN 536-22-8914"}""".formatted(EMAIL));
        assertThat(responses.statusCode()).as(responses.body()).isEqualTo(200);
        String sent = FAKE.lastRequest().bodyText();
        assertThat(sent).doesNotContain(EMAIL).doesNotContain("536-22-8914").contains("[PII:us_ssn#1]")
                .contains("[PII:email#1]");
    }

    private static String streamedText(String body) {
        StringBuilder text = new StringBuilder();
        for (String[] event : events(body)) {
            if ("content_block_delta".equals(event[0])) {
                text.append(json(event[1]).at("/delta/text").asString(""));
            }
        }
        return text.toString();
    }
}
