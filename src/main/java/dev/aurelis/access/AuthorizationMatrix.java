package dev.aurelis.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of who may do what ({@code access/authorization-matrix.csv}): every admin API operation and
 * gateway call with the permission it requires and the outcome expected for each built-in role. The admin
 * API's security configuration enforces the permissions of the admin rows; the authorization matrix test
 * checks every row against the running server.
 */
public final class AuthorizationMatrix {

    public static final String RESOURCE = "access/authorization-matrix.csv";

    /**
     * One row: a method and path pattern (Spring's {@code {name}} variables), the gateway task if any, the
     * permissions required (all of them), and whether each built-in role is expected to be allowed.
     */
    public record Operation(String method, String path, String task, List<String> permissions,
            Map<String, Boolean> expected) {

        public boolean admin() {
            return path.startsWith("/api/") || path.startsWith("/scim/");
        }

        /** The single permission an admin operation requires. */
        public String permission() {
            return permissions.getFirst();
        }

        @Override
        public String toString() {
            return method + " " + path + (task.isEmpty() ? "" : " [" + task + "]");
        }
    }

    private static final List<Operation> OPERATIONS = load();

    private AuthorizationMatrix() {
    }

    public static List<Operation> operations() {
        return OPERATIONS;
    }

    public static List<Operation> adminOperations() {
        return OPERATIONS.stream().filter(Operation::admin).toList();
    }

    private static List<Operation> load() {
        InputStream in = AuthorizationMatrix.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The authorization matrix " + RESOURCE + " is missing from the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = null;
            List<Operation> operations = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
                if (header == null) {
                    header = cells;
                    continue;
                }
                if (cells.size() != header.size()) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected " + header.size() + " cells");
                }
                Map<String, Boolean> expected = new LinkedHashMap<>();
                for (int i = 4; i < cells.size(); i++) {
                    String cell = cells.get(i);
                    if (!cell.equals("allow") && !cell.equals("deny")) {
                        throw new IllegalStateException(RESOURCE + ":" + number + ": '" + cell + "' is neither allow nor deny");
                    }
                    expected.put(header.get(i), cell.equals("allow"));
                }
                List<String> permissions = List.of(cells.get(3).split("\\s+"));
                for (String permission : permissions) {
                    if (!Permission.isWellFormed(permission)) {
                        throw new IllegalStateException(RESOURCE + ":" + number + ": '" + permission + "' is not a permission");
                    }
                }
                operations.add(new Operation(cells.get(0), cells.get(1), cells.get(2), permissions,
                        java.util.Collections.unmodifiableMap(expected)));
            }
            return List.copyOf(operations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
