package dev.wslab.conformance;

import java.util.Objects;

/**
 * What a case's own report says, in words: the parts a person needs to see why a case was not OK.
 *
 * @param description   what the suite did, e.g. "Send text message with payload 0."
 * @param expectation   what it wanted in return
 * @param expected      the acceptable event sequences, per behavior (JSON as the suite wrote it)
 * @param received      the events actually observed (JSON)
 * @param result        the suite's sentence about {@code behavior}
 * @param resultClose   the suite's sentence about {@code behaviorClose}
 * @param expectedClose what the close had to look like (JSON: codes, who closes, clean or not)
 * @param closing       how it actually ended: codes, clean or not, and the suite's reason if not clean
 */
public record CaseDetail(String description, String expectation, String expected, String received, String result,
                         String resultClose, String expectedClose, String closing) {

    public CaseDetail {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(resultClose, "resultClose");
        Objects.requireNonNull(expectedClose, "expectedClose");
        Objects.requireNonNull(closing, "closing");
    }
}
