package dev.aurelis.privacy.encryption;

import dev.aurelis.privacy.DataProtectionSettings;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The key manager {@code security.encryption.at_rest.key_management} names (local when unset), built on first use;
 * unwrapping goes to whichever manager wrapped the key (its KEK id says), so switching managers keeps every sealed
 * value readable while the re-wrap moves the data keys under the new one.
 */
final class ConfiguredKeyManager implements KeyManager {

    private final DataProtectionSettings settings;
    private final Lazy local;
    private final Lazy vault;
    private final Lazy kms;

    ConfiguredKeyManager(DataProtectionSettings settings, Supplier<KeyManager> local, Supplier<KeyManager> vault,
            Supplier<KeyManager> kms) {
        this.settings = settings;
        this.local = new Lazy(local);
        this.vault = new Lazy(vault);
        this.kms = new Lazy(kms);
    }

    private KeyManager configured() {
        String name = settings.policy().keyManagement();
        return switch (name == null ? "local" : name.toLowerCase(Locale.ROOT)) {
            case "vault", "hashicorp_vault" -> vault.get();
            case "aws_kms" -> kms.get();
            default -> local.get();
        };
    }

    @Override
    public String name() {
        return configured().name();
    }

    @Override
    public String currentKeyId() {
        return configured().currentKeyId();
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        return configured().wrap(dataKey);
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        String kek = wrapped.kekId();
        KeyManager owner = kek.startsWith("vault:") ? vault.get() : kek.startsWith("aws_kms:") ? kms.get() : local.get();
        return owner.unwrap(wrapped);
    }

    @Override
    public String rotate() {
        return configured().rotate();
    }

    private static final class Lazy {
        private final Supplier<KeyManager> factory;
        private volatile KeyManager manager;

        Lazy(Supplier<KeyManager> factory) {
            this.factory = factory;
        }

        synchronized KeyManager get() {
            if (manager == null) {
                manager = factory.get();
            }
            return manager;
        }
    }
}
