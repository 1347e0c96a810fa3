package dev.wslab.bench.e2e;

import java.util.Locale;

/** The end-to-end results as a Markdown table, one row per cell, followed by every failed check. */
final class MarkdownTable {

    private MarkdownTable() {
    }

    static String of(RunReport report) {
        StringBuilder md = new StringBuilder();
        RunReport.Environment env = report.environment();
        md.append("# End-to-end transport results (").append(report.profile()).append(" profile)\n\n");
        md.append("Command: `").append(report.command()).append("`  \n");
        md.append("JDK: ").append(env.javaVersion()).append(" (").append(env.javaVm()).append("), ")
                .append(env.os()).append(", ").append(env.cpus()).append(" CPUs (").append(env.cpuModel())
                .append(")  \n");
        md.append("Run: ").append(env.startedUtc()).append(" → ").append(env.finishedUtc())
                .append("; load average before: ").append(env.loadAverageBefore())
                .append(", after: ").append(env.loadAverageAfter()).append("\n\n");
        md.append("Latency in milliseconds from the intended send time to the receiving client; bytes and CPU ")
                .append("per delivered message (a message to a room of n members is n deliveries); bytes ")
                .append("counted at the client sockets, both directions.\n\n");
        md.append("| transport | payload | clients/rooms | load | delivered/s | p50 | p90 | p99 | p99.9 | max "
                + "| B/msg c→s | B/msg s→c | server CPU µs/msg | client CPU µs/msg | Redis cmds/sent | checks |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CellResult cell : report.cells()) {
            CellSpec spec = cell.spec();
            CellResult.Latency l = cell.latencyMicros();
            double perMessage = cell.delivered() == 0 ? Double.NaN : 1.0 / cell.delivered();
            md.append(String.format(Locale.ROOT,
                    "| %s | %d B | %d/%d | %s | %,.0f | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                    spec.transport().id(), spec.payloadBytes(), spec.clients(), spec.rooms(),
                    spec.mode() == CellSpec.Mode.FIXED_RATE ? spec.sendsPerSecond() + " sends/s"
                            : "saturation, " + spec.inFlight() + " in flight/" + (spec.limitsSenders()
                                    ? "sender, " + spec.sendersPerRoom() + " senders/room" : "client"),
                    cell.deliveredPerSecond(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()),
                    cell.clientToServerBytes() * perMessage, cell.serverToClientBytes() * perMessage,
                    cell.serverCpuMicrosPerDelivered(), cell.clientCpuMicrosPerDelivered(),
                    Double.isNaN(cell.redisCommandsPerSent()) ? "–"
                            : String.format(Locale.ROOT, "%.2f", cell.redisCommandsPerSent()),
                    cell.passed() ? "pass" : "**FAIL**"));
        }
        md.append('\n');
        boolean anyFailed = false;
        for (CellResult cell : report.cells()) {
            for (CellResult.Check check : cell.checks()) {
                if (!check.passed()) {
                    if (!anyFailed) {
                        md.append("## Failed self-checks\n\n");
                        anyFailed = true;
                    }
                    md.append("- ").append(cell.spec().label()).append(": ").append(check.name()).append(" — ")
                            .append(check.detail()).append('\n');
                }
            }
        }
        if (!anyFailed) {
            java.util.Set<String> checked = new java.util.LinkedHashSet<>();
            for (CellResult cell : report.cells()) {
                for (CellResult.Check check : cell.checks()) {
                    checked.add(check.name().replaceAll(" at \\d+ ms", " at N ms").replaceAll("near \\d+/2", "near N/2"));
                }
            }
            md.append("All self-checks passed (each cell's numbers are in the JSON):\n\n");
            for (String name : checked) {
                md.append("- ").append(name).append('\n');
            }
        }
        if (!report.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String note : report.notes()) {
                md.append("- ").append(note).append('\n');
            }
        }
        return md.toString();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, micros >= 100_000 ? "%.0f" : "%.2f", micros / 1000.0);
    }
}
