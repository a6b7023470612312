package dev.aurelis.providers.translation;

import dev.aurelis.providers.WireFormat;

public class UnsupportedTranslationException extends RuntimeException {
    public UnsupportedTranslationException(WireFormat client, WireFormat provider) {
        super(client + " -> " + provider);
    }
}
