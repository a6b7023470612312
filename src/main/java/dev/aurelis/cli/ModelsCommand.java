package dev.aurelis.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aurelis models}: the organisation's own models ({@code advanced_features.organization_specific_models}) and
 * named variants of models ({@code advanced_features.model_customization}), ADR 0071.
 */
@Command(name = "models", description = "The organisation's own models and model variants.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {ModelsCommand.Organization.class, ModelsCommand.Variants.class})
final class ModelsCommand extends CommandGroup {

    static final String MODELS = "/api/v1/models/organization";
    static final String VARIANTS = "/api/v1/models/variants";

    @Command(name = "organization", description = "Models registered by the organisation (its fine-tunes, dedicated "
            + "deployments), served to it only.",
            synopsisSubcommandLabel = "COMMAND",
            commandListHeading = "%nCommands:%n",
            subcommands = {Organization.ListModels.class, Organization.Show.class, Organization.Register.class,
                    Organization.Update.class, Organization.Remove.class})
    static final class Organization extends CommandGroup {

        @Command(name = "list", description = "List the organisation's own models.")
        static final class ListModels extends ClientCommand {

            @Override
            public Integer call() {
                JsonNode answer = client().call("GET", MODELS, Map.of(), null);
                show(answer, () -> Render.rows(out(), answer.path("models"), "No models of the organisation's own.",
                        "name", "provider", "upstream_id", "input_price", "output_price", "context_window", "teams"));
                return 0;
            }
        }

        @Command(name = "show", description = "Show one of the organisation's models.")
        static final class Show extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                printJson(client().call("GET", apiPath(MODELS, name), Map.of(), null));
                return 0;
            }
        }

        /** The options a model is described by; on update, the ones left out keep their value. */
        abstract static class ModelOptions extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME", description = "The name clients ask for.")
            String name;

            @Option(names = "--provider", paramLabel = "PROVIDER", description = "A configured provider that serves it.")
            String provider;

            @Option(names = "--upstream-id", paramLabel = "ID",
                    description = "The provider's id of the model, e.g. ft:gpt-4o-mini-2024-07-18:acme::abc123.")
            String upstreamId;

            @Option(names = "--input-price", paramLabel = "PRICE", description = "Per million input tokens.")
            BigDecimal inputPrice;

            @Option(names = "--output-price", paramLabel = "PRICE", description = "Per million output tokens.")
            BigDecimal outputPrice;

            @Option(names = "--context-window", paramLabel = "TOKENS")
            Integer contextWindow;

            @Option(names = "--team", paramLabel = "TEAM",
                    description = "A team that may use it; repeat for several (none: the whole organisation).")
            List<String> teams;

            ObjectNode body() {
                ObjectNode body = AurelisCommand.JSON.createObjectNode().put("name", name);
                if (provider != null) {
                    body.put("provider", provider);
                }
                if (upstreamId != null) {
                    body.put("upstream_id", upstreamId);
                }
                if (inputPrice != null) {
                    body.put("input_price", inputPrice);
                }
                if (outputPrice != null) {
                    body.put("output_price", outputPrice);
                }
                if (contextWindow != null) {
                    body.put("context_window", contextWindow);
                }
                if (teams != null) {
                    teams.forEach(body.putArray("teams")::add);
                }
                return body;
            }
        }

        @Command(name = "register", description = "Register a model of the organisation's own.",
                footer = {"", "Example:",
                        "  aurelis models organization register acme-coder --provider openai "
                                + "--upstream-id ft:gpt-4o-mini-2024-07-18:acme::abc123 --input-price 0.30 "
                                + "--output-price 1.20 --context-window 128000 --team platform"})
        static final class Register extends ModelOptions {

            @Override
            public Integer call() {
                printJson(client().call("POST", MODELS, Map.of(), body()));
                return 0;
            }
        }

        @Command(name = "update", description = "Change a model: the options given replace its values.")
        static final class Update extends ModelOptions {

            @Override
            public Integer call() {
                printJson(client().call("PUT", apiPath(MODELS, name), Map.of(), body()));
                return 0;
            }
        }

        @Command(name = "remove", description = "Remove a model: requests naming it are refused as unknown.")
        static final class Remove extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                client().call("DELETE", apiPath(MODELS, name), Map.of(), null);
                done(name, "removed", "Removed model " + name + ".");
                return 0;
            }
        }
    }

    @Command(name = "variants", description = "Named variants of a model: a system prompt and default parameters.",
            synopsisSubcommandLabel = "COMMAND",
            commandListHeading = "%nCommands:%n",
            subcommands = {Variants.ListVariants.class, Variants.Show.class, Variants.Create.class,
                    Variants.Update.class, Variants.Remove.class})
    static final class Variants extends CommandGroup {

        @Command(name = "list", description = "List the organisation's model variants.")
        static final class ListVariants extends ClientCommand {

            @Override
            public Integer call() {
                JsonNode answer = client().call("GET", VARIANTS, Map.of(), null);
                show(answer, () -> Render.rows(out(), answer.path("variants"), "No model variants.",
                        "name", "base_model", "temperature", "max_tokens", "top_p", "system_prompt"));
                return 0;
            }
        }

        @Command(name = "show", description = "Show one variant.")
        static final class Show extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                printJson(client().call("GET", apiPath(VARIANTS, name), Map.of(), null));
                return 0;
            }
        }

        /** A variant as a whole: on update, what is left out is cleared (the base model stays). */
        abstract static class VariantOptions extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME", description = "The name clients ask for.")
            String name;

            @Option(names = "--base-model", paramLabel = "MODEL", description = "The model that serves it.")
            String baseModel;

            @Option(names = "--system-prompt", paramLabel = "TEXT", description = "Put before the caller's system prompt.")
            String systemPrompt;

            @Option(names = "--temperature", paramLabel = "T", description = "Applied when the caller sets none.")
            Double temperature;

            @Option(names = "--max-tokens", paramLabel = "N", description = "Output cap when the caller sets none.")
            Integer maxTokens;

            @Option(names = "--top-p", paramLabel = "P", description = "Applied when the caller sets none.")
            Double topP;

            ObjectNode body() {
                ObjectNode body = AurelisCommand.JSON.createObjectNode().put("name", name);
                if (baseModel != null) {
                    body.put("base_model", baseModel);
                }
                if (systemPrompt != null) {
                    body.put("system_prompt", systemPrompt);
                }
                if (temperature != null) {
                    body.put("temperature", temperature);
                }
                if (maxTokens != null) {
                    body.put("max_tokens", maxTokens);
                }
                if (topP != null) {
                    body.put("top_p", topP);
                }
                return body;
            }
        }

        @Command(name = "create", description = "Make a variant of a model.",
                footer = {"", "Example:",
                        "  aurelis models variants create reviewer --base-model gpt-4o "
                                + "--system-prompt \"Review for our style guide.\" --temperature 0.2"})
        static final class Create extends VariantOptions {

            @Override
            public Integer call() {
                printJson(client().call("POST", VARIANTS, Map.of(), body()));
                return 0;
            }
        }

        @Command(name = "update", description = "Replace a variant's prompt and parameters (the base model stays "
                + "unless --base-model is given).")
        static final class Update extends VariantOptions {

            @Override
            public Integer call() {
                printJson(client().call("PUT", apiPath(VARIANTS, name), Map.of(), body()));
                return 0;
            }
        }

        @Command(name = "remove", description = "Remove a variant.")
        static final class Remove extends ClientCommand {

            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                client().call("DELETE", apiPath(VARIANTS, name), Map.of(), null);
                done(name, "removed", "Removed variant " + name + ".");
                return 0;
            }
        }
    }
}
