package dev.tally.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes row changes into {@code order_lines} with a given insert/update/delete mix and number of
 * products, in transactions of up to {@code perTransaction} changes, never touching a row twice
 * in one transaction. Rows it created earlier are what it updates and deletes. {@link #split} divides it between
 * connections that write at the same time without touching one another's rows.
 */
final class SourceWorkload {

    private final BenchSettings settings;
    private final Random random;
    private final List<Long> live = new ArrayList<>();
    private long nextId = 1;
    /** Ids this workload creates are {@code nextId}, {@code nextId + idStep}, ...: one residue class in a split. */
    private long idStep = 1;

    SourceWorkload(BenchSettings settings, long seed) {
        this.settings = settings;
        this.random = new Random(seed);
    }

    /**
     * This workload's rows divided in {@code parts} by id ({@code id % parts}), each part creating ids of its own
     * residue class: parts written by separate connections at the same time never touch the same row.
     */
    List<SourceWorkload> split(int parts) {
        List<SourceWorkload> split = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            SourceWorkload part = new SourceWorkload(settings, random.nextLong());
            part.idStep = (long) parts * idStep;
            long first = nextId;
            while (first % parts != i) {
                first++;
            }
            part.nextId = first;
            split.add(part);
        }
        for (long id : live) {
            split.get((int) (id % parts)).live.add(id);
        }
        return split;
    }

    /** Continues from the rows the table holds now: they are what later updates and deletes hit. */
    void adopt(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT id FROM order_lines")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        adopt(ids);
    }

    /** Continues from these rows. */
    void adopt(List<Long> ids) {
        live.clear();
        live.addAll(ids);
        ids.forEach(id -> nextId = Math.max(nextId, id + 1));
    }

    /** The rows this workload may update or delete. */
    List<Long> rows() {
        return List.copyOf(live);
    }

    /** The id of the next row it inserts. */
    long newId() {
        long id = nextId;
        nextId += idStep;
        return id;
    }

    /**
     * Writes {@code changes} row changes; with {@code rate} above 0, at most that many per second.
     *
     * @return the number written
     */
    long write(Connection connection, long changes, int perTransaction, double rate) throws SQLException {
        connection.setAutoCommit(false);
        long written = 0;
        long start = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement quantity = connection.prepareStatement("UPDATE order_lines SET quantity = ? WHERE id = ?");
             PreparedStatement move = connection.prepareStatement(
                     "UPDATE order_lines SET product_id = ?, unit_price = ? WHERE id = ?");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM order_lines WHERE id = ?")) {
            while (written < changes) {
                int inTransaction = (int) Math.min(perTransaction, changes - written);
                Set<Long> touched = new HashSet<>();
                for (int i = 0; i < inTransaction; i++) {
                    int dice = random.nextInt(100);
                    int index = live.isEmpty() ? -1 : random.nextInt(live.size());
                    Long row = index < 0 ? null : live.get(index);
                    if (dice < settings.inserts() || row == null || !touched.add(row)) {
                        long id = newId();
                        insert.setLong(1, id);
                        insert.setLong(2, id / 3);
                        insert.setLong(3, product());
                        insert.setInt(4, 1 + random.nextInt(10));
                        insert.setBigDecimal(5, price());
                        insert.addBatch();
                        live.add(id);
                        touched.add(id);
                    } else if (dice < settings.inserts() + settings.updates()) {
                        if (random.nextInt(5) == 0) {
                            move.setLong(1, product());
                            move.setBigDecimal(2, price());
                            move.setLong(3, row);
                            move.addBatch();
                        } else {
                            quantity.setInt(1, 1 + random.nextInt(10));
                            quantity.setLong(2, row);
                            quantity.addBatch();
                        }
                    } else {
                        delete.setLong(1, row);
                        delete.addBatch();
                        live.set(index, live.get(live.size() - 1));
                        live.remove(live.size() - 1);
                    }
                }
                insert.executeBatch();
                quantity.executeBatch();
                move.executeBatch();
                delete.executeBatch();
                connection.commit();
                written += inTransaction;
                pace(start, written, rate);
            }
        }
        return written;
    }

    private static void pace(long start, long written, double rate) {
        if (rate <= 0) {
            return;
        }
        long wait = start + (long) (written / rate * 1e9) - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long product() {
        return 1 + random.nextInt(settings.keys());
    }

    private BigDecimal price() {
        return BigDecimal.valueOf(50 + random.nextInt(9_950), 2);
    }
}
