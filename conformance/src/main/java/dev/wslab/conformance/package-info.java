/**
 * The Autobahn TestSuite gate.
 *
 * <p>{@link dev.wslab.conformance.Wstest} runs the suite (from Maven Central, under Jython) in a child
 * JVM on 127.0.0.1: as a fuzzing client against the chat server's {@code /echo} endpoint, and as a fuzzing
 * server for our {@link dev.wslab.client.WebSocketClient} driven by
 * {@link dev.wslab.conformance.AutobahnEchoClient}. {@link dev.wslab.conformance.AutobahnReport} reads
 * the JSON reports and {@link dev.wslab.conformance.ConformanceGate} judges them: a case fails when its
 * {@code behavior} <em>or</em> its {@code behaviorClose} failed; NON-STRICT, INFORMATIONAL and
 * UNIMPLEMENTED are handled as {@link dev.wslab.conformance.GatePolicy} explains; every selected case must
 * be reported. {@link dev.wslab.conformance.CaseSelection} lists what runs and why the rest does not.
 */
package dev.wslab.conformance;
