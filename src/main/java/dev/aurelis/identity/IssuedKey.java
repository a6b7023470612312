package dev.aurelis.identity;

/** A newly issued key: the only moment its secret exists outside the caller's hands. */
public record IssuedKey(String key, ApiKeyInfo info) {

    @Override
    public String toString() {
        return "IssuedKey[" + info.prefix() + "…]";
    }
}
