package dev.wslab.bench.e2e;

import java.util.List;

/**
 * Everything one run of the {@link TransportRunner} produced, as written to JSON.
 *
 * @param profile     smoke, quick or full
 * @param command     the command line that produced it
 * @param environment the JDK, the machine and its load
 * @param cells       every cell's result, in run order
 * @param notes       what could not be run and why (e.g. a transport that is not available)
 */
public record RunReport(String profile, String command, Environment environment, List<CellResult> cells,
                        List<String> notes) {

    /**
     * Facts about where the run happened.
     *
     * @param javaVersion       {@code java.version} of the load generator and the servers (same JDK)
     * @param javaVm            VM name and version
     * @param os                operating system
     * @param cpus              processors the JVM sees
     * @param cpuModel          from /proc/cpuinfo when readable
     * @param loadAverageBefore /proc/loadavg when the run started
     * @param loadAverageAfter  /proc/loadavg when it ended
     * @param startedUtc        ISO-8601 start time
     * @param finishedUtc       ISO-8601 end time
     */
    public record Environment(String javaVersion, String javaVm, String os, int cpus, String cpuModel,
                              String loadAverageBefore, String loadAverageAfter, String startedUtc,
                              String finishedUtc) {
    }

    /** True when every cell's self-checks passed. */
    public boolean passed() {
        return cells.stream().allMatch(CellResult::passed);
    }
}
