package dev.aurelis.api.graphql;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.AccessRefused;
import dev.aurelis.access.AuthorizationMatrix;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.storage.DurableEvents;
import dev.aurelis.tenancy.TenantContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out an admin REST operation for a GraphQL field, so that both surfaces have one authorization and one
 * behaviour: the operation ({@code "GET /api/v1/keys"}) must be a row of the authorization matrix, whose permission
 * the caller must hold exactly as the REST security chain requires it (a refusal is recorded as the same
 * {@link AccessRefused} event); then the operation's own controller method runs, with its reach checks and
 * validation, as the caller and for the caller's tenant, and its answer is returned as the JSON the REST API would
 * send. Arguments are matched to the method's parameters by their REST names ({@code include_revoked}); the request
 * body is the {@code input} argument, or else all the arguments.
 */
@Component
class RestOperations {

    private final ApplicationContext context;
    private final JsonMapper json;
    private final DurableEvents events;
    private final Map<String, String> permissions = new HashMap<>();
    private volatile Map<String, HandlerMethod> handlers;

    RestOperations(ApplicationContext context, JsonMapper json, DurableEvents events) {
        this.context = context;
        this.json = json;
        this.events = events;
        AuthorizationMatrix.adminOperations().forEach(o -> permissions.put(o.method() + " " + o.path(), o.permission()));
    }

    /** The permission the matrix names for {@code operation}, which must be served by a controller. */
    String permission(String operation) {
        String permission = permissions.get(operation);
        if (permission == null || !handlers().containsKey(operation)) {
            throw new IllegalStateException("GraphQL names " + operation + ", which is not an admin REST operation");
        }
        return permission;
    }

    /** Runs {@code operation} as {@code authentication}'s caller; null when it answers without a body (204). */
    JsonNode call(Authentication authentication, String operation, Map<String, Object> arguments) {
        String permission = permission(operation);
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext acting = SecurityContextHolder.createEmptyContext();
        acting.setAuthentication(authentication);
        SecurityContextHolder.setContext(acting);
        try {
            Caller caller = AdminCallers.current();
            if (!caller.has(permission)) {
                events.publish(new AccessRefused(caller.tenantId().value(), caller.userId(), caller.email(), "POST",
                        "/graphql " + operation, permission, "missing_permission"));
                throw new AccessDenied("This operation requires the permission '" + permission
                        + "', which your roles do not grant.");
            }
            HandlerMethod handler = handlers().get(operation);
            Object[] values = arguments(handler, arguments);
            Object answer = TenantContext.call(caller.tenantId(), () -> invoke(handler, values));
            if (answer instanceof HttpEntity<?> entity) {
                answer = entity.getBody();
            }
            return answer == null ? null : json.valueToTree(answer);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** Method and path pattern to controller method, read once the controllers are all mapped. */
    private Map<String, HandlerMethod> handlers() {
        Map<String, HandlerMethod> known = handlers;
        if (known == null) {
            Map<String, HandlerMethod> found = new HashMap<>();
            context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods()
                    .forEach((info, method) -> info.getPathPatternsCondition().getPatternValues().forEach(pattern ->
                            info.getMethodsCondition().getMethods().forEach(m -> found.put(m.name() + " " + pattern,
                                    method))));
            handlers = known = Map.copyOf(found);
        }
        return known;
    }

    private Object[] arguments(HandlerMethod handler, Map<String, Object> arguments) {
        MethodParameter[] parameters = handler.getMethodParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            MethodParameter parameter = parameters[i];
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                Object body = arguments.containsKey("input") ? arguments.get("input") : arguments;
                values[i] = json.convertValue(body, json.constructType(parameter.getGenericParameterType()));
                continue;
            }
            String name = name(parameter);
            Object value = arguments.get(name);
            if (value == null) {
                value = defaultValue(parameter).orElse(null);
            }
            Class<?> type = parameter.getParameterType();
            if (value == null && type.isPrimitive()) {
                throw new IllegalArgumentException("The argument '" + name + "' is required.");
            }
            values[i] = value == null ? null : json.convertValue(value, type);
        }
        return values;
    }

    private static String name(MethodParameter parameter) {
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        String declared = path != null ? path.name() : param != null ? param.name() : header != null ? header.name() : "";
        return declared.isEmpty() ? parameter.getParameterName() : declared;
    }

    private static Optional<String> defaultValue(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param == null || param.defaultValue().equals(ValueConstants.DEFAULT_NONE)) {
            return Optional.empty();
        }
        return Optional.of(param.defaultValue());
    }

    private static Object invoke(HandlerMethod handler, Object[] values) {
        HandlerMethod resolved = handler.createWithResolvedBean();
        Method method = resolved.getMethod();
        try {
            method.setAccessible(true);
            return method.invoke(resolved.getBean(), values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
