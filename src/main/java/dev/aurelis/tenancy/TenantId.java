package dev.aurelis.tenancy;

import java.util.Objects;

/** The identifier of an organisation (tenant); every tenant row carries it. */
public record TenantId(String value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
