package org.accountstream.domain;

import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * How the {@code *Properties} classes use QuickTheories.
 *
 * <p>A falsified property fails with QuickTheories' report: the smallest falsifying example it
 * shrank to, a few others, and last {@code Seed was N}. Every run draws a new seed; the
 * {@code QT_SEED} system property fixes it, so this replays a failure of that class exactly
 * (Surefire passes {@code -D} properties given to Maven on to the tests):
 *
 * <pre>./mvnw -pl domain test -Dtest=ConvergenceProperties -DQT_SEED=N</pre>
 */
final class PropertyTesting {

    private PropertyTesting() {
    }

    /** QuickTheories trying {@code tries} examples, with the seed of {@code QT_SEED} if it is set. */
    static QuickTheory qt(int tries) {
        return QuickTheory.qt().withExamples(tries);
    }

    /** One of {@code generators}, shrinking towards the first (unlike {@link Generate#oneOf}). */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<T>... generators) {
        return Generate.pick(List.of(generators)).flatMap(generator -> generator);
    }

    /** A value of {@code values} or, one time in five, one of {@code edges}, shrinking towards the first edge. */
    @SafeVarargs
    static <T> Gen<T> withEdges(Gen<T> values, T... edges) {
        return Generate.frequency(Pair.of(1, Generate.pick(List.of(edges))), Pair.of(4, values));
    }
}
