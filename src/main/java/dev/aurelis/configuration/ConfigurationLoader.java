package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads an Aurelis configuration file: substitutes {@code ${VAR}} and {@code ${VAR:-default}} from the given
 * environment, binds the YAML to {@link AurelisConfig}, lists unknown keys instead of failing on them, and
 * validates. {@code AURELIS_ENVIRONMENT}, when set, names the running environment instead of {@code environment:}.
 * Anything it cannot use is reported as an {@link InvalidConfigurationException} naming each YAML path,
 * its line and the reason.
 */
@ConfigurationBinding
public final class ConfigurationLoader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // Money and thresholds are BigDecimal: keep the decimal the operator wrote, not its nearest double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 1.5 days of retention is a mistake to report, not to truncate.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // An empty value (or an unset variable) for a flag means "left out", as for any other key.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Unknown keys are warnings, found by KeyScanner with their paths.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** Names the running environment, overriding the file's {@code environment:}. */
    public static final String ENVIRONMENT_VARIABLE = "AURELIS_ENVIRONMENT";

    private ConfigurationLoader() {
    }

    /**
     * Loads the file; a file that does not exist gives the default configuration, as an empty one does.
     *
     * @throws InvalidConfigurationException when a value cannot be used
     * @throws UncheckedIOException          when the file exists but cannot be read
     */
    public static LoadedConfiguration load(Path file, Map<String, String> environment) {
        if (!Files.exists(file)) {
            return LoadedConfiguration.defaults();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the configuration file " + file, e);
        }
        return load(text, environment, file.toString());
    }

    /**
     * Loads configuration text; empty text gives the default configuration.
     *
     * @throws InvalidConfigurationException when a value cannot be used
     */
    public static LoadedConfiguration load(String yamlText, Map<String, String> environment) {
        return load(yamlText, environment, null);
    }

    private static LoadedConfiguration load(String text, Map<String, String> environment, String source) {
        Document document = new Document(text, source);
        ObjectNode tree = document.parse();
        VariableSubstitution substitution = new VariableSubstitution(environment);
        substitution.apply(tree);
        document.moveSynonyms(tree);

        AurelisConfig config = document.bind(tree);
        document.validate(config);
        String selected = environment.get(ENVIRONMENT_VARIABLE);
        if (selected != null && !selected.isBlank()) {
            config = config.withEnvironment(selected.strip());
        }
        KeyScanner.Keys keys = KeyScanner.scan(tree, AurelisConfig.class);
        return new LoadedConfiguration(config, document.asWritten(keys.unknown()), substitution.unresolvedVariables(),
                document.asWritten(keys.notYetEnforced()));
    }

    /**
     * Reads one part of a configuration sent on its own (an admin API body, YAML or JSON) as a mapping, with the
     * file's parser: the same numbers, durations and refusal of repeated keys. No variables are substituted.
     *
     * @throws InvalidConfigurationException when the text is not YAML or not a mapping
     */
    public static ObjectNode readSection(String text) {
        JsonNode tree;
        try {
            tree = text == null || text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidConfigurationException(null, List.of(new ConfigurationProblem("",
                    "is not valid YAML or JSON: " + plainYamlError(e), Document.lineOf(e.getLocation()))));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidConfigurationException(null, List.of(new ConfigurationProblem("",
                    "must be a mapping, but is " + describe(tree), 0)));
        }
        return (ObjectNode) tree;
    }

    /**
     * Binds and validates one part of a configuration (for example one entry of
     * {@code integrations.workflows.definitions}) exactly as the file's: the same types, defaults and constraints.
     * Unlike the file, an unknown key is a problem, since a caller who sent it is there to be told.
     *
     * @throws InvalidConfigurationException naming each problem's path within the part
     */
    public static <T> T bindSection(JsonNode tree, Class<T> type) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        KeyScanner.scan(tree, type).unknown().forEach(path ->
                problems.add(new ConfigurationProblem(path.toString(), "is not a known key", 0)));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(null, problems);
        }
        T value;
        try {
            value = MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            YamlPath path = YamlPath.of(e.getPath());
            throw new InvalidConfigurationException(null,
                    List.of(new ConfigurationProblem(path.toString(), reasonFor(e, nodeAt(tree, path)), 0)));
        }
        for (ConstraintViolation<T> violation : Validators.VALIDATOR.validate(value)) {
            problems.add(new ConfigurationProblem(YamlPath.of(violation.getPropertyPath()).toString(),
                    violation.getMessage() + found(violation.getInvalidValue()), 0));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(ConfigurationProblem::path));
            throw new InvalidConfigurationException(null, problems);
        }
        return value;
    }

    /** One configuration text on its way to an {@link AurelisConfig}, with what is needed to point at its lines. */
    private static final class Document {

        private final String text;
        private final String source;
        private Map<String, Integer> linesByPath;
        private Synonyms synonyms;

        Document(String text, String source) {
            this.text = text;
            this.source = source;
        }

        ObjectNode parse() {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw invalid(List.of(new ConfigurationProblem("", "is not valid YAML: " + plainYamlError(e),
                        lineOf(e.getLocation()))));
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!tree.isObject()) {
                throw invalid(YamlPath.ROOT, "must be a mapping of sections such as organization: and models:, but is "
                        + describe(tree));
            }
            return (ObjectNode) tree;
        }

        /** Moves the keys the briefs write in two places to where they are read; disagreeing values are errors. */
        void moveSynonyms(ObjectNode tree) {
            synonyms = Synonyms.apply(tree);
            List<ConfigurationProblem> problems = new ArrayList<>();
            for (Synonyms.Conflict conflict : synonyms.conflicts()) {
                problems.add(new ConfigurationProblem(conflict.written().toString(), "is the same setting as "
                        + conflict.other() + " (line " + lineOf(conflict.other()) + "), which is "
                        + conflict.otherValue() + "; this is " + conflict.value() + ": keep one of them",
                        lineOf(conflict.written())));
            }
            if (!problems.isEmpty()) {
                throw invalid(problems);
            }
        }

        /** The paths as the file writes them (a synonym under its own name), in the order of the file. */
        List<String> asWritten(List<YamlPath> paths) {
            if (paths.isEmpty()) {
                return List.of();
            }
            List<YamlPath> written = new ArrayList<>();
            paths.forEach(path -> written(path).stream().filter(p -> !written.contains(p)).forEach(written::add));
            written.sort(Comparator.comparingInt(this::lineOf));
            return written.stream().map(YamlPath::toString).toList();
        }

        private List<YamlPath> written(YamlPath path) {
            return synonyms == null ? List.of(path) : synonyms.written(path);
        }

        AurelisConfig bind(JsonNode tree) {
            try {
                return MAPPER.treeToValue(tree, AurelisConfig.class);
            } catch (JacksonException e) {
                YamlPath path = YamlPath.of(e.getPath());
                throw invalid(path, reasonFor(e, nodeAt(tree, path)));
            }
        }

        void validate(AurelisConfig config) {
            List<ConfigurationProblem> problems = new ArrayList<>();
            for (ConstraintViolation<AurelisConfig> violation : Validators.VALIDATOR.validate(config)) {
                problems.add(problem(YamlPath.of(violation.getPropertyPath()),
                        violation.getMessage() + found(violation.getInvalidValue())));
            }
            for (ConfigurationRules.Finding finding : ConfigurationRules.check(config)) {
                problems.add(problem(finding.path(), finding.reason()));
            }
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(ConfigurationProblem::line)
                        .thenComparing(ConfigurationProblem::path));
                throw invalid(problems);
            }
        }

        private ConfigurationProblem problem(YamlPath path, String reason) {
            YamlPath written = written(path).stream().findFirst().orElse(path);
            return new ConfigurationProblem(written.toString(), reason, lineOf(written));
        }

        private InvalidConfigurationException invalid(YamlPath path, String reason) {
            return invalid(List.of(problem(path, reason)));
        }

        private InvalidConfigurationException invalid(List<ConfigurationProblem> problems) {
            return new InvalidConfigurationException(source, problems);
        }

        /** The line of the path's key, or of its nearest ancestor the file has (a missing key has no line). */
        private int lineOf(YamlPath path) {
            if (linesByPath == null) {
                linesByPath = indexLines(text);
            }
            for (YamlPath candidate : path.selfAndAncestors()) {
                Integer line = linesByPath.get(candidate.toString());
                if (line != null) {
                    return line;
                }
            }
            return 0;
        }

        private static int lineOf(TokenStreamLocation location) {
            return location == null ? 0 : Math.max(location.getLineNr(), 0);
        }

        /**
         * Maps each path to the line its key (or list item) starts on. The tree that gets bound has no locations
         * (variables are substituted in it), so lines come from one extra streaming pass, made only on failure.
         */
        private static Map<String, Integer> indexLines(String text) {
            Map<String, Integer> lines = new HashMap<>();
            try (JsonParser parser = MAPPER.createParser(text)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                        continue;
                    }
                    TokenStreamContext context = parser.streamReadContext();
                    if (token.isStructStart()) {
                        context = context.getParent();
                    }
                    lines.putIfAbsent(YamlPath.of(context).toString(), lineOf(parser.currentTokenLocation()));
                }
            } catch (JacksonException e) {
                // The lines read before the syntax error are still right.
            }
            return lines;
        }
    }

    /** Built once, on first use: starting Hibernate Validator takes longer than loading a file. */
    private static final class Validators {
        private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
        static final Validator VALIDATOR = FACTORY.getValidator();
    }

    private static String reasonFor(JacksonException e, JsonNode node) {
        if (e instanceof InputCoercionException && node != null) {
            return "'" + node.asString() + "' is out of range";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException invalid) {
            return "'" + invalid.getValue() + "' is not " + describe(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describe(mismatch.getTargetType()) + ", but is " + describe(node);
        }
        Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
        return cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
    }

    /** The YAML parser's own words without the echoed source lines and position markers that follow them. */
    private static String plainYamlError(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable";
        }
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining("; "));
    }

    private static String found(Object invalidValue) {
        if (invalidValue instanceof Number || invalidValue instanceof Boolean) {
            return " (found " + invalidValue + ")";
        }
        if (invalidValue instanceof CharSequence text && !text.toString().isBlank()) {
            return " (found '" + text + "')";
        }
        return "";
    }

    private static JsonNode nodeAt(JsonNode tree, YamlPath path) {
        JsonNode node = tree;
        for (Object segment : path.segments()) {
            if (node == null) {
                return null;
            }
            node = segment instanceof Integer index ? node.get(index) : node.get(segment.toString());
        }
        return node;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "empty";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isString()) {
            return "the text '" + node.stringValue() + "'";
        }
        return node.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> configName((Enum<?>) constant))
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == ZoneId.class) {
            return "an IANA time zone such as UTC or Europe/Paris";
        }
        if (type == Currency.class) {
            return "an ISO 4217 currency code such as USD or EUR";
        }
        if (type == URI.class) {
            return "a URL such as https://example.com/v1";
        }
        if (type == Duration.class) {
            return "a duration such as 30m, 4h or 1d";
        }
        if (type == ByteSize.class) {
            return "a size such as 32MiB, 512KB or 1048576";
        }
        if (type == ProviderModel.class) {
            return "a model name or a mapping with name and id";
        }
        return "a mapping";
    }

    private static String configName(Enum<?> constant) {
        try {
            JsonProperty name = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return name != null ? name.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

}
