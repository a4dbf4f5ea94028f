package dev.tally.pipeline.cdc;

/**
 * A MySQL or MariaDB change: binlog file, position of the event and row within it, and, where the
 * server reports them, the transaction's GTID, the server id and the thread that made the change.
 *
 * @param file     the binlog file name, such as {@code mysql-bin.000003}
 * @param pos      the position of the row event in that file
 * @param row      the row's index within the event
 * @param gtid     the GTID of the transaction; null when GTIDs are off, or for snapshot reads
 * @param serverId the id of the server that wrote the event; null when unknown
 * @param thread   the id of the thread that made the change; null when unknown
 */
public record MySqlPosition(String file, long pos, int row, String gtid, Long serverId, Long thread)
        implements SourcePosition {

    public MySqlPosition(String file, long pos, int row) {
        this(file, pos, row, null, null, null);
    }

    @Override
    public String connector() {
        return "mysql";
    }

    @Override
    public String asString() {
        return "mysql:file=" + file + ":pos=" + pos + ":row=" + row;
    }

    /** Pads the binlog file's numeric extension too, so that {@code .000009 < .000010 < .1000000}. */
    @Override
    public String orderKey() {
        return binlogFileOrderKey(file) + ":" + OrderKeys.decimal(pos, 20) + ":" + OrderKeys.decimal(row, 10);
    }

    private static String binlogFileOrderKey(String file) {
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return file;
        }
        for (int i = dot + 1; i < file.length(); i++) {
            char c = file.charAt(i);
            if (c < '0' || c > '9') {
                return file;
            }
        }
        return file.substring(0, dot + 1) + OrderKeys.leftPad(file.substring(dot + 1), 20);
    }
}
