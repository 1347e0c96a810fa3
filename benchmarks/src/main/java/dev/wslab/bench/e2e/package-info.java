/**
 * The end-to-end transport runner: WebSocket (wslab and Undertow's own) against HTTP short and long
 * polling, on one chat application, on loopback.
 *
 * <p>How a cell is measured, and why it can be trusted:
 * <ul>
 *   <li>Servers run in their own JVMs ({@link dev.wslab.bench.e2e.ServerMain}); this JVM is the load
 *       generator ({@link dev.wslab.bench.e2e.TransportRunner}).</li>
 *   <li>Sends are scheduled at fixed times and latency counts from the intended time, so a stalled
 *       sender cannot hide a stall (coordinated omission); HdrHistogram keeps the percentiles.</li>
 *   <li>Bytes are counted at the client sockets, both directions, for every transport
 *       ({@link dev.wslab.bench.e2e.WireCounter}); optionally a counting TCP relay
 *       ({@link dev.wslab.bench.e2e.CountingProxy}) confirms the counts.</li>
 *   <li>CPU is the process CPU time of the server and of the load generator over the window.</li>
 *   <li>Every cell checks itself and a failed check fails the run: every message delivered to every
 *       member exactly once and in order; WebSocket frames cost exactly payload + header at the
 *       socket; short polling at N ms has a median latency near N/2.</li>
 * </ul>
 */
package dev.wslab.bench.e2e;
