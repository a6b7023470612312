package dev.aurelis.gateway.pipeline;

import dev.aurelis.gateway.wire.Json;
import dev.aurelis.gateway.wire.PromptTokens;
import dev.aurelis.providers.WireFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local figures of an attempt's prompt, each computed on first use: the cheap estimate reservations take, the
 * tokenizer's count a record takes when the provider never reports its usage (about 4 ms for an 80 KB request), and
 * the strict bound hard budgets reserve.
 *
 * <p>They are read from the parsed request until the answer starts. From then on no other attempt can be made, and an
 * open stream keeps only the bytes the provider was sent, less than half of what the parsed tree holds (ADR 0083); the
 * rare record that still needs a figure, a stream broken off before the provider reported its usage, reads them again.
 * A stream whose provider counted the prompt at its start keeps neither.
 */
final class PromptFigures {

    private static final long UNKNOWN = -1;

    private ObjectNode tree;
    private WireFormat treeFormat;
    private byte[] sent;
    private WireFormat sentFormat;
    private long estimate = UNKNOWN;
    private long count = UNKNOWN;
    private long bound = UNKNOWN;
    /** The held tree's tool definitions, measured once for the estimate and the bound; null until then or if none. */
    private PromptTokens.Tools tools;
    private boolean toolsRead;

    PromptFigures(WireFormat format, ObjectNode body) {
        this.tree = body;
        this.treeFormat = format;
    }

    /** Without the tokenizer (ADR 0047): what budgets and token limits reserve. */
    synchronized long estimate() {
        if (estimate == UNKNOWN) {
            estimate = tree != null ? PromptTokens.estimate(treeFormat, tree, heldTools())
                    : PromptTokens.estimate(treeFormat, tree());
        }
        return estimate;
    }

    /** The o200k tokenizer's count; the estimate once nothing of the request is held. */
    synchronized long count() {
        if (count == UNKNOWN) {
            count = holdsNothing() ? estimate : PromptTokens.count(treeFormat, tree());
        }
        return count;
    }

    /**
     * At most this many prompt tokens; {@link PromptTokens#UNBOUNDED} when the request does not hold the whole prompt,
     * or when nothing of it is held any more and the bound was never needed before.
     */
    synchronized long upperBound() {
        if (bound == UNKNOWN) {
            bound = holdsNothing() ? PromptTokens.UNBOUNDED
                    : tree != null ? PromptTokens.upperBound(treeFormat, tree, heldTools())
                    : PromptTokens.upperBound(treeFormat, tree());
        }
        return bound;
    }

    /** The bytes the provider is sent, in its wire format: what is kept once the answer started. */
    synchronized void sending(byte[] bytes, WireFormat format) {
        sent = bytes;
        sentFormat = format;
    }

    /**
     * The answer started, so the parsed request is not needed for another attempt: let it go, keeping the bytes sent
     * (without them, nothing was sent, the tree stays). When the provider has already counted the prompt (Anthropic
     * does in its first event) and the estimate is known, the bytes go too: only a report found implausible later would
     * need a local figure, and then the estimate stands in for the count (the o200k count is not Anthropic's own either).
     */
    synchronized void answerStarted(boolean promptCountedByProvider) {
        tools = null; // the tree goes, or is read again from the bytes sent, which may be in another format
        toolsRead = false;
        if (promptCountedByProvider && estimate != UNKNOWN) {
            tree = null;
            sent = null;
        } else if (sent != null && tree != null) {
            tree = null;
            treeFormat = sentFormat;
        }
    }

    /** Whether the parsed request is still held (for tests of what an open stream keeps). */
    synchronized boolean holdsTree() {
        return tree != null;
    }

    /** Whether the bytes sent are held (for tests of what an open stream keeps). */
    synchronized boolean holdsSentBytes() {
        return sent != null;
    }

    /** The tool definitions of the held tree, measured on first use. */
    private PromptTokens.Tools heldTools() {
        if (!toolsRead) {
            tools = PromptTokens.tools(tree);
            toolsRead = true;
        }
        return tools;
    }

    private boolean holdsNothing() {
        return tree == null && sent == null;
    }

    /** The request, parsed again from the bytes sent when it was let go (not kept: a figure is computed once). */
    private ObjectNode tree() {
        return tree != null ? tree : Json.readObject(sent);
    }
}
