package dev.aurelis.testing;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cost management on, with prices that make costs easy to read (one token of house-model, gpt-4o or
 * claude-sonnet-4-5 costs 0.001 USD, of gpt-4o-mini 0.0001), hard limits by default, the organisation in
 * Europe/Berlin, a default output cap of 40 tokens for requests that set none, and a few budgets and rate limits
 * declared in the file. Tests add the budgets they need through
 * the API, each on its own team or user. Test classes extending this share one server.
 */
public abstract class DefaultSpendTestBase extends SpendTestBase {

    private static final Path SPEND_CONFIG = writeSpendConfig();

    @DynamicPropertySource
    static void spendConfig(DynamicPropertyRegistry registry) {
        registry.add("aurelis.config", SPEND_CONFIG::toString);
    }

    private static Path writeSpendConfig() {
        String yaml = """
                organization:
                  name: "Spend Corp"
                  id: "spend-corp"
                  tenant_id: "tenant-spend"
                  time_zone: "Europe/Berlin"
                models:
                  timeout: 5
                gateway:
                  default_max_tokens: 40
                departments:
                  engineering: { cost_center: "ENG-000" }
                  rnd: { display_name: "Research and development" }
                  platform: { parent: rnd }
                  design: {}
                  design-systems: { parent: design }
                projects:
                  open-project: { cost_center: "ENG-100" }
                  storefront: { teams: [frontend] }
                  brand: { departments: [design] }
                rbac:
                  user_groups:
                    engineering: { roles: ["developer"], department: "engineering" }
                    frontend: { roles: ["developer"], department: "engineering" }
                    crowd: { roles: ["developer"] }
                    limited: { roles: ["developer"] }
                    platform-team: { roles: ["developer"], department: platform }
                    designers: { roles: ["developer"], department: design }
                    design-systems-team: { roles: ["developer"], department: design-systems }
                providers:
                  - name: fake-openai
                    type: openai
                    base_url: "%1$s/v1"
                    api_key: "%2$s"
                    models: ["gpt-4o", "gpt-4o-mini", "house-model"]
                  - name: fake-anthropic
                    type: anthropic
                    base_url: "%1$s"
                    api_key: "%3$s"
                    models:
                      - { name: "claude-sonnet-4-5", id: "claude-sonnet-4-5-20250929" }
                pricing:
                  house-model: { input: 1000, output: 1000 }
                  gpt-4o: { input: 1000, output: 1000 }
                  gpt-4o-mini: { input: 100, output: 100 }
                  claude-sonnet-4-5: { input: 1000, output: 1000 }
                cost_management:
                  enabled: true
                  enforcement: { hard_limits: true }
                  budgets:
                    teams:
                      crowd: { monthly_limit: 0.5 }
                    allocations:
                      - { team: frontend, budget: 0.05, providers: [anthropic] }
                  rate_limits:
                    teams:
                      limited: { requests_per_minute: 3, tokens_per_minute: 100000 }
                    users:
                      "anthropic-limits@spend.example": { requests_per_minute: 5, tokens_per_minute: 200000 }
                      "retried@spend.example": { requests_per_minute: 3 }
                """.formatted(FAKE.baseUrl(), GatewayTestBase.OPENAI_UPSTREAM_KEY, GatewayTestBase.ANTHROPIC_UPSTREAM_KEY);
        return writeConfig(yaml);
    }

}
