package dev.wslab.bench.e2e;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three PNG charts of the results page, drawn with XChart: bytes on the wire per delivered
 * message by transport, latency percentiles by transport (both from the reference cells: 128-byte
 * messages, 10 clients in one room, fixed rate), and delivered messages per second against the
 * number of clients (saturation cells, one room).
 */
final class Charts {

    static final String BYTES = "e2e-bytes-per-message.png";
    static final String LATENCY = "e2e-latency-percentiles.png";
    static final String THROUGHPUT = "e2e-messages-per-second-vs-clients.png";
    static final String TAIL = "e2e-p99-vs-clients.png";

    private Charts() {
    }

    /** Writes the charts into {@code dir}; returns the files written (a chart with no data is skipped). */
    static List<Path> write(RunReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<CellResult> reference = referenceCells(report);
        if (!reference.isEmpty()) {
            written.add(save(bytesPerMessage(reference), dir.resolve(BYTES)));
            written.add(save(latencyPercentiles(reference), dir.resolve(LATENCY)));
        }
        XYChart throughput = throughputVsClients(report);
        if (throughput != null) {
            written.add(save(throughput, dir.resolve(THROUGHPUT)));
        }
        XYChart tail = p99VsClients(report);
        if (tail != null) {
            written.add(save(tail, dir.resolve(TAIL)));
        }
        return written;
    }

    /** Fixed-rate cells with the reference payload, one room, and the most clients among them. */
    static List<CellResult> referenceCells(RunReport report) {
        Map<String, CellResult> byTransport = new LinkedHashMap<>();
        for (CellResult cell : report.cells()) {
            CellSpec spec = cell.spec();
            if (spec.mode() != CellSpec.Mode.FIXED_RATE || spec.rooms() != 1) {
                continue;
            }
            CellResult current = byTransport.get(spec.transport().id());
            boolean better = current == null
                    || distance(spec) < distance(current.spec());
            if (better) {
                byTransport.put(spec.transport().id(), cell);
            }
        }
        return new ArrayList<>(byTransport.values());
    }

    private static int distance(CellSpec spec) {
        return Math.abs(spec.payloadBytes() - Profile.REFERENCE_PAYLOAD) * 1000
                + Math.abs(spec.clients() - Profile.REFERENCE_CLIENTS);
    }

    private static CategoryChart bytesPerMessage(List<CellResult> cells) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Bytes on the wire per delivered message (" + describe(cells.get(0).spec()) + ")")
                .xAxisTitle("transport").yAxisTitle("bytes per delivered message (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0");
        List<String> transports = new ArrayList<>();
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        for (CellResult cell : cells) {
            transports.add(cell.spec().transport().id());
            up.add(Math.max(1, cell.clientToServerBytes() / (double) Math.max(1, cell.delivered())));
            down.add(Math.max(1, cell.serverToClientBytes() / (double) Math.max(1, cell.delivered())));
        }
        chart.addSeries("client → server", transports, up);
        chart.addSeries("server → client", transports, down);
        return chart;
    }

    private static CategoryChart latencyPercentiles(List<CellResult> cells) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Latency from intended send time (" + describe(cells.get(0).spec()) + ")")
                .xAxisTitle("percentile").yAxisTitle("milliseconds (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.01);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> percentiles = List.of("p50", "p90", "p99", "p99.9", "max");
        for (CellResult cell : cells) {
            CellResult.Latency l = cell.latencyMicros();
            List<Double> ms = new ArrayList<>();
            for (long micros : new long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.max()}) {
                ms.add(Math.max(0.01, micros / 1000.0));
            }
            chart.addSeries(cell.spec().transport().id(), percentiles, ms);
        }
        return chart;
    }

    private static XYChart throughputVsClients(RunReport report) {
        Map<String, List<CellResult>> byTransport = new LinkedHashMap<>();
        for (CellResult cell : report.cells()) {
            CellSpec spec = cell.spec();
            if (spec.mode() == CellSpec.Mode.SATURATION && spec.rooms() == 1
                    && spec.payloadBytes() == Profile.REFERENCE_PAYLOAD) {
                byTransport.computeIfAbsent(spec.transport().id(), k -> new ArrayList<>()).add(cell);
            }
        }
        if (byTransport.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("Delivered messages per second, saturation, one room, "
                        + Profile.REFERENCE_PAYLOAD + "-byte messages")
                .xAxisTitle("clients (all in one room)").yAxisTitle("delivered messages / s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(true);
        for (Map.Entry<String, List<CellResult>> entry : byTransport.entrySet()) {
            List<Double> clients = new ArrayList<>();
            List<Double> rate = new ArrayList<>();
            for (CellResult cell : entry.getValue()) {
                clients.add((double) cell.spec().clients());
                rate.add(cell.deliveredPerSecond());
            }
            chart.addSeries(entry.getKey(), clients, rate);
        }
        return chart;
    }

    /**
     * p99 latency against the number of clients at a fixed rate, one room, 128-byte messages: drawn when a
     * run has at least two client counts (the full profile), since the rate per cell keeps the offered
     * deliveries within what the machine carries, the curve shows how fan-out to a bigger room stretches the tail.
     */
    private static XYChart p99VsClients(RunReport report) {
        Map<String, List<CellResult>> byTransport = new LinkedHashMap<>();
        java.util.Set<Integer> counts = new java.util.TreeSet<>();
        for (CellResult cell : report.cells()) {
            CellSpec spec = cell.spec();
            if (spec.mode() == CellSpec.Mode.FIXED_RATE && spec.rooms() == 1
                    && spec.payloadBytes() == Profile.REFERENCE_PAYLOAD) {
                byTransport.computeIfAbsent(spec.transport().id(), k -> new ArrayList<>()).add(cell);
                counts.add(spec.clients());
            }
        }
        if (counts.size() < 2) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("p99 latency at a fixed rate, one room, " + Profile.REFERENCE_PAYLOAD + "-byte messages")
                .xAxisTitle("clients (all in one room)").yAxisTitle("p99, milliseconds (log scale)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, List<CellResult>> entry : byTransport.entrySet()) {
            List<Double> clients = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (CellResult cell : entry.getValue()) {
                clients.add((double) cell.spec().clients());
                p99.add(Math.max(0.01, cell.latencyMicros().p99() / 1000.0));
            }
            chart.addSeries(entry.getKey(), clients, p99);
        }
        return chart;
    }

    private static String describe(CellSpec spec) {
        return spec.payloadBytes() + " B, " + spec.clients() + " clients in 1 room, " + spec.sendsPerSecond()
                + " sends/s";
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
