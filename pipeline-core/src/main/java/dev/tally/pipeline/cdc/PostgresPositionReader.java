package dev.tally.pipeline.cdc;

/**
 * Reads {@code lsn}, {@code txId} and {@code sequence} from a PostgreSQL source block.
 * {@code sequence} is a JSON array in a string, {@code ["<last commit LSN>","<LSN>"]}, either
 * element possibly null. Incremental snapshot reads carry no {@code lsn}: theirs is taken from
 * {@code sequence}.
 */
final class PostgresPositionReader implements PositionReader {

    static final PostgresPositionReader INSTANCE = new PostgresPositionReader();

    private PostgresPositionReader() {
    }

    @Override
    public PostgresPosition read(SourceBlock source) throws DecodingException {
        Long[] sequence = sequence(source);
        Long lsn = source.optionalLong("lsn");
        if (lsn == null && sequence != null) {
            lsn = sequence[1] != null ? sequence[1] : sequence[0];
        }
        if (lsn == null) {
            throw source.missing("lsn");
        }
        return new PostgresPosition(lsn, source.optionalLong("txId"), sequence == null ? null : sequence[0]);
    }

    /** Parsed by hand: it is small, fixed in shape, and read for every change. */
    private static Long[] sequence(SourceBlock source) throws DecodingException {
        String text = source.text("sequence");
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        int comma = trimmed.indexOf(',');
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]") || comma < 0 || trimmed.indexOf(',', comma + 1) >= 0) {
            throw notASequence(source, text);
        }
        Long lastCommitLsn = lsnElement(trimmed.substring(1, comma), source, text);
        Long lsn = lsnElement(trimmed.substring(comma + 1, trimmed.length() - 1), source, text);
        return new Long[] {lastCommitLsn, lsn};
    }

    private static Long lsnElement(String element, SourceBlock source, String sequence) throws DecodingException {
        String e = element.trim();
        if (e.equals("null")) {
            return null;
        }
        if (e.length() >= 2 && e.charAt(0) == '"' && e.charAt(e.length() - 1) == '"') {
            e = e.substring(1, e.length() - 1);
        }
        try {
            return Long.parseLong(e);
        } catch (NumberFormatException ex) {
            throw notASequence(source, sequence);
        }
    }

    private static DecodingException notASequence(SourceBlock source, String sequence) {
        return source.invalid("sequence", "a JSON array of two LSNs: '" + sequence + "'");
    }
}
