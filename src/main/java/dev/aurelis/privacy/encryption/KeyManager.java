package dev.aurelis.privacy.encryption;

/**
 * Holds the key-encryption keys (KEKs) that wrap the data keys: a local keyring file, HashiCorp Vault Transit or AWS
 * KMS. The KEKs never leave the manager except the local keyring's, which Aurelis reads from its file. A wrapped key
 * names the KEK (and version) that wrapped it, so it can be unwrapped after the manager rotated.
 */
public interface KeyManager {

    /** {@code local}, {@code vault} or {@code aws_kms}. */
    String name();

    /** The KEK new data keys are wrapped with, e.g. {@code local:3}. */
    String currentKeyId();

    WrappedKey wrap(byte[] dataKey);

    byte[] unwrap(WrappedKey wrapped);

    /** Makes a new KEK (version) current; returns its id. */
    String rotate();

    /** A data key wrapped by the KEK {@code kekId}. */
    record WrappedKey(String kekId, byte[] blob) {
        @Override
        public String toString() {
            return "WrappedKey[" + kekId + "]";
        }
    }
}
