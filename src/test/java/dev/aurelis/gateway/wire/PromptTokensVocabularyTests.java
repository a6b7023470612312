package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.api.Encoding;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The o200k vocabulary (about 30 MB of heap) is loaded by the first exact count, never by the estimate and the bound
 * that every governed exchange takes (ADR 0093). Other tests in this JVM count tokens, so the class is loaded afresh
 * in a loader of its own, which says which classes it has loaded.
 */
class PromptTokensVocabularyTests {

    private static final String VOCABULARY = "com.knuddels.jtokkit.Encodings";

    @Test
    void theEstimateAndTheBoundLeaveTheVocabularyUnloadedAndTheFirstCountLoadsIt() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", "gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", "How many tokens is this?");

        try (Isolated loader = new Isolated()) {
            Class<?> tokens = loader.loadClass(PromptTokens.class.getName());
            Class<?> formats = loader.loadClass("dev.aurelis.providers.WireFormat");
            Object chat = formats.getField("OPENAI_CHAT").get(null);
            Method estimate = tokens.getMethod("estimate", formats, ObjectNode.class);
            Method bound = tokens.getMethod("upperBound", formats, ObjectNode.class);
            Method count = tokens.getMethod("count", formats, ObjectNode.class);

            long estimated = (long) estimate.invoke(null, chat, body);
            long bounded = (long) bound.invoke(null, chat, body);

            assertThat(estimated).isPositive();
            assertThat(bounded).isGreaterThanOrEqualTo(estimated);
            assertThat(loader.loaded(VOCABULARY)).as("vocabulary loaded by the estimate or the bound").isFalse();

            long counted = (long) count.invoke(null, chat, body);

            assertThat(counted).isEqualTo(PromptTokens.count(dev.aurelis.providers.WireFormat.OPENAI_CHAT, body));
            assertThat(loader.loaded(VOCABULARY)).isTrue();
        }
    }

    /** Loads Aurelis's classes and the tokenizer's itself, from where this JVM found them; the rest from its parent. */
    private static final class Isolated extends URLClassLoader {

        Isolated() {
            super(new URL[] {location(PromptTokens.class), location(Encoding.class)},
                    PromptTokensVocabularyTests.class.getClassLoader());
        }

        private static URL location(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }

        boolean loaded(String name) {
            synchronized (getClassLoadingLock(name)) {
                return findLoadedClass(name) != null;
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.aurelis.") && !name.startsWith("com.knuddels.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }
}
