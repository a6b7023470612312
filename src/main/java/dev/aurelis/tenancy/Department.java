package dev.aurelis.tenancy;

/** A department of an organisation; teams belong to one. */
public record Department(String name, String displayName, String costCenter, String parent) {
}
