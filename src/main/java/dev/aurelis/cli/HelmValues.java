package dev.aurelis.cli;

import dev.aurelis.configuration.AurelisConfig;
import dev.aurelis.configuration.CostOptimization;
import dev.aurelis.configuration.Deployment;
import dev.aurelis.configuration.EnvironmentProfile;
import dev.aurelis.configuration.HighAvailability;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Helm values of {@code deploy/helm/aurelis} that one environment of a configuration file asks for: replicas and
 * autoscaling, anti-affinity, the Service or ingress class, the Argo Rollout and its rollback thresholds, probes,
 * resources, spot capacity, business-hours scaling and the disaster-recovery objectives (ADR 0061). Every value is
 * one the chart reads; what the chart cannot do itself (the VPC, the spot bid, the database's replica) is written
 * where {@code helm install} prints it.
 */
final class HelmValues {

    private final AurelisConfig config;
    private final HighAvailability ha;
    private final EnvironmentProfile.Availability profileHa;
    private final EnvironmentProfile profile;
    private final Deployment deployment;

    private HelmValues(AurelisConfig config) {
        this.config = config;
        this.ha = config.highAvailability();
        this.profile = config.activeEnvironmentProfile().orElse(EnvironmentProfile.defaults());
        this.profileHa = profile.highAvailability();
        this.deployment = config.deployment();
    }

    /**
     * @param config    the loaded file, running as {@code environment}
     * @param fileText  the file as written (variables unresolved), for the chart's ConfigMap
     * @throws CliException when a value has no rendering (an unknown size class, load balancer or threshold)
     */
    static Map<String, Object> of(AurelisConfig config, String fileText) {
        return new HelmValues(config).render(fileText);
    }

    private Map<String, Object> render(String fileText) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("environment", config.environment());
        values.put("configFile", fileText);
        // deployment.auto_scaling or a scaling strategy asks for several replicas as high_availability does
        boolean scalingAsked = deployment.autoScaling() != null
                || (config.costOptimization().enabled() && strategies("autoscaling").findAny().isPresent());
        boolean available = Optional.ofNullable(profileHa.enabled()).orElse(ha.enabled() || scalingAsked);
        Scaling scaling = scaling(available, scalingAsked);
        values.put("replicas", scaling.fixed());
        values.put("autoscaling", scaling.autoscaling());
        values.put("podDisruptionBudget", Map.of("enabled", available));
        values.put("podAntiAffinity", available && ha.clusterMode() ? "required" : "preferred");
        businessHours(scaling).ifPresent(schedule -> values.put("scheduledScaling", schedule));
        values.put("nodeSelector", nodeSelector());
        spot().ifPresent(spot -> values.put("spot", spot));
        values.putAll(LoadBalancing.of(ha.loadBalancer(), profileHa.loadBalancing(), deployment.provider()));
        values.put("probes", Probes.of(deployment.healthCheck()));
        values.put("rollout", Rollouts.of(deployment.strategy(), deployment.trafficSplit(), deployment.rollback()));
        if (profile.resources() != null) {
            values.put("resources", ResourceSizes.of(profile.resources()));
        }
        values.put("cloud", cloud());
        values.put("disasterRecovery", disasterRecovery());
        if (!profile.featureFlags().isEmpty()) {
            values.put("podAnnotations", Map.of("aurelis.dev/feature-flags", String.join(",", profile.featureFlags())));
        }
        return values;
    }

    /** @param fixed the replica count when nothing scales, else null */
    private record Scaling(Integer fixed, Map<String, Object> autoscaling, int min, int max) {
    }

    /**
     * The environment's entry wins over {@code high_availability}, which wins over {@code deployment.auto_scaling}
     * (the Cortex brief's instances are Aurelis's pods here).
     */
    private Scaling scaling(boolean available, boolean scalingAsked) {
        Deployment.AutoScaling instances = Optional.ofNullable(deployment.autoScaling())
                .orElse(new Deployment.AutoScaling(null, null, null));
        Map<String, Object> autoscaling = new LinkedHashMap<>();
        if (!available) {
            int replicas = Optional.ofNullable(profileHa.replicas()).orElse(1);
            autoscaling.put("enabled", false);
            return new Scaling(replicas, autoscaling, replicas, replicas);
        }
        boolean scales = Optional.ofNullable(profileHa.autoScaling())
                .orElse(ha.autoScaling() || scalingAsked);
        int min = first(profileHa.replicas(), ha.minReplicas(), instances.minInstances(), ha.replicas(), 2);
        int max = Math.max(min, first(ha.maxReplicas(), instances.maxInstances(), min));
        autoscaling.put("enabled", scales);
        if (!scales) {
            return new Scaling(first(profileHa.replicas(), ha.replicas(), min), autoscaling, min, min);
        }
        autoscaling.put("minReplicas", min);
        autoscaling.put("maxReplicas", max);
        if (instances.targetCpuUtilization() != null) {
            autoscaling.put("targetCPUUtilizationPercentage", instances.targetCpuUtilization());
        }
        return new Scaling(null, autoscaling, min, max);
    }

    /**
     * {@code cost_optimization}'s {@code autoscaling} strategy on {@code schedule: business_hours}: a KEDA
     * ScaledObject keeps its {@code min_replicas} during business hours and lets the pods scale between the usual
     * minimum and its {@code max_replicas} on CPU at any time.
     */
    private Optional<Map<String, Object>> businessHours(Scaling scaling) {
        return strategies("autoscaling").findFirst().map(strategy -> {
            String schedule = strategy.schedule() == null ? "business_hours" : strategy.schedule();
            if (!schedule.equals("business_hours")) {
                throw new CliException("cost_optimization: schedule '" + schedule + "' has no rendering",
                        "The chart scales on the schedule business_hours (Monday to Friday, 08:00 to 18:00).", 1);
            }
            int during = first(strategy.minReplicas(), scaling.min());
            int max = Math.max(during, first(strategy.maxReplicas(), scaling.max()));
            Map<String, Object> values = new LinkedHashMap<>();
            // an environment that does not autoscale keeps its fixed replicas all day
            values.put("enabled", config.costOptimization().enabled() && scaling.fixed() == null);
            values.put("minReplicas", Math.min(scaling.min(), during));
            values.put("businessHoursReplicas", during);
            values.put("maxReplicas", max);
            return values;
        });
    }

    private Map<String, Object> nodeSelector() {
        Map<String, Object> selector = new LinkedHashMap<>();
        if (deployment.region() != null) {
            selector.put("topology.kubernetes.io/region", deployment.region());
        }
        if (deployment.instanceType() != null) {
            selector.put("node.kubernetes.io/instance-type", deployment.instanceType());
        }
        return selector;
    }

    /** Spot capacity: required, or preferred when {@code fallback_to_on_demand} lets on-demand nodes take the pods. */
    private Optional<Map<String, Object>> spot() {
        return strategies("spot_instances").findFirst().map(strategy -> {
            String provider = first(strategy.provider(), deployment.provider(), "");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("enabled", config.costOptimization().enabled());
            values.put("provider", SpotCapacity.provider(provider));
            values.put("fallbackToOnDemand", strategy.fallbackToOnDemand());
            if (strategy.maxPrice() != null) {
                values.put("maxPrice", strategy.maxPrice().toPlainString());
            }
            return values;
        });
    }

    private java.util.stream.Stream<CostOptimization.Strategy> strategies(String type) {
        return config.costOptimization().strategies().stream()
                .filter(s -> s.type().toLowerCase(Locale.ROOT).equals(type));
    }

    private Map<String, Object> cloud() {
        Map<String, Object> cloud = new LinkedHashMap<>();
        put(cloud, "provider", deployment.provider());
        put(cloud, "region", deployment.region());
        put(cloud, "vpcId", deployment.vpcId());
        put(cloud, "instanceType", deployment.instanceType());
        return cloud;
    }

    /** The environment's {@code disaster_recovery} over {@code high_availability}'s. */
    private Map<String, Object> disasterRecovery() {
        EnvironmentProfile.DisasterRecovery dr = profile.disasterRecovery();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("enabled", Optional.ofNullable(dr.enabled()).orElse(ha.disasterRecovery()));
        values.put("crossRegionReplication",
                Optional.ofNullable(dr.crossRegionReplication()).orElse(ha.crossRegionReplication()));
        var frequency = Optional.ofNullable(dr.backupFrequency()).orElse(ha.backupFrequency());
        if (frequency != null) {
            values.put("backupFrequency", text(frequency));
        }
        put(values, "rtoMinutes", Optional.ofNullable(dr.rtoMinutes()).orElse(ha.rtoMinutes()));
        put(values, "rpoMinutes", Optional.ofNullable(dr.rpoMinutes()).orElse(ha.rpoMinutes()));
        return values;
    }

    private static void put(Map<String, Object> values, String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code 4h}, {@code 30m} or {@code 45s}, as the configuration writes durations. */
    private static String text(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
