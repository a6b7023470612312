/**
 * The detectors: secret and personal-data rules found in one pass over the text by a keyword automaton and a
 * number-shape reader, each candidate confirmed by a bounded check. Plain Java (and libphonenumber), so the
 * benchmark can compile it on its own.
 */
package dev.aurelis.privacy.detection;
