/**
 * Streaming, fail-fast UTF-8 validation for text messages and close reasons (RFC 6455 §5.6, §8.1;
 * RFC 3629). See {@link dev.wslab.framing.utf8.Utf8Validator}.
 */
package dev.wslab.framing.utf8;
