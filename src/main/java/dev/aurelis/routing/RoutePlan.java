package dev.aurelis.routing;

import dev.aurelis.providers.Deployment;
import java.util.List;

/**
 * The ordered deployments that may serve one exchange, with why each is there. Attempts follow it in order
 * (see {@link Attempts}); a deployment whose breaker is open when its turn comes is skipped.
 *
 * @param strategy how the first model was chosen: the strategy's name for the auto model, {@code requested}
 *                 for a model the client named, {@code alias} for an alias
 * @param reason   why the first model was chosen, for the {@code x-aurelis-route} header and the ledger
 */
public record RoutePlan(RouteRequest request, String strategy, List<Step> steps, String reason) {

    public RoutePlan {
        steps = List.copyOf(steps);
    }

    public DetectedTask task() {
        return request.task();
    }

    /**
     * One deployment in the plan.
     *
     * @param why its role in the plan: {@code requested}, {@code alias}, {@code fallback}, {@code preference}, ...
     */
    public record Step(Deployment deployment, String why) {

        /** {@code provider/model}: the deployment's name in health reports and route headers. */
        public String key() {
            return Router.keyOf(deployment);
        }
    }
}
