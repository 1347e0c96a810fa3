package dev.wslab.tools;

import dev.wslab.framing.Opcode;
import dev.wslab.framing.explain.FrameAnnotator;
import dev.wslab.framing.codec.FrameEncoder;
import dev.wslab.framing.codec.FrameHeader;
import dev.wslab.framing.codec.LengthForm;
import dev.wslab.framing.codec.Masking;
import dev.wslab.framing.codec.MaskingKeySource;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wslab-tools frame}: builds one frame from options and prints its bytes in hex; the reverse of
 * {@code annotate}. It can build broken frames on purpose (RSV bits, reserved opcodes, non-minimal
 * lengths, oversized control frames) so students can see how a receiver rejects them.
 */
@Command(name = "frame",
        mixinStandardHelpOptions = true,
        description = {
                "Builds one WebSocket frame (RFC 6455 §5.2) and prints its bytes in hex.",
                "It can also build broken frames on purpose, to feed to 'annotate' or to a server.",
                ""},
        footer = {
                "",
                "Examples:",
                "  ./wslab frame --text Hello                       # 81 05 48 65 6c 6c 6f",
                "  ./wslab frame --text Hello --mask 37fa213d       # the RFC 6455 §5.7 masked example",
                "  ./wslab frame --opcode text --no-fin --text Hel  # first fragment",
                "  ./wslab frame --opcode close --close-code 1000 --text bye --mask-random",
                "  ./wslab frame --opcode 3 --rsv1 --annotate      # broken on purpose, explained",
                "  ./wslab frame --opcode binary --hex 'de ad' --length-form 64",
                "",
                "Exit status: 0 on success, 2 on usage errors."})
final class FrameCommand implements Callable<Integer> {

    @Option(names = "--opcode", paramLabel = "OPCODE", defaultValue = "text",
            description = "continuation, text, binary, close, ping, pong, or a number 0-15 (reserved ones too); "
                    + "default: ${DEFAULT-VALUE}")
    private String opcode;

    @Option(names = "--fin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "set FIN (final fragment); --no-fin clears it; default: set")
    private boolean fin;

    @Option(names = "--rsv1", description = "set RSV1 (invalid without an extension)")
    private boolean rsv1;

    @Option(names = "--rsv2", description = "set RSV2 (invalid without an extension)")
    private boolean rsv2;

    @Option(names = "--rsv3", description = "set RSV3 (invalid without an extension)")
    private boolean rsv3;

    @ArgGroup(exclusive = true)
    private Masked masked;

    static final class Masked {
        @Option(names = "--mask", paramLabel = "KEY", description = "mask with this key, 8 hex digits, e.g. 37fa213d")
        String key;

        @Option(names = "--mask-random", description = "mask with a fresh random key, as a client does")
        boolean random;
    }

    @ArgGroup(exclusive = true)
    private PayloadSource payloadSource;

    static final class PayloadSource {
        @Option(names = "--text", paramLabel = "TEXT", description = "the payload as UTF-8 text")
        String text;

        @Option(names = "--hex", paramLabel = "HEX", description = "the payload in hex")
        String hex;
    }

    @Option(names = "--close-code", paramLabel = "CODE",
            description = "for a close frame: put this status code before the payload (any 0-65535, to show invalid ones)")
    private Integer closeCode;

    @Option(names = "--length-form", paramLabel = "FORM", defaultValue = "auto",
            description = "auto (the minimal form), 7, 16 or 64; a longer form than needed is invalid on purpose")
    private String lengthForm;

    @Option(names = "--annotate", description = "also print the annotation of the built frame")
    private boolean annotate;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int opcodeBits = parseOpcode();
        byte[] payload = payload();
        if (closeCode != null) {
            if (closeCode < 0 || closeCode > 0xFFFF) {
                throw usage("--close-code must be 0-65535");
            }
            byte[] body = new byte[2 + payload.length];
            body[0] = (byte) (closeCode >>> 8);
            body[1] = (byte) (int) closeCode;
            System.arraycopy(payload, 0, body, 2, payload.length);
            payload = body;
        }
        boolean mask = masked != null;
        int key = 0;
        if (mask) {
            key = masked.random ? MaskingKeySource.secure().nextKey() : parseKey(masked.key);
        }
        LengthForm form = parseLengthForm(payload.length);
        FrameHeader header = new FrameHeader(fin, rsv1, rsv2, rsv3, opcodeBits, mask, payload.length, form, key);
        ByteBuffer out = ByteBuffer.allocate(header.headerLength() + payload.length);
        FrameEncoder.writeHeader(header, out);
        int payloadAt = out.position();
        out.put(payload);
        if (mask) {
            Masking.mask(out.array(), payloadAt, payload.length, key, 0);
        }
        byte[] frame = out.array();
        PrintWriter writer = spec.commandLine().getOut();
        writer.println(HexFormat.ofDelimiter(" ").formatHex(frame));
        if (annotate) {
            writer.println();
            writer.print(FrameAnnotator.forUnknownSender().annotate(frame).text());
        }
        writer.flush();
        return 0;
    }

    private int parseOpcode() {
        String value = opcode.trim().toUpperCase(Locale.ROOT);
        for (Opcode known : Opcode.values()) {
            if (known.name().equals(value)) {
                return known.code();
            }
        }
        try {
            int number = value.startsWith("0X") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
            if (number >= 0 && number <= 15) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the usage error below
        }
        throw usage("--opcode must be continuation, text, binary, close, ping, pong or a number 0-15, not '" + opcode + "'");
    }

    private byte[] payload() {
        if (payloadSource == null) {
            return new byte[0];
        }
        if (payloadSource.text != null) {
            return payloadSource.text.getBytes(StandardCharsets.UTF_8);
        }
        String digits = payloadSource.hex.replaceAll("0[xX]", "").replaceAll("[\\s,:]+", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw usage("--hex is not valid hex: " + e.getMessage());
        }
    }

    private int parseKey(String text) {
        String digits = text.replaceAll("0[xX]", "").replaceAll("[\\s:]+", "");
        if (!digits.matches("[0-9a-fA-F]{8}")) {
            throw usage("--mask needs exactly 8 hex digits (4 bytes), e.g. 37fa213d");
        }
        return (int) Long.parseLong(digits, 16);
    }

    private LengthForm parseLengthForm(int payloadLength) {
        LengthForm form = switch (lengthForm.trim()) {
            case "auto" -> LengthForm.minimalFor(payloadLength);
            case "7" -> LengthForm.SEVEN_BIT;
            case "16" -> LengthForm.SIXTEEN_BIT;
            case "64" -> LengthForm.SIXTY_FOUR_BIT;
            default -> throw usage("--length-form must be auto, 7, 16 or 64");
        };
        if (payloadLength > form.maxLength()) {
            throw usage("a payload of " + payloadLength + " bytes does not fit the " + form.describe());
        }
        return form;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
