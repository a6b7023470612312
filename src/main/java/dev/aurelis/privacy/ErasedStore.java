package dev.aurelis.privacy;

/**
 * One line of an erasure receipt: a store (table or cache), what was done there ({@code deleted},
 * {@code pseudonymised}, {@code shredded}, {@code cleared}, {@code kept}) and how many rows it touched.
 * {@code note} says why, when something is kept.
 */
public record ErasedStore(String module, String store, String action, long rows, String note) {

    public static ErasedStore of(String module, String store, String action, long rows) {
        return new ErasedStore(module, store, action, rows, null);
    }
}
