package dev.aurelis.storage.background;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;

/**
 * Raises the calling platform thread's nice value on Linux, where it is a property of each thread: the C library's
 * {@code nice(steps)}, which adds to the value the thread has (so a gateway started under {@code nice} keeps its work
 * below itself) and stops at 19, through the JDK's foreign function API. The API is looked up reflectively because
 * this code is compiled for Java 21, where it is still a preview; on another system, or a runtime without it,
 * {@link #unavailable()} says why and nothing changes. Raising the value needs no privilege.
 */
final class ThreadNiceness {

    private static final Lookup NICE = lookUp();

    private ThreadNiceness() {
    }

    /** The outcome of looking up {@code nice}: a handle, or why there is none. */
    private record Lookup(MethodHandle handle, String unavailable) {
    }

    /** Empty when the calling thread's nice value can be set; otherwise why not. */
    static Optional<String> unavailable() {
        return Optional.ofNullable(NICE.unavailable());
    }

    /**
     * Lowers the calling thread's priority by {@code steps} of nice (up to 19), or leaves it as it is when
     * {@link #unavailable()} says why it cannot. Raising a nice value never needs a privilege.
     */
    static void raise(int steps) {
        if (NICE.handle() == null) {
            return;
        }
        try {
            int newValue = (int) NICE.handle().invokeExact(steps); // the exact call type (int)int, result unused
        } catch (Throwable e) {
            // the priority stays the gateway's: the work itself is unaffected
        }
    }

    private static Lookup lookUp() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return new Lookup(null, "the nice value is per thread only on Linux");
        }
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup")
                    .getMethod("find", String.class).invoke(libc, "nice");
            if (symbol.isEmpty()) {
                return new Lookup(null, "the C library has no nice");
            }
            Object intLayout = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
            Object arguments = Array.newInstance(layoutType, 1);
            Array.set(arguments, 0, intLayout);
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                    .invoke(null, intLayout, arguments);
            Object options = Array.newInstance(optionType, 0);
            MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle",
                            Class.forName("java.lang.foreign.MemorySegment"), descriptorType, options.getClass())
                    .invoke(linker, symbol.get(), descriptor, options);
            return new Lookup(handle, null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Lookup(null, "this Java runtime cannot call nice (" + cause + ")");
        }
    }
}
