package dev.wslab.bench.utf8;

import dev.wslab.framing.utf8.Utf8Validator;
import io.undertow.websockets.core.protocol.version07.UTF8Checker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Validating a text message's UTF-8 (RFC 6455 §8.1): wslab's streaming {@link Utf8Validator}
 * against the JDK's {@link CharsetDecoder} set to {@link CodingErrorAction#REPORT} (the baseline:
 * what a Java server without its own validator uses, and it decodes to chars on the way), and
 * Undertow's {@code UTF8Checker}, the channel function its text frames pass through.
 *
 * <p>Texts: plain ASCII (chat in English, JSON), and a multilingual mix (Latin with accents, Greek,
 * CJK, emoji) where the ASCII shortcut rarely applies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8Benchmark {

    @Param({"ascii", "multilingual"})
    public String text;

    @Param({"128", "65536"})
    public int size;

    private byte[] bytes;
    private ByteBuffer buffer;
    private CharsetDecoder jdkDecoder;
    private CharBuffer chars;
    private Utf8Validator validator;
    private UTF8Checker undertowChecker;

    @Setup
    public void setUp() throws IOException {
        bytes = Texts.utf8(text, size);
        buffer = ByteBuffer.wrap(bytes);
        jdkDecoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        chars = CharBuffer.allocate(bytes.length);
        validator = new Utf8Validator();
        undertowChecker = new UTF8Checker();
        if (!wslab() || !jdkCharsetDecoder()) {
            throw new IllegalStateException("the benchmark text is not valid UTF-8");
        }
        undertow();
    }

    @Benchmark
    public boolean wslab() {
        validator.reset();
        return validator.feed(bytes, 0, bytes.length) && validator.isAtCharacterBoundary();
    }

    @Benchmark
    public boolean jdkCharsetDecoder() throws CharacterCodingException {
        jdkDecoder.reset();
        chars.clear();
        buffer.clear();
        CoderResult result = jdkDecoder.decode(buffer, chars, true);
        if (result.isError()) {
            return false;
        }
        return !jdkDecoder.flush(chars).isError();
    }

    @Benchmark
    public ByteBuffer undertow() throws IOException {
        // Undertow's checker throws on invalid input; for valid input it returns normally.
        buffer.clear();
        undertowChecker.afterRead(buffer, 0, bytes.length);
        undertowChecker.complete();
        return buffer;
    }
}
