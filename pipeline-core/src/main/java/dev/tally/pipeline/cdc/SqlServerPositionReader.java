package dev.tally.pipeline.cdc;

import java.util.Locale;

/**
 * Reads {@code commit_lsn}, {@code change_lsn} and {@code event_serial_no} from a SQL Server source
 * block. Snapshot reads have no change LSN and no serial number.
 */
final class SqlServerPositionReader implements PositionReader {

    static final SqlServerPositionReader INSTANCE = new SqlServerPositionReader();

    private static final int[] LSN_GROUP_WIDTHS = {8, 8, 4};

    private SqlServerPositionReader() {
    }

    @Override
    public SqlServerPosition read(SourceBlock source) throws DecodingException {
        String commitLsn = lsn(source, "commit_lsn");
        if (commitLsn == null) {
            throw source.missing("commit_lsn");
        }
        Long serial = source.optionalLong("event_serial_no");
        return new SqlServerPosition(commitLsn, lsn(source, "change_lsn"), serial == null ? 0L : serial);
    }

    /**
     * The LSN in canonical form, three lower-case hex groups of 8, 8 and 4 digits, so that positions
     * compare lexically; null when absent or Debezium's "NULL".
     */
    private static String lsn(SourceBlock source, String field) throws DecodingException {
        String text = source.text(field);
        if (text == null || text.equals("NULL")) {
            return null;
        }
        StringBuilder canonical = new StringBuilder(22);
        int start = 0;
        for (int group = 0; group < LSN_GROUP_WIDTHS.length; group++) {
            int end = group < LSN_GROUP_WIDTHS.length - 1 ? text.indexOf(':', start) : text.length();
            if (end < 0 || end == start || end - start > LSN_GROUP_WIDTHS[group] || !isHex(text, start, end)) {
                throw source.invalid(field, "an LSN like 00000027:00000758:0003: '" + text + "'");
            }
            if (group > 0) {
                canonical.append(':');
            }
            canonical.append(OrderKeys.leftPad(text.substring(start, end).toLowerCase(Locale.ROOT), LSN_GROUP_WIDTHS[group]));
            start = end + 1;
        }
        return canonical.toString();
    }

    private static boolean isHex(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
