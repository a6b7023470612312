package dev.aurelis.gateway.wire;

import dev.aurelis.providers.ProviderSettings;
import java.util.regex.Pattern;

/**
 * What of a provider's error text may reach a client: its message, at most {@link #MAX_LENGTH} characters, without
 * anything that looks like a credential (API keys, bearer tokens, {@code key=value} secrets) and without the
 * values of the headers Aurelis sent the provider (its API key, its configured headers), which some providers and
 * proxies echo back in their errors.
 */
public final class Redaction {

    static final int MAX_LENGTH = 1000;
    static final String REDACTED = "[redacted]";

    /** Bearer and basic credentials, whatever follows the scheme. */
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=:-]{6,}+");
    /** Keys by their vendors' prefixes (OpenAI, Anthropic, Aurelis, Google, AWS, GitHub, Slack...). */
    private static final Pattern KEY = Pattern.compile("\\b(sk|pk|rk|aur|sess|xox[abpr]|gh[pousr]|glpat|AIza|AKIA|ASIA)"
            + "[-_]?[A-Za-z0-9_-]{8,}+");
    /** {@code api_key: value}, {@code "authorization": "..."}, {@code password=...} and the like. */
    private static final Pattern NAMED = Pattern.compile("(?i)(\"?(?:[a-z0-9_-]*(?:api[_-]?key|token|secret|password"
            + "|passwd|authorization|credential|signature)[a-z0-9_-]*)\"?\\s*[:=]\\s*)(\"[^\"]{0,512}+\"|[^\\s,;&}\"]{1,512}+)");
    /** Long runs of key-like characters (40 or more): opaque tokens whatever their prefix. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_+/=-]{40,}+");

    private Redaction() {
    }

    /** The message with credentials removed; null stays null. */
    public static String message(String text, ProviderSettings provider) {
        if (text == null) {
            return null;
        }
        String bounded = text.length() > MAX_LENGTH * 2 ? text.substring(0, MAX_LENGTH * 2) : text;
        if (provider != null) {
            bounded = without(bounded, provider.apiKey());
            for (String value : provider.headers().values()) {
                bounded = without(bounded, value);
            }
        }
        bounded = SCHEME.matcher(bounded).replaceAll("$1 " + REDACTED);
        bounded = NAMED.matcher(bounded).replaceAll("$1" + REDACTED);
        bounded = KEY.matcher(bounded).replaceAll(REDACTED);
        bounded = OPAQUE.matcher(bounded).replaceAll(REDACTED);
        return bounded.length() > MAX_LENGTH ? bounded.substring(0, MAX_LENGTH) + "…" : bounded;
    }

    private static String without(String text, String secret) {
        return secret == null || secret.length() < 4 ? text : text.replace(secret, REDACTED);
    }
}
