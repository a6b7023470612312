package dev.aurelis.gateway.endpoints;

import dev.aurelis.gateway.pipeline.Exchanges;
import dev.aurelis.providers.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The OpenAI- and Anthropic-compatible endpoints; each hands the raw exchange to the pipeline. */
@RestController
class GatewayController {

    private final Exchanges exchanges;
    private final ModelListing models;
    private final TokenCounting tokenCounting;

    GatewayController(Exchanges exchanges, ModelListing models, TokenCounting tokenCounting) {
        this.exchanges = exchanges;
        this.models = models;
        this.tokenCounting = tokenCounting;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchanges.handle(WireFormat.OPENAI_CHAT, request, response);
    }

    @PostMapping("/v1/completions")
    void completions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchanges.handle(WireFormat.OPENAI_COMPLETIONS, request, response);
    }

    @PostMapping("/v1/embeddings")
    void embeddings(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchanges.handle(WireFormat.OPENAI_EMBEDDINGS, request, response);
    }

    @PostMapping("/v1/responses")
    void responses(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchanges.handle(WireFormat.OPENAI_RESPONSES, request, response);
    }

    @PostMapping("/v1/messages")
    void messages(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchanges.handle(WireFormat.ANTHROPIC_MESSAGES, request, response);
    }

    @PostMapping("/v1/messages/count_tokens")
    void countTokens(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tokenCounting.handle(request, response);
    }

    @GetMapping("/v1/models")
    void listModels(HttpServletRequest request, HttpServletResponse response) throws IOException {
        models.handle(request, response);
    }

    /** Claude Code probes the base URL with HEAD / before its first call. */
    @RequestMapping(path = "/", method = {RequestMethod.GET, RequestMethod.HEAD})
    void root(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/plain");
        response.getWriter().write("Aurelis gateway. OpenAI-compatible at /v1, Anthropic-compatible at /v1/messages.\n");
    }
}
