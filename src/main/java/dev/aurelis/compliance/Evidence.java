package dev.aurelis.compliance;

/**
 * One piece of evidence: what it shows, its value as found when the report was made, and where to see it live (an
 * admin API path), when there is such a place.
 */
public record Evidence(String description, Object value, String href) {
}
