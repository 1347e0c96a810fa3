package dev.wslab.conformance;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Autobahn case number such as {@code 9.3.1}: the first part is the section (1 framing, 2 pings and
 * pongs, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8, 7 close handling, 9 limits and
 * performance, 10 miscellaneous, 12/13 permessage-deflate). Ordered numerically, so 9.10 follows 9.9.
 */
public record CaseId(String id) implements Comparable<CaseId> {

    public CaseId {
        Objects.requireNonNull(id, "id");
        if (!id.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("an Autobahn case id is dotted numbers, e.g. 9.3.1: \"" + id + "\"");
        }
    }

    /** The case {@code id}. */
    public static CaseId of(String id) {
        return new CaseId(id);
    }

    /** The top-level section, e.g. 9 for {@code 9.3.1}. */
    public int section() {
        return parts()[0];
    }

    /** True if this case is {@code prefix} or lies under it, e.g. {@code 9.3.1} is under {@code 9.3}. */
    public boolean isUnder(String prefix) {
        return id.equals(prefix) || id.startsWith(prefix + ".");
    }

    private int[] parts() {
        return Arrays.stream(id.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public int compareTo(CaseId other) {
        return Arrays.compare(parts(), other.parts());
    }

    @Override
    public String toString() {
        return id;
    }
}
