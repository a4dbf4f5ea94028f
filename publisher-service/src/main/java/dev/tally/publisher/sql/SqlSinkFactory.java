package dev.tally.publisher.sql;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkFactory;
import dev.tally.publisher.SinkMetrics;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds SQL sinks on the sink database (the default reactive datasource). */
@ApplicationScoped
public class SqlSinkFactory implements SinkFactory {

    private final Pool pool;

    public SqlSinkFactory(Pool pool) {
        this.pool = pool;
    }

    @Override
    public boolean supports(SinkDefinition definition) {
        return definition instanceof SqlSinkDefinition;
    }

    @Override
    public Sink create(CompiledPipeline pipeline, SinkDefinition definition, SinkMetrics metrics) {
        SqlSinkDefinition sql = (SqlSinkDefinition) definition;
        return new SqlSink(pipeline.name(), sql, SinkTable.of(pipeline, sql), pool, metrics);
    }
}
