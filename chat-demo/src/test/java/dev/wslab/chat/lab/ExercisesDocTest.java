package dev.wslab.chat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each chapter ends with the exercises the lab checks, as the registry states them today. */
class ExercisesDocTest {

    @Test
    void everyChapterWithExercisesListsThemAndNoListIsStale() throws Exception {
        List<Path> chapters;
        try (Stream<Path> files = Files.list(Path.of("..", "docs"))) {
            chapters = files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        for (Path chapter : chapters) {
            String text = Files.readString(chapter, StandardCharsets.UTF_8);
            if (!ExercisesDoc.refresh(text).equals(text)) {
                problems.add(chapter.getFileName() + ": the exercise list is stale; run ./wslab docs");
            }
            int number = Integer.parseInt(chapter.getFileName().toString().substring(0, 2));
            int count = Exercises.ofChapter(number).size();
            if (count < 2 || count > 3) {
                problems.add(chapter.getFileName() + ": ends with " + count + " exercises, not 2 or 3");
            }
            for (Exercises.Exercise e : Exercises.ofChapter(number)) {
                if (!text.contains(ExercisesDoc.LAB + "#" + e.id() + ")")) {
                    problems.add(chapter.getFileName() + ": does not list exercise " + e.id());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Exercises.all()).allSatisfy(e -> assertThat(e.chapter()).isBetween(1, chapters.size()));
    }
}
