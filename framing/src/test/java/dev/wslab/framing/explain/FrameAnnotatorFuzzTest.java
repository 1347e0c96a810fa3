package dev.wslab.framing.explain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wslab.framing.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for the annotator: whatever bytes a student pastes, it explains them and never throws.
 * Seed corpus: {@code src/test/resources/dev/wslab/framing/explain/FrameAnnotatorFuzzTestInputs/}; the first
 * byte picks the sender (0: unknown, 1: client, 2: server), the rest are the bytes to annotate.
 */
class FrameAnnotatorFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void annotatesAnyBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int choice = (input[0] & 0xFF) % 3;
        FrameAnnotator annotator = choice == 0 ? FrameAnnotator.forUnknownSender()
                : FrameAnnotator.forSender(choice == 1 ? Role.CLIENT : Role.SERVER);
        byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
        FrameAnnotator.Annotation annotation = annotator.annotate(bytes);
        assertThat(annotation.text()).isNotEmpty();
        assertThat(annotation.isValid()).isEqualTo(annotation.complete() && annotation.violation().isEmpty());
        if (annotation.violation().isPresent()) {
            assertThat(annotation.text()).contains(">>> VIOLATION in " + annotation.violation().get().field());
        }
    }
}
