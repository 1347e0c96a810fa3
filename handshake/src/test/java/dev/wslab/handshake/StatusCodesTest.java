package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusCodesTest {

    /** Every status this library or the chat server sends, with its RFC 9110 §15 (or RFC 6585) phrase. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "101|Switching Protocols", "200|OK", "201|Created", "204|No Content",
            "400|Bad Request", "401|Unauthorized", "403|Forbidden", "404|Not Found", "405|Method Not Allowed",
            "409|Conflict", "410|Gone", "413|Content Too Large", "414|URI Too Long", "415|Unsupported Media Type",
            "426|Upgrade Required", "429|Too Many Requests", "431|Request Header Fields Too Large",
            "500|Internal Server Error", "503|Service Unavailable", "505|HTTP Version Not Supported"})
    void standardStatusesHaveTheirStandardPhrase(int status, String phrase) {
        assertThat(StatusCodes.reasonPhrase(status)).isEqualTo(phrase);
    }

    @Test
    void aRejectionFor401SaysUnauthorizedOnTheStatusLine() {
        HandshakeDecision.Rejected rejected = HandshakeDecision.Rejected.of(401, "no token", "RFC 6750 §3.1");

        assertThat(rejected.reasonPhrase()).isEqualTo("Unauthorized");
        assertThat(new String(rejected.toResponseBytes(), StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 401 Unauthorized\r\n");
    }

    @Test
    void aResponseBuiltForAStatusCarriesItsPhrase() {
        assertThat(new String(UpgradeResponse.of(410, HttpFields.of()).toBytes(), StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 410 Gone\r\n");
    }

    @Test
    void anUnknownStatusIsNamedByItsClass() {
        // RFC 9110 §15: a recipient treats an unknown code like the x00 code of its class.
        assertThat(Map.of(199, StatusCodes.reasonPhrase(199), 299, StatusCodes.reasonPhrase(299),
                        399, StatusCodes.reasonPhrase(399), 499, StatusCodes.reasonPhrase(499),
                        599, StatusCodes.reasonPhrase(599), 999, StatusCodes.reasonPhrase(999)))
                .isEqualTo(Map.of(199, "Informational", 299, "Successful", 399, "Redirection", 499, "Client Error",
                        599, "Server Error", 999, "Unknown Status"));
    }

    /** No status ever gets a placeholder phrase, and every phrase is safe on a status line (RFC 9112 §4). */
    @Property(tries = 900)
    void everyThreeDigitStatusHasAPhraseThatFitsOnTheStatusLine(@ForAll @IntRange(min = 100, max = 999) int status) {
        String phrase = StatusCodes.reasonPhrase(status);
        assertThat(phrase).isNotBlank().doesNotContain("Status " + status);
        assertThat(new UpgradeResponse(HttpVersion.HTTP_1_1, status, phrase, HttpFields.of()).reasonPhrase())
                .isEqualTo(phrase);
    }
}
