package dev.aurelis.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The schema's scalars: {@code JSON} (any value, as the REST API writes it) and {@code Decimal} (exact). */
@Configuration(proxyBeanMethods = false)
class Scalars {

    static final GraphQLScalarType JSON = GraphQLScalarType.newScalar().name("JSON")
            .description("Any JSON value").coercing(new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                    return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    return input;
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                        Locale locale) {
                    return literal(input, variables);
                }
            }).build();

    static final GraphQLScalarType DECIMAL = GraphQLScalarType.newScalar().name("Decimal")
            .description("An exact decimal").coercing(new Coercing<BigDecimal, BigDecimal>() {
                @Override
                public BigDecimal serialize(Object value, GraphQLContext context, Locale locale) {
                    return decimal(value);
                }

                @Override
                public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return decimal(input);
                    } catch (NumberFormatException e) {
                        throw new CoercingParseValueException("'" + input + "' is not a decimal number");
                    }
                }

                @Override
                public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                        Locale locale) {
                    return switch (input) {
                        case IntValue i -> new BigDecimal(i.getValue());
                        case FloatValue f -> f.getValue();
                        case StringValue s -> {
                            try {
                                yield new BigDecimal(s.getValue());
                            } catch (NumberFormatException e) {
                                throw new CoercingParseLiteralException("'" + s.getValue() + "' is not a decimal number");
                            }
                        }
                        default -> throw new CoercingParseLiteralException("a Decimal is a number");
                    };
                }
            }).build();

    @Bean
    RuntimeWiringConfigurer jsonAndDecimalScalars() {
        return wiring -> wiring.scalar(JSON).scalar(DECIMAL);
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static Object literal(Value<?> value, CoercedVariables variables) {
        return switch (value) {
            case NullValue n -> null;
            case StringValue s -> s.getValue();
            case BooleanValue b -> b.isValue();
            case IntValue i -> i.getValue();
            case FloatValue f -> f.getValue();
            case VariableReference v -> variables.get(v.getName());
            case ArrayValue a -> a.getValues().stream().map(v -> literal(v, variables)).toList();
            case ObjectValue o -> {
                Map<String, Object> map = new LinkedHashMap<>();
                o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
                yield map;
            }
            default -> throw new CoercingParseLiteralException("not a JSON value: " + value);
        };
    }
}
