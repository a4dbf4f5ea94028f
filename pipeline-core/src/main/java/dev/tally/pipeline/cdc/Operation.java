package dev.tally.pipeline.cdc;

import java.util.Optional;

/** The kind of a row change, with Debezium's one-letter codes. */
public enum Operation {
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    /** A row read by a snapshot: counts as an insert. */
    READ("r"),
    TRUNCATE("t");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The operation with this Debezium code, if there is one. */
    public static Optional<Operation> forCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return switch (code) {
            case "c" -> Optional.of(CREATE);
            case "u" -> Optional.of(UPDATE);
            case "d" -> Optional.of(DELETE);
            case "r" -> Optional.of(READ);
            case "t" -> Optional.of(TRUNCATE);
            default -> Optional.empty();
        };
    }

    public static Operation fromCode(String code) {
        return forCode(code).orElseThrow(() -> new IllegalArgumentException(
                "unknown Debezium operation '" + code + "' (expected one of c, u, d, r, t)"));
    }
}
