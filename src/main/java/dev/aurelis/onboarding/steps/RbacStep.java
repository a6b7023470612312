package dev.aurelis.onboarding.steps;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.configuration.Rbac;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code setup_rbac_policies}: every role {@code rbac.roles} defines exists for the tenant, and every user group
 * confers the roles the configuration gives it.
 */
@Component
class RbacStep implements OnboardingStep {

    private final AccessPolicy access;

    RbacStep(AccessPolicy access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "setup_rbac_policies";
    }

    @Override
    public Map<String, Object> run(OnboardingContext context) {
        Rbac rbac = context.config().rbac();
        List<String> missing = new ArrayList<>();
        rbac.roles().keySet().stream().filter(role -> !access.roleExists(context.tenant(), role))
                .forEach(role -> missing.add("role " + role));
        rbac.userGroups().forEach((group, declared) -> {
            List<String> applied = access.rolesOfTeam(context.tenant(), group);
            declared.roles().stream().filter(role -> !applied.contains(role))
                    .forEach(role -> missing.add("role " + role + " of group " + group));
        });
        if (!missing.isEmpty()) {
            throw new StepFailed("Not applied: " + String.join(", ", missing) + ". The server applies rbac at start: "
                    + "restart it with this configuration.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("roles", access.roles(context.tenant()).size());
        result.put("custom_roles", rbac.roles().size());
        result.put("user_groups", rbac.userGroups().size());
        return result;
    }
}
