package dev.aurelis.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document of the admin API, served at {@code /api/v1/openapi.json}: springdoc generates the
 * operations, parameters and bodies from the controllers' mappings (only {@code /api/**}); this adds what the
 * mappings cannot say: the bearer-key security every operation requires and the one error shape
 * ({@link AdminApiErrors}) with the statuses any operation may answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    static final String ERROR_SCHEMA = "Error";

    /** The statuses every admin operation may answer with the error shape, and when. */
    static final Map<String, String> ERRORS = errors();

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "A missing or malformed parameter or body (invalid_request_error).");
        errors.put("401", "No API key or session, or an unknown key (authentication_error).");
        errors.put("403", "The caller's roles do not grant the operation's permission (permission_error).");
        errors.put("404", "No such resource, or one out of the caller's reach (not_found_error).");
        errors.put("409", "A conflict with what exists or with a setting (conflict_error).");
        errors.put("500", "A failure inside Aurelis; the log has the details (api_error).");
        return java.util.Collections.unmodifiableMap(errors);
    }

    @Bean
    OpenAPI adminApiDocument() {
        Schema<?> detail = new ObjectSchema()
                .addProperty("message", new StringSchema().description("What went wrong, for a person to read."))
                .addProperty("type", new StringSchema()._enum(List.of("invalid_request_error", "authentication_error",
                        "permission_error", "not_found_error", "conflict_error", "api_error")))
                .required(List.of("message", "type"));
        Schema<?> error = new ObjectSchema().addProperty("error", detail).required(List.of("error"))
                .description("The error shape of every admin API operation.");
        Components components = new Components().addSchemas(ERROR_SCHEMA, error)
                .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An Aurelis API key (aur-...) whose roles grant the operation's permission "
                                + "(access/authorization-matrix.csv), or a signed-in session."));
        ERRORS.forEach((status, description) -> components.addResponses("Error" + status, new ApiResponse()
                .description(description).content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))))));
        return new OpenAPI()
                .info(new Info().title("Aurelis admin API").version("v1")
                        .description("Administration of an Aurelis installation: keys, users, teams, roles, budgets, "
                                + "usage and cost, analytics, alerts, audit, compliance, privacy, workflows and "
                                + "webhooks. See docs/api.md."))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Every operation answers errors in the one shape: the statuses it does not describe itself are added. */
    @Bean
    OpenApiCustomizer errorResponses() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            for (String status : ERRORS.keySet()) {
                addError(operation, status);
            }
        }));
    }

    private static void addError(Operation operation, String status) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().$ref("#/components/responses/Error" + status));
    }
}
