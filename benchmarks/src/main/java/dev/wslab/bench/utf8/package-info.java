/** Validating text messages (RFC 6455 §8.1): wslab's streaming validator, the JDK's decoder, Undertow's checker. */
package dev.wslab.bench.utf8;
