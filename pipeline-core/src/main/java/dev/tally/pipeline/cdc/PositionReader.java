package dev.tally.pipeline.cdc;

/** Reads the log position of a change from the {@code source} block of one connector family. */
interface PositionReader {

    SourcePosition read(SourceBlock source) throws DecodingException;

    /** The reader for a {@code source.connector} value. */
    static PositionReader forConnector(String connector) throws DecodingException {
        return switch (connector) {
            case "postgresql" -> PostgresPositionReader.INSTANCE;
            case "mysql", "mariadb" -> MySqlPositionReader.INSTANCE;
            case "sqlserver" -> SqlServerPositionReader.INSTANCE;
            case "oracle" -> OraclePositionReader.INSTANCE;
            default -> throw new DecodingException("unknown connector '" + connector
                    + "' (expected postgresql, mysql, mariadb, sqlserver or oracle)");
        };
    }
}
