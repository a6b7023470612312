package dev.aurelis.tenancy;

/** A project that spend can be attributed to (chosen per API key or per request). */
public record Project(String name, String displayName, String costCenter) {
}
