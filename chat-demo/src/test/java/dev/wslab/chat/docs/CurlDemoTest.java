package dev.wslab.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Chapter 6 shows curl talking to the chat server, described rather than generated (its answers carry a
 * {@code Date}). This test runs those very commands, read from the page, against a real server, so the
 * description stays true: 401 without a token, 403 from a foreign origin, and with a token a 101 after
 * which the server's keep-alive Ping arrives raw ({@code 89 0a "keep-alive"}) and curl exits when the
 * server drops it. curl must be installed: the test fails, never skips, without it.
 */
class CurlDemoTest {
    private static final Path CHAPTER = Path.of("..", "docs", "06-security.md");

    @Test
    void theCurlCommandsOfChapterSixAnswerAsTheChapterSays() throws Exception {
        String page = Files.readString(CHAPTER, StandardCharsets.UTF_8);
        List<String> upgrade = shellWords(consoleCommand(page, "$ curl -siN http://127.0.0.1:8080/ws"));
        List<String> register = shellWords(inlineCommand(page, "curl -s -XPOST http://127.0.0.1:8080/api/register"));
        assertThat(page).contains("-H 'Origin: https://evil.example'");
        assertThat(page).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=").contains("`keep-alive`");

        try (ChatServer server = TestServers.start(TestServers.config()
                .keepAliveInterval(Duration.ofSeconds(1)).keepAliveTimeout(Duration.ofSeconds(1)))) {
            String port = Integer.toString(server.port());

            String refused = run(withPort(upgrade, port), 10).text();
            assertThat(refused).startsWith("HTTP/1.1 401 ").contains("WWW-Authenticate: Bearer").contains("invalid_token");

            List<String> foreign = new ArrayList<>(withPort(upgrade, port));
            foreign.addAll(List.of("-H", "Origin: https://evil.example"));
            assertThat(run(foreign, 10).text()).startsWith("HTTP/1.1 403 ");

            assertThat(run(withPort(register, port), 10).text()).contains("\"userName\":\"ada\"");
            List<String> login = withPort(register, port).stream()
                    .map(w -> w.replace("/api/register", "/api/login")).toList();
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(run(login, 10).text());
            assertThat(token.find()).as("/api/login answers a token").isTrue();

            List<String> authorized = new ArrayList<>(withPort(upgrade, port));
            authorized.addAll(List.of("-H", "Authorization: Bearer " + token.group(1)));
            Result opened = run(authorized, 20);
            assertThat(opened.exited()).as("curl exits once the server drops the silent peer").isTrue();
            assertThat(opened.text()).startsWith("HTTP/1.1 101 Switching Protocols")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            byte[] ping = {(byte) 0x89, 0x0a, 'k', 'e', 'e', 'p', '-', 'a', 'l', 'i', 'v', 'e'};
            assertThat(indexOf(opened.bytes(), ping)).as("the raw keep-alive Ping after the 101").isPositive();
        }
    }

    private record Result(byte[] bytes, boolean exited) {
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process curl;
        try {
            curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("chapter 6's demo needs curl on the PATH (apt-get install curl)", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = curl.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process was destroyed
            }
        });
        reader.start();
        boolean exited = curl.waitFor(seconds, TimeUnit.SECONDS);
        if (!exited) {
            curl.destroyForcibly();
        }
        reader.join(5000);
        synchronized (out) {
            return new Result(out.toByteArray(), exited);
        }
    }

    private static List<String> withPort(List<String> words, String port) {
        return words.stream().map(w -> w.replace("127.0.0.1:8080", "127.0.0.1:" + port)).toList();
    }

    /** The command of a console block: the line starting with {@code start} and its continuation lines. */
    private static String consoleCommand(String page, String start) {
        int at = page.indexOf(start);
        assertThat(at).as("chapter 6 shows '%s'", start).isNotNegative();
        StringBuilder command = new StringBuilder();
        for (String line : page.substring(at + 2).split("\n")) {
            String trimmed = line.strip();
            boolean more = trimmed.endsWith("\\");
            command.append(more ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!more) {
                break;
            }
        }
        return command.toString().strip();
    }

    /** An inline command of the page: from {@code start} to the closing backquote. */
    private static String inlineCommand(String page, String start) {
        int at = page.indexOf(start);
        assertThat(at).as("chapter 6 shows '%s'", start).isNotNegative();
        return page.substring(at, page.indexOf('`', at));
    }

    /** Words as a POSIX shell splits them, for the simple quoting the page uses. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
