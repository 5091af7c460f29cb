package dev.ferrite.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeThreadsTest {
    private final String saved = System.getProperty(ComputeThreads.PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) System.clearProperty(ComputeThreads.PROPERTY);
        else System.setProperty(ComputeThreads.PROPERTY, saved);
    }

    @Test
    void defaultsToTheAvailableProcessors() {
        System.clearProperty(ComputeThreads.PROPERTY);
        assertThat(ComputeThreads.configured()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void readsTheProperty() {
        System.setProperty(ComputeThreads.PROPERTY, " 3 ");
        assertThat(ComputeThreads.configured()).isEqualTo(3);
    }

    @Test
    void rejectsNonsense() {
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            System.setProperty(ComputeThreads.PROPERTY, bad);
            assertThatThrownBy(ComputeThreads::configured).isInstanceOf(ModelException.class)
                    .hasMessage("system property ferrite.threads must be a whole number of 1 or more, not '" + bad + "'");
        }
    }
}
