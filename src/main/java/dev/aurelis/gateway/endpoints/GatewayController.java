package dev.aurelis.gateway.endpoints;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The gateway's endpoints that are not exchanges (those are served by {@link DataPlane}): the model list and the root. */
@RestController
class GatewayController {

    private final ModelListing models;

    GatewayController(ModelListing models) {
        this.models = models;
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
