package dev.tally.pipeline.cdc;

/**
 * Reads {@code scn}, {@code commit_scn}, {@code rs_id}, {@code ssn} and {@code txId} from an Oracle
 * source block. SCNs arrive as strings; snapshot reads have only an SCN.
 */
final class OraclePositionReader implements PositionReader {

    static final OraclePositionReader INSTANCE = new OraclePositionReader();

    private OraclePositionReader() {
    }

    @Override
    public OraclePosition read(SourceBlock source) throws DecodingException {
        String rsId = source.text("rs_id");
        Long ssn = source.optionalLong("ssn");
        return new OraclePosition(
                source.requiredUnsignedInteger("scn"),
                source.optionalUnsignedInteger("commit_scn"),
                // LogMiner pads RS_ID with spaces: " 0x00000e.00001cb7.0010 ".
                rsId == null ? null : rsId.trim(),
                ssn == null ? 0L : ssn,
                source.text("txId"));
    }
}
