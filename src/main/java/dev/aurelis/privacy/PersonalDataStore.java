package dev.aurelis.privacy;

import java.util.List;

/**
 * A module's personal data, erasable on request. Each module that keeps data about people implements it over its
 * own tables (never another module's) and reports what it did per store, for the erasure receipt. Implementations
 * run inside the erasure's transaction where they share the application's database.
 */
public interface PersonalDataStore {

    /** Erases or pseudonymises everything this module keeps about {@code subject}; one line per table or cache. */
    List<ErasedStore> erase(ErasureSubject subject);
}
