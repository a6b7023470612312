package dev.aurelis.storage.background;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;

/**
 * Raises the calling platform thread's nice value on Linux, where it is a property of each thread: the C library's
 * {@code setpriority(PRIO_PROCESS, 0, n)} through the JDK's foreign function API. The API is looked up reflectively
 * because this code is compiled for Java 21, where it is still a preview; on another system, or a runtime without it,
 * {@link #unavailable()} says why and nothing changes. Raising the value needs no privilege.
 */
final class ThreadNiceness {

    private static final int PRIO_PROCESS = 0;
    private static final Lookup SETPRIORITY = lookUp();

    private ThreadNiceness() {
    }

    /** The outcome of looking up {@code setpriority}: a handle, or why there is none. */
    private record Lookup(MethodHandle handle, String unavailable) {
    }

    /** Empty when the calling thread's nice value can be set; otherwise why not. */
    static Optional<String> unavailable() {
        return Optional.ofNullable(SETPRIORITY.unavailable());
    }

    /** Sets the calling thread's nice value; true when the system accepted it. */
    static boolean set(int niceness) {
        if (SETPRIORITY.handle() == null) {
            return false;
        }
        try {
            return (int) SETPRIORITY.handle().invokeExact(PRIO_PROCESS, 0, niceness) == 0;
        } catch (Throwable e) {
            return false;
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
                    .getMethod("find", String.class).invoke(libc, "setpriority");
            if (symbol.isEmpty()) {
                return new Lookup(null, "the C library has no setpriority");
            }
            Object intLayout = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
            Object arguments = Array.newInstance(layoutType, 3);
            for (int i = 0; i < 3; i++) {
                Array.set(arguments, i, intLayout);
            }
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                    .invoke(null, intLayout, arguments);
            Object options = Array.newInstance(optionType, 0);
            MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle",
                            Class.forName("java.lang.foreign.MemorySegment"), descriptorType, options.getClass())
                    .invoke(linker, symbol.get(), descriptor, options);
            return new Lookup(handle, null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Lookup(null, "this Java runtime cannot call setpriority (" + cause + ")");
        }
    }
}
