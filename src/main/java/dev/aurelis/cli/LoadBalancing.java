package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code high_availability.load_balancer} and the environment's {@code load_balancing} as the chart's Service and
 * ingress values: an ingress controller's name becomes the ingress class (in front of a ClusterIP Service); a cloud
 * load balancer makes the Service itself a LoadBalancer, with the provider's annotations.
 */
final class LoadBalancing {

    private static final Map<String, Map<String, String>> INGRESS_CONTROLLERS = Map.of(
            "nginx", Map.of(
                    // streams pass through event by event; a long generation must not be cut at 60 s
                    "nginx.ingress.kubernetes.io/proxy-buffering", "off",
                    "nginx.ingress.kubernetes.io/proxy-read-timeout", "600"),
            "traefik", Map.of(),
            "haproxy", Map.of(),
            "alb", Map.of(
                    "alb.ingress.kubernetes.io/target-type", "ip",
                    "alb.ingress.kubernetes.io/healthcheck-path", "/ready",
                    "alb.ingress.kubernetes.io/load-balancer-attributes", "idle_timeout.timeout_seconds=600"));

    private LoadBalancing() {
    }

    /** @return the {@code service} and {@code ingress} values, or nothing when the file says nothing */
    static Map<String, Object> of(String loadBalancer, Boolean loadBalancing, String provider) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (Boolean.FALSE.equals(loadBalancing)) {
            values.put("service", Map.of("type", "ClusterIP"));
            return values;
        }
        String name = loadBalancer == null ? null : loadBalancer.toLowerCase(Locale.ROOT).trim();
        if (name == null && !Boolean.TRUE.equals(loadBalancing)) {
            return values;
        }
        if (name != null && INGRESS_CONTROLLERS.containsKey(name)) {
            values.put("service", Map.of("type", "ClusterIP"));
            values.put("ingress", Map.of("className", name, "annotations", INGRESS_CONTROLLERS.get(name)));
            return values;
        }
        if (name != null && !name.equals("cloud") && !name.equals("nlb")) {
            throw new CliException("high_availability.load_balancer: '" + loadBalancer + "' has no rendering",
                    "Name an ingress controller (" + String.join(", ", INGRESS_CONTROLLERS.keySet().stream().sorted().toList())
                            + ") or the cloud's load balancer (cloud, nlb).", 1);
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", "LoadBalancer");
        service.put("annotations", cloudAnnotations(provider));
        values.put("service", service);
        return values;
    }

    /** The provider's load balancer, health-checked on /ready like the pods. */
    private static Map<String, String> cloudAnnotations(String provider) {
        String cloud = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        return switch (cloud) {
            case "aws", "eks" -> Map.of(
                    "service.beta.kubernetes.io/aws-load-balancer-type", "external",
                    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip",
                    "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path", "/ready");
            case "azure", "aks" -> Map.of(
                    "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path", "/ready");
            default -> Map.of();
        };
    }
}
