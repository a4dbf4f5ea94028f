package dev.tally.bench.streams;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of the peers' records: order lines, and sales with their price multiset. */
public final class PeerSerdes {

    private PeerSerdes() {
    }

    public static Serde<Line> line() {
        return BinaryCodec.serde((out, line) -> {
            out.writeLong(line.product());
            out.writeLong(line.quantity());
            BinaryCodec.writeDecimal(out, line.price());
        }, in -> new Line(in.readLong(), in.readLong(), BinaryCodec.readDecimal(in)));
    }

    public static Serde<Sales> sales() {
        return BinaryCodec.serde((out, sales) -> {
            out.writeLong(sales.lines);
            out.writeLong(sales.units);
            BinaryCodec.writeDecimal(out, sales.revenue);
            out.writeInt(sales.prices.size());
            for (Map.Entry<BigDecimal, Long> price : sales.prices.entrySet()) {
                BinaryCodec.writeDecimal(out, price.getKey());
                out.writeLong(price.getValue());
            }
        }, in -> {
            Sales sales = new Sales();
            sales.lines = in.readLong();
            sales.units = in.readLong();
            sales.revenue = BinaryCodec.readDecimal(in);
            int prices = in.readInt();
            for (int i = 0; i < prices; i++) {
                sales.prices.put(BinaryCodec.readDecimal(in), in.readLong());
            }
            return sales;
        });
    }

    /**
     * Tally's change events, read through {@link TallyChangeDecoder}. The changes peer never writes
     * them (its input is already keyed by group: no repartition), so there is nothing to serialize.
     */
    public static Serde<ContributionChange> tallyChanges(TallyChangeDecoder decoder) {
        return Serdes.serdeFrom((topic, change) -> {
            throw new IllegalStateException("the changes peer reads Tally's change events and never writes them");
        }, decoder);
    }
}
