package dev.aurelis.providers;

import java.io.InputStream;
import java.util.Optional;

/**
 * A provider's answer once its headers have arrived: the status, the headers, and the body as a stream to read as it
 * comes. Closing the body before its end drops the connection; reading it to the end gives the connection back.
 */
public interface UpstreamAnswer {

    int statusCode();

    /** The first value of a header (any case), if the provider sent it. */
    Optional<String> header(String name);

    /** The body; it reports when its reader waits on the provider ({@link ProviderSilence}). */
    InputStream body();
}
