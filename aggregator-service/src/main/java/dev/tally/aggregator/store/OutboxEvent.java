package dev.tally.aggregator.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A row of the outbox table in the layout Debezium's outbox EventRouter reads. */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The pipeline: the EventRouter routes the row to {@code tally.<aggregatetype>.aggregates}. */
    @Column(name = "aggregatetype", nullable = false)
    public String aggregateType;

    /** The aggregate id: the Kafka key of the published record. */
    @Column(name = "aggregateid", nullable = false)
    public String aggregateId;

    /** The event type: the {@code eventType} header of the published record. */
    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "timestamp", nullable = false)
    public Instant timestamp;

    /**
     * The aggregate update as JSON text. Bound as text and cast in SQL: the reactive PostgreSQL client
     * would send a Java string bound straight to jsonb as a JSON string, not as a document.
     */
    @Column(name = "payload", columnDefinition = "jsonb")
    @ColumnTransformer(read = "cast(payload as text)", write = "cast(cast(? as text) as jsonb)")
    public String payload;
}
