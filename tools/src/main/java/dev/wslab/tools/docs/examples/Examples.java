package dev.wslab.tools.docs.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example programs of the walkthrough (chapter 7), by name. The docs include their source verbatim and
 * show the output of {@link Example#run(PrintStream)}; the tools tests run them too.
 */
public final class Examples {
    /** One example program. */
    public interface Example {
        /** The class whose {@code main} a student runs. */
        Class<?> mainClass();

        /** Runs the example, printing to {@code out}. */
        void run(PrintStream out) throws Exception;
    }

    private static final Map<String, Example> ALL = new LinkedHashMap<>();

    static {
        register("in-memory-echo", InMemoryEcho.class, InMemoryEcho::run);
        register("socket-echo", SocketEcho.class, SocketEcho::run);
        register("client-checks", ClientChecks.class, ClientChecks::run);
        register("fragments", Fragments.class, Fragments::run);
        register("dead-peers", DeadPeers.class, DeadPeers::run);
        register("frame-overhead", FrameOverhead.class, FrameOverhead::run);
    }

    private Examples() {
    }

    @FunctionalInterface
    private interface Body {
        void run(PrintStream out) throws Exception;
    }

    private static void register(String name, Class<?> mainClass, Body body) {
        ALL.put(name, new Example() {
            @Override
            public Class<?> mainClass() {
                return mainClass;
            }

            @Override
            public void run(PrintStream out) throws Exception {
                body.run(out);
            }
        });
    }

    /** The example called {@code name}. */
    public static Optional<Example> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** Every example name. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
