package dev.wslab.bench.masking;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.undertow.websockets.core.protocol.version07.Masker;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;

/**
 * Handles on the masking code the peers really run, so that the benchmark measures their shipped
 * loops and not a copy of them.
 *
 * <ul>
 *   <li>Netty: {@code WebSocket08FrameDecoder.unmask(ByteBuf)}, the private method its decoder calls
 *       on every masked frame (8 bytes at a time with {@code getLong}/{@code setLong}). We reach it
 *       with a private {@link MethodHandles.Lookup}, after setting the decoder's {@code mask} field
 *       the way its header parser would.</li>
 *   <li>Undertow: {@code io.undertow.websockets.core.protocol.version07.Masker}, the channel function
 *       its WebSocket channels apply to each frame's payload (a byte loop with {@code key[m++ % 4]}).
 *       Its constructor is package-private, so one instance is made reflectively; the public
 *       {@code beforeWrite} is then called directly.</li>
 * </ul>
 */
public final class PeerMasking {

    private PeerMasking() {
    }

    /** Netty's decoder-side unmasking, bound to one decoder whose current frame mask is {@code key}. */
    public static final class NettyUnmask {
        private final WebSocket08FrameDecoder decoder;
        private final MethodHandle unmask;

        public NettyUnmask(int key) {
            try {
                decoder = new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                        .expectMaskedFrames(true).allowMaskMismatch(false).build());
                MethodHandles.Lookup lookup =
                        MethodHandles.privateLookupIn(WebSocket08FrameDecoder.class, MethodHandles.lookup());
                lookup.findVarHandle(WebSocket08FrameDecoder.class, "mask", int.class).set(decoder, key);
                unmask = lookup.findVirtual(WebSocket08FrameDecoder.class, "unmask",
                        MethodType.methodType(void.class, ByteBuf.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Netty's WebSocket08FrameDecoder changed shape", e);
            }
        }

        /** Unmasks the readable bytes of {@code frame} in place, exactly as Netty's decoder does. */
        public void unmask(ByteBuf frame) {
            try {
                unmask.invokeExact(decoder, frame);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Undertow's masking channel function, with its masking key set to {@code key}. */
    public static Masker undertowMasker(int key) {
        try {
            Constructor<Masker> constructor = Masker.class.getDeclaredConstructor(int.class);
            constructor.setAccessible(true);
            return constructor.newInstance(key);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Undertow's Masker changed shape", e);
        }
    }

    /**
     * Masks {@code length} bytes of {@code buffer} from {@code position} with Undertow's masker,
     * starting at the first key byte as for a new frame.
     */
    public static void undertowMask(Masker masker, int key, ByteBuffer buffer, int position, int length) {
        masker.setMaskingKey(key);
        masker.beforeWrite(buffer, position, length);
    }
}
