package dev.wslab.chat.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM options of the nodes {@code wslab-chat cluster} starts: those {@code ./wslab cluster} read from
 * {@code chat-demo/jvm.options} followed by {@code JAVA_OPTS} (it passes them in
 * {@value #ENVIRONMENT_VARIABLE}), so a node runs exactly as {@code ./wslab chat} does; without that
 * variable (the command started some other way) a plain 256 MiB heap.
 */
public final class NodeJvmOptions {

    public static final String ENVIRONMENT_VARIABLE = "WSLAB_NODE_JVM_OPTIONS";
    static final List<String> FALLBACK = List.of("-Xmx256m");

    private NodeJvmOptions() {}

    public static List<String> from(Map<String, String> environment) {
        String options = environment.get(ENVIRONMENT_VARIABLE);
        if (options == null || options.isBlank()) {
            return FALLBACK;
        }
        return Arrays.stream(options.trim().split("\\s+")).toList();
    }
}
