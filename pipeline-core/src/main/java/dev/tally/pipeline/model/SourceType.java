package dev.tally.pipeline.model;

/** Where a source's changes come from: a database through a Debezium connector, or HTTP. */
public enum SourceType {
    POSTGRES("postgresql"),
    MYSQL("mysql"),
    MARIADB("mariadb"),
    SQLSERVER("sqlserver"),
    ORACLE("oracle"),
    HTTP("http");

    private final String connectorName;

    SourceType(String connectorName) {
        this.connectorName = connectorName;
    }

    /** The value of {@code source.connector} in this type's Debezium envelopes. */
    public String connectorName() {
        return connectorName;
    }

    /** Whether changes arrive through Debezium (every type but http). */
    public boolean isCdc() {
        return this != HTTP;
    }
}
