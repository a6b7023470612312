package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * One combination of dimension values in a cube: the values of the cube's dimensions (null where the record has
 * none, and for every dimension the cube does not keep), identified by a hash of the cube and the values.
 */
public record Coordinates(Cube cube, List<String> values) {

    private static final Dimension[] ALL = Dimension.values();

    public Coordinates {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Coordinates of(Cube cube, UsageRecord record) {
        String[] values = new String[ALL.length];
        for (Dimension d : ALL) {
            if (cube.dimensions().contains(d)) {
                values[d.ordinal()] = d.of(record);
            }
        }
        return new Coordinates(cube, Arrays.asList(values));
    }

    public String value(Dimension dimension) {
        return values.get(dimension.ordinal());
    }

    /** The first 128 bits of SHA-256 over the cube and the length-prefixed values (null distinct from empty). */
    public UUID id() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((byte) cube.id());
            for (String value : values) {
                if (value == null) {
                    digest.update((byte) 0);
                } else {
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    digest.update((byte) 1);
                    digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                            (byte) (bytes.length >>> 8), (byte) bytes.length});
                    digest.update(bytes);
                }
            }
            byte[] hash = digest.digest();
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (hash[i] & 0xff);
                low = (low << 8) | (hash[8 + i] & 0xff);
            }
            return new UUID(high, low);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
