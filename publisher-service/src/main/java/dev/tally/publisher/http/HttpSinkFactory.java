package dev.tally.publisher.http;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.HttpAuth;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.VariableRef;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkFactory;
import dev.tally.publisher.SinkMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds HTTP sinks, each with a web client (and connection pool) of its own, after reading the variables its
 * definition refers to: a variable that is not set stops the start, naming the file, the path and the variable; an
 * optional sink whose URL variable is not set is left out.
 */
@ApplicationScoped
public class HttpSinkFactory implements SinkFactory {

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final PipelineVariables variables;
    private final Pool pool;

    public HttpSinkFactory(Vertx vertx, MeterRegistry registry, PipelineVariables variables, Pool pool) {
        this.vertx = vertx;
        this.registry = registry;
        this.variables = variables;
        this.pool = pool;
    }

    @Override
    public boolean supports(SinkDefinition definition) {
        return definition instanceof HttpSinkDefinition;
    }

    @Override
    public Optional<String> skipReason(SinkDefinition definition) {
        return ((HttpSinkDefinition) definition).skipReason(variables::lookup);
    }

    @Override
    public Sink create(CompiledPipeline pipeline, SinkDefinition definition, SinkMetrics metrics) {
        HttpSinkDefinition http = (HttpSinkDefinition) definition;
        String file = pipeline.pipeline().file();
        String url = http.url().orElseGet(() -> urlFrom(http.urlFrom().orElseThrow(), file));
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(http.concurrency())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, http.timeout().toMillis()))
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setUserAgent("tally-publisher"));
        RequestAuth auth = switch (http.auth()) {
            case HttpAuth.None none -> new NoAuth();
            case HttpAuth.Static header -> new StaticHeaderAuth(header.header(), headerValue(header.value(), file,
                    "the value of the " + header.header() + " header"));
            case HttpAuth.OAuth2 oauth2 -> new OAuth2ClientCredentials(client, oauth2,
                    variables.require(oauth2.clientSecret(), file, "the OAuth 2.0 client secret"), http.timeout(),
                    Clock.systemUTC());
        };
        HttpSinkMetrics httpMetrics = new HttpSinkMetrics(registry, pipeline.name(), http.name());
        Backoff backoff = new Backoff(http.retry(), () -> ThreadLocalRandom.current().nextDouble());
        RetryingSender sender = new RetryingSender(http, url, auth, client, httpMetrics, backoff, Clock.systemUTC());
        DeliveryPlan plan = new DeliveryPlan(new AggregateRecordFormat(pipeline), http.batching(), http.name());
        return new HttpSink(pipeline.name(), http, plan, sender, pool, metrics, httpMetrics);
    }

    private String urlFrom(VariableRef ref, String file) {
        String url = variables.require(ref, file, "the endpoint's URL (or declare the sink optional: true to leave "
                + "it out while the variable is unset)");
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(file + ": " + ref.path() + ": environment variable " + ref.variable()
                + " holds '" + RedactedUrl.of(url) + "', which is not an http or https URL with a host; set it to the "
                + "endpoint's URL, e.g. http://127.0.0.1:8099/hook");
    }

    private String headerValue(VariableRef ref, String file, String what) {
        String value = variables.require(ref, file, what);
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalStateException(file + ": " + ref.path() + ": environment variable " + ref.variable()
                    + " holds control characters (a line break?), which a header value cannot carry; set it to "
                    + what + " alone");
        }
        return value;
    }
}
