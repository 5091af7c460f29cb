package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HashFilterTest {
    @Test
    void everyMemberMayBeContainedAndMostOthersAreNot() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) members.add("token" + i);
        HashFilter filter = new HashFilter(members);
        for (String s : members) assertThat(filter.mayContain(s.hashCode())).as(s).isTrue();
        int falsePositives = 0;
        for (int i = 0; i < 10_000; i++) if (filter.mayContain(("other" + i).hashCode())) falsePositives++;
        // Sixteen bits per member: about 6% of non-members hit a set bit.
        assertThat(falsePositives).isBetween(1, 1_500);
    }

    @Test
    void anEmptySetContainsNothing() {
        HashFilter filter = new HashFilter(List.of());
        assertThat(filter.mayContain("a".hashCode())).isFalse();
        assertThat(filter.mayContain(0)).isFalse();
    }
}
