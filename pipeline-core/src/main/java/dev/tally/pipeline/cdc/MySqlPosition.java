package dev.tally.pipeline.cdc;

/** A MySQL or MariaDB change: binlog file, position of the event and row within it. */
public record MySqlPosition(String file, long pos, int row) implements SourcePosition {

    @Override
    public String connector() {
        return "mysql";
    }

    @Override
    public String asString() {
        return "mysql:file=" + file + ":pos=" + pos + ":row=" + row;
    }

    @Override
    public String orderKey() {
        return String.format("%s:%020d:%010d", file, pos, row);
    }
}
