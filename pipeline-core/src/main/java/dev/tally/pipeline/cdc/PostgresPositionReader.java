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
        Sequence sequence = sequence(source);
        Long lsn = source.optionalLong("lsn");
        if (lsn == null && sequence != null) {
            lsn = sequence.lsn() != null ? sequence.lsn() : sequence.lastCommitLsn();
        }
        if (lsn == null) {
            throw source.missing("lsn");
        }
        return new PostgresPosition(lsn, source.optionalLong("txId"), sequence == null ? null : sequence.lastCommitLsn());
    }

    /** Parsed by hand: it is small, fixed in shape, and read for every change. */
    private static Sequence sequence(SourceBlock source) throws DecodingException {
        String text = source.text("sequence");
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        int comma = trimmed.indexOf(',');
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]") || comma < 0 || trimmed.indexOf(',', comma + 1) >= 0) {
            throw notASequence(source, text);
        }
        return new Sequence(
                lsnElement(trimmed.substring(1, comma), source, text),
                lsnElement(trimmed.substring(comma + 1, trimmed.length() - 1), source, text));
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

    private record Sequence(Long lastCommitLsn, Long lsn) {
    }
}
