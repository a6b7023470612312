package dev.aurelis.identity.signin;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A sign-in that cannot complete because an identity provider or directory did not answer in time or could not be
 * reached; the message says which and is safe to show.
 */
public class ProviderUnavailable extends SignInRefused {

    ProviderUnavailable(String message) {
        super(message, null);
    }

    /** Describes a failed call to {@code what} (e.g. "The directory at ldap://dc1:636") from its cause. */
    static ProviderUnavailable of(String what, Throwable failure, Duration connectTimeout, Duration readTimeout) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof SocketTimeoutException timeout) {
                boolean connecting = timeout.getMessage() != null && timeout.getMessage().toLowerCase().contains("connect");
                return new ProviderUnavailable(what + (connecting ? " could not be reached within " + seconds(connectTimeout)
                        : " did not answer within " + seconds(readTimeout)) + "; try again later, or ask an administrator "
                        + "to check integrations.sso.");
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new ProviderUnavailable(what + " could not be reached (" + cause.getMessage() + "); try again later, "
                        + "or ask an administrator to check integrations.sso.");
            }
            if (cause.getMessage() != null && cause.getMessage().toLowerCase().contains("timed out")) {
                return new ProviderUnavailable(what + " did not answer within " + seconds(readTimeout) + "; try again "
                        + "later, or ask an administrator to check integrations.sso.");
            }
            cause = cause.getCause();
        }
        return new ProviderUnavailable(what + " failed (" + failure.getMessage() + "); try again later, or ask an "
                + "administrator to check integrations.sso.");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
