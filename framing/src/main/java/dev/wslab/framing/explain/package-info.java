/**
 * Explainers for people: {@link dev.wslab.framing.explain.FrameAnnotator} walks bytes field by field. It
 * observes a real {@link dev.wslab.framing.connection.WebSocketConnection} and reports its verdicts, so it
 * holds no rule of its own.
 */
package dev.wslab.framing.explain;
