package dev.wslab.bench.e2e;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The capacity results as Markdown tables and a chart of connect time against users connected. */
final class CapacityTables {

    static final String CONNECT_CHART = "capacity-connect-time.png";

    private CapacityTables() {
    }

    static String markdown(CapacityRunner.Report report) {
        StringBuilder md = new StringBuilder();
        md.append("Run: `").append(report.command()).append("`, Java ").append(report.javaVersion()).append(", ")
                .append(report.started()).append(" – ").append(report.finished()).append(", load average before `")
                .append(report.loadBefore()).append("`, after `").append(report.loadAfter()).append("`, ")
                .append(report.cpus()).append(" CPUs, ").append(report.fdLimit()).append(".\n\n");
        md.append("| server | users | storm s | ms/connect users 1–1,000 | ms/connect last 1,000 | last/first "
                + "| user 1's bytes at 1,000 / at end | max bytes per client | max presence events per client |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (CapacityRunner.ServerResult r : report.servers()) {
            CapacityRunner.Storm s = r.storm();
            if (s == null) {
                md.append("| ").append(r.server()).append(" | failed: ").append(r.failure()).append(" |||||||\n");
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.3f | %.3f | %.2f× | %,d / %,d | %,.0f | %d |%n",
                    r.server(), s.users(), s.seconds(), s.firstBatchMeanMillis(), s.lastBatchMeanMillis(), s.lastOverFirst(),
                    s.firstUserBytesAtBatch1(), s.firstUserBytesAtEnd(), s.maxBytesPerClient(), s.maxPresenceEventsPerClient()));
        }
        md.append("\nIdle connections (after the storm; the server's figures minus its figures before the storm, "
                + "heap measured after full collections):\n\n");
        md.append("| server | connections | heap/conn | native outside the heap (NMT)/conn | RSS/conn | fds/conn | heap used | max heap | direct buffers | RSS with the connections open |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CapacityRunner.ServerResult r : report.servers()) {
            CapacityRunner.Idle i = r.idle();
            if (i == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f B | %,.0f B | %,.0f B | %.2f | %,.1f MiB | %,.0f MiB | %,.1f MiB | %,.1f MB |%n",
                    r.server(), i.connections(), i.heapPerConnection(), i.nativePerConnection(), i.rssPerConnection(),
                    i.fdsPerConnection(), i.heapAfter() / 1048576.0, i.heapMax() / 1048576.0, i.directAfter() / 1048576.0,
                    i.rssAfter() / 1e6));
        }
        md.append("\nActive: 1,000 clients in 50 rooms, 100 messages of 64 B each, one in flight per client:\n\n");
        md.append("| server | expected deliveries | delivered | lost | duplicated | rooms out of order | delivered msgs/s | p50 ms | p99 ms | max ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CapacityRunner.ServerResult r : report.servers()) {
            CapacityRunner.Active a = r.active();
            if (a == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %d | %,.0f | %.2f | %.2f | %.2f |%n",
                    r.server(), a.expectedDeliveries(), a.delivered(), a.lost(), a.duplicated(), a.roomsOutOfOrder(),
                    a.deliveredPerSecond(), a.p50Millis(), a.p99Millis(), a.maxMillis()));
        }
        for (CapacityRunner.ServerResult r : report.servers()) {
            if (r.failure() != null) {
                md.append("\n**").append(r.server()).append(" failed:** ").append(r.failure()).append('\n');
            }
        }
        return md.toString();
    }

    static void chart(CapacityRunner.Report report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(450)
                .title("Connect storm: mean time per connect, per 1,000 users")
                .xAxisTitle("users connected").yAxisTitle("ms per connect (TCP + upgrade + join answered)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        boolean any = false;
        for (CapacityRunner.ServerResult r : report.servers()) {
            if (r.storm() == null || r.storm().meanConnectMillisPerBatch().isEmpty()) {
                continue;
            }
            List<Integer> x = new ArrayList<>();
            for (int i = 1; i <= r.storm().meanConnectMillisPerBatch().size(); i++) {
                x.add(i * CapacityRunner.BATCH);
            }
            chart.addSeries(r.server(), x, r.storm().meanConnectMillisPerBatch());
            any = true;
        }
        if (any) {
            BitmapEncoder.saveBitmap(chart, dir.resolve(CONNECT_CHART).toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
