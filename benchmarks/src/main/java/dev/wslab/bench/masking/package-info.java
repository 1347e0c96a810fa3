/**
 * RFC 6455 §5.3 masking: wslab's shipped {@code Masking} next to {@code System.arraycopy}, a naive
 * byte loop, and the loops Netty and Undertow really run ({@link dev.wslab.bench.masking.PeerMasking}
 * reaches them without copying them).
 */
package dev.wslab.bench.masking;
