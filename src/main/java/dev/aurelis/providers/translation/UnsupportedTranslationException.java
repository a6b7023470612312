package dev.aurelis.providers.translation;

import dev.aurelis.providers.WireFormat;

/** Aurelis cannot translate between these two wire formats, so the route cannot be served. */
public class UnsupportedTranslationException extends RuntimeException {

    private final WireFormat client;
    private final WireFormat provider;

    public UnsupportedTranslationException(WireFormat client, WireFormat provider) {
        super("No translation from client format " + client + " to provider format " + provider);
        this.client = client;
        this.provider = provider;
    }

    public WireFormat client() {
        return client;
    }

    public WireFormat provider() {
        return provider;
    }
}
