package dev.tally.pipeline.cdc;

/** Reads {@code file}, {@code pos}, {@code row}, {@code gtid}, {@code server_id} and {@code thread} from a MySQL or MariaDB source block. */
final class MySqlPositionReader implements PositionReader {

    static final MySqlPositionReader INSTANCE = new MySqlPositionReader();

    private MySqlPositionReader() {
    }

    @Override
    public MySqlPosition read(SourceBlock source) throws DecodingException {
        String file = source.requiredText("file");
        long pos = source.requiredLong("pos");
        long row = source.requiredLong("row");
        if (pos < 0) {
            throw source.invalid("pos", "a binlog position: " + pos);
        }
        if (row < 0 || row > Integer.MAX_VALUE) {
            throw source.invalid("row", "a row index: " + row);
        }
        return new MySqlPosition(file, pos, (int) row, source.text("gtid"), source.optionalLong("server_id"), source.optionalLong("thread"));
    }
}
