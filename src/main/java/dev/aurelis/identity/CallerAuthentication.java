package dev.aurelis.identity;

/**
 * An authentication that stands for a {@link Caller}, however it was proven: an API key, or a browser session
 * started through an identity provider, a directory or a local account. Permission checks look only at this.
 */
public interface CallerAuthentication {

    Caller caller();
}
