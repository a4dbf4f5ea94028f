package dev.tally.publisher.sql;

/** Quoting of SQL identifiers. */
final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /** {@code name} as a quoted identifier; a double quote inside is doubled. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
