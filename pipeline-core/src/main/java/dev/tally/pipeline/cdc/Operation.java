package dev.tally.pipeline.cdc;

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

    public static Operation fromCode(String code) {
        for (Operation op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown Debezium operation '" + code + "' (expected one of c, u, d, r, t)");
    }
}
