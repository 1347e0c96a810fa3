/**
 * Benchmarks for wslab, each one next to the strongest peers measured in the same run.
 *
 * <p>Absolute times on a shared machine are noise; the ratios between wslab and a peer measured
 * in the same JVM, minutes apart, are the figures worth reading. The suites:
 * <ul>
 *   <li>{@code masking} — RFC 6455 §5.3 masking at 16 B, 1 KiB and 64 KiB against
 *       {@code System.arraycopy} (the memory-speed ceiling), a naive byte loop, Netty and Undertow;</li>
 *   <li>{@code handshake} — the §4.2.2 {@code Sec-WebSocket-Accept} computation and a full
 *       request parse + validate + response;</li>
 *   <li>{@code codec} — decoding and encoding realistic frame streams, wslab against Netty;</li>
 *   <li>{@code utf8} — the streaming UTF-8 validator (§8.1) against the JDK's {@code CharsetDecoder};</li>
 *   <li>{@code e2e} — the transport runner: WebSocket versus HTTP short and long polling on loopback;</li>
 *   <li>{@code report} — turns JMH's JSON output into the ratio tables of the results page.</li>
 * </ul>
 */
package dev.wslab.bench;
