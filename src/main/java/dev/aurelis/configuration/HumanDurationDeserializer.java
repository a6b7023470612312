package dev.aurelis.configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.aurelis.units.DurationText;
import java.time.Duration;

/**
 * Reads durations written as operators write them ({@code 250ms}, {@code 90s}, {@code 15m}, {@code 4h}, {@code 1d},
 * {@code 2w}) or ISO-8601: the grammar of {@link DurationText}, shared with the command line and the admin API.
 */
final class HumanDurationDeserializer extends ValueDeserializer<Duration> {

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) context.handleUnexpectedToken(Duration.class, parser);
        }
        String text = parser.getString().trim();
        Duration duration = parse(text);
        if (duration == null) {
            return (Duration) context.handleWeirdStringValue(Duration.class, text, "not a duration");
        }
        return duration;
    }

    static Duration parse(String text) {
        return DurationText.parse(text).orElse(null);
    }
}
