package dev.aurelis.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.AccessTestBase;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document at {@code /api/v1/openapi.json} is valid OpenAPI 3 (read by swagger-parser, which reports
 * every deviation from the specification), lists exactly the admin API operations the server serves (so a new
 * controller mapping shows up in it, or this fails), declares every path parameter, and gives every operation the
 * one error shape.
 */
class OpenApiDocumentTests extends AccessTestBase {

    private static final String DOCUMENT = "/api/v1/openapi.json";
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentIsValidOpenApi3() {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(result.getOpenAPI().getInfo().getTitle()).isEqualTo("Aurelis admin API");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    @Test
    void itListsEveryAdminOperationTheServerServesAndNothingElse() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getName().startsWith("org.springdoc")) {
                return; // the document itself
            }
            info.getPathPatternsCondition().getPatternValues().stream().filter(p -> p.startsWith("/api/"))
                    .forEach(pattern -> info.getMethodsCondition().getMethods()
                            .forEach(m -> served.add(m.name() + " " + pattern)));
        });
        Set<String> documented = new TreeSet<>();
        parse().getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        assertThat(served).isNotEmpty();
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryOperationHasTheErrorShape() {
        OpenAPI document = parse().getOpenAPI();
        assertThat(document.getComponents().getSchemas()).containsKey("Error");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                String what = entry.getKey() + " " + path.getKey();
                Operation operation = entry.getValue();
                Set<String> declared = new TreeSet<>();
                List<Parameter> parameters = new ArrayList<>();
                if (path.getValue().getParameters() != null) {
                    parameters.addAll(path.getValue().getParameters());
                }
                if (operation.getParameters() != null) {
                    parameters.addAll(operation.getParameters());
                }
                parameters.stream().filter(p -> "path".equals(p.getIn())).forEach(p -> declared.add(p.getName()));
                Matcher variables = PATH_VARIABLE.matcher(path.getKey());
                while (variables.find()) {
                    if (!declared.contains(variables.group(1))) {
                        problems.add(what + " does not declare the path parameter " + variables.group(1));
                    }
                }
                for (String status : List.of("400", "401", "403", "404", "409", "500")) {
                    if (operation.getResponses() == null || !operation.getResponses().containsKey(status)) {
                        problems.add(what + " has no " + status + " response");
                    }
                }
                boolean success = operation.getResponses() != null && operation.getResponses().keySet().stream()
                        .anyMatch(s -> s.startsWith("2"));
                if (!success) {
                    problems.add(what + " has no success response");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void itIsServedToRolesThatReadTheConfigurationOnly() {
        HttpResponse<String> developer = call(keyWithRole("developer", "matrix"), "GET", DOCUMENT, null);
        assertThat(developer.statusCode()).isEqualTo(403);
        assertThat(developer.body()).contains("config:read");
        assertThat(call(keyWithRole("viewer", "matrix"), "GET", DOCUMENT, null).statusCode()).isEqualTo(200);
    }

    private SwaggerParseResult parse() {
        HttpResponse<String> response = admin("GET", DOCUMENT, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(response.body(), null, options);
        assertThat(result.getOpenAPI()).as(String.valueOf(result.getMessages())).isNotNull();
        return result;
    }
}
