package dev.wslab.tools;

import dev.wslab.framing.Role;
import dev.wslab.framing.explain.FrameAnnotator;
import dev.wslab.handshake.DeflateParameters;
import dev.wslab.handshake.ExtensionHeaderParser;
import dev.wslab.handshake.ExtensionOffer;
import dev.wslab.handshake.HandshakeCheck;
import dev.wslab.handshake.PerMessageDeflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wslab-tools annotate}: explains WebSocket frames field by field. A thin wrapper around
 * {@link FrameAnnotator} in the framing module.
 */
@Command(name = "annotate",
        mixinStandardHelpOptions = true,
        description = {
                "Explains WebSocket frames (RFC 6455 §5) field by field: FIN, RSV1-3, opcode, MASK,",
                "payload length and its form (7/16/64-bit), masking key, the payload masked and unmasked.",
                "A broken rule is pointed out with its RFC section.",
                "With --extensions (the Sec-WebSocket-Extensions answer of the 101) RSV1 means permessage-deflate",
                "(RFC 7692) and every compressed message is shown inflated.",
                "",
                "Without bytes it annotates every example of RFC 6455 §5.7.",
                ""},
        footer = {
                "",
                "Examples:",
                "  ./wslab annotate",
                "  ./wslab annotate 81 85 37 fa 21 3d 7f 9f 4d 51 58",
                "  ./wslab annotate --from client 0x81 0x05 0x48 0x65 0x6c 0x6c 0x6f",
                "  ./wslab frame --text Hello --mask 37fa213d | ./wslab annotate --file -",
                "  ./wslab annotate --file capture.bin --raw",
                "  ./wslab annotate --extensions permessage-deflate c1 07 f2 48 cd c9 c9 07 00",
                "",
                "Exit status: 0 when every frame is complete and valid, 1 otherwise, 2 on usage errors."})
final class AnnotateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "HEX", arity = "0..*",
            description = "frame bytes in hex; spaces, commas, colons and 0x prefixes are allowed")
    private List<String> hex;

    @Option(names = "--file", paramLabel = "FILE",
            description = "read the bytes from a file instead ('-' reads standard input); hex text unless --raw")
    private String file;

    @Option(names = "--raw", description = "the file holds raw bytes, not hex text")
    private boolean raw;

    @Option(names = "--from", paramLabel = "SENDER",
            description = "who sent the bytes: client or server; then the masking rule (RFC 6455 §5.1) is checked")
    private String sender;

    @Option(names = "--extensions", paramLabel = "ANSWER",
            description = "the extensions the handshake agreed on, as the 101's Sec-WebSocket-Extensions, e.g."
                    + " 'permessage-deflate; server_no_context_takeover': the bytes are read with that extension")
    private String extensions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if ((hex == null || hex.isEmpty()) && file == null) {
            out.print(FrameAnnotator.annotateRfcExamples());
            out.flush();
            return 0;
        }
        if (hex != null && !hex.isEmpty() && file != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the bytes either as HEX arguments or with --file, not both");
        }
        FrameAnnotator annotator = sender == null ? FrameAnnotator.forUnknownSender() : FrameAnnotator.forSender(senderRole());
        if (extensions != null) {
            DeflateParameters agreed = agreedDeflate();
            annotator = annotator.withPerMessageDeflate(agreed.serverNoContextTakeover(), agreed.clientNoContextTakeover(),
                    agreed.serverMaxWindowBits(), agreed.clientMaxWindowBits());
            out.println("extensions: " + ExtensionOffer.toHeaderValue(java.util.List.of(agreed.toAnswer()))
                    + " (RSV1 = compressed, RFC 7692 §6; context takeover: server "
                    + (agreed.serverNoContextTakeover() ? "off" : "on") + ", client "
                    + (agreed.clientNoContextTakeover() ? "off" : "on") + "; windows: server 2^"
                    + agreed.serverMaxWindowBits() + ", client 2^" + agreed.clientMaxWindowBits() + ")");
        }
        byte[] bytes = file != null ? readFile() : parseHex(String.join(" ", hex));
        FrameAnnotator.Annotation annotation = annotator.annotate(bytes);
        out.print(annotation.text());
        out.flush();
        return annotation.isValid() ? 0 : 1;
    }

    /** The permessage-deflate parameters of the answer, each checked by the handshake module (RFC 7692 §7.1). */
    private DeflateParameters agreedDeflate() {
        ExtensionHeaderParser.Result parsed = ExtensionHeaderParser.parse(extensions);
        if (parsed instanceof ExtensionHeaderParser.Result.Malformed malformed) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--extensions is not a Sec-WebSocket-Extensions value: "
                    + malformed.reason() + " at character " + malformed.index());
        }
        java.util.List<ExtensionOffer> list = ((ExtensionHeaderParser.Result.Parsed) parsed).extensions();
        for (ExtensionOffer e : list) {
            if (!PerMessageDeflate.isPerMessageDeflate(e)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--extensions: wslab knows only permessage-deflate, not '"
                        + e.name() + "'");
            }
        }
        if (list.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--extensions names no extension");
        }
        DeflateParameters.Reading reading = DeflateParameters.read(list.get(0));
        if (reading.parameters().isEmpty()) {
            HandshakeCheck failed = reading.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
            throw new CommandLine.ParameterException(spec.commandLine(), "--extensions: " + failed.rule() + ": "
                    + failed.detail() + " (" + failed.rfcSection() + ")");
        }
        return reading.parameters().get();
    }

    private Role senderRole() {
        String value = sender.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("client")) {
            return Role.CLIENT;
        }
        if (value.equals("server")) {
            return Role.SERVER;
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--from must be client or server, not '" + sender + "'");
    }

    private byte[] readFile() throws IOException {
        byte[] content;
        if (file.equals("-")) {
            InputStream in = System.in;
            content = in.readAllBytes();
        } else {
            content = Files.readAllBytes(Path.of(file));
        }
        return raw ? content : parseHex(new String(content, StandardCharsets.US_ASCII));
    }

    private byte[] parseHex(String text) {
        String digits = text.replaceAll("0[xX]", "").replaceAll("[\\s,:]+", "");
        if (digits.length() % 2 != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the hex has an odd number of digits (" + digits.length() + "); every byte needs two");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not hex: " + e.getMessage());
        }
    }
}
