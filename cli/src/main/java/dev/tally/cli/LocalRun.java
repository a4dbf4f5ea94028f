package dev.tally.cli;

import dev.tally.localstack.DevTokens;
import dev.tally.localstack.FreePorts;
import dev.tally.localstack.LocalStack;
import dev.tally.localstack.RunningStack;
import dev.tally.localstack.connect.ConfigPlaceholders;
import dev.tally.localstack.process.ManagedProcess;
import dev.tally.pipeline.connect.KafkaConnectorResource;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineCatalog;
import dev.tally.pipeline.load.PipelineDefinitionException;
import dev.tally.pipeline.model.SourceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Tally on this machine: the local stack, the source schema, the three services as separate JVMs
 * (restarted when they die, as Kubernetes would) and the connectors, in the order they need.
 */
public final class LocalRun implements AutoCloseable {

    /** The connector that publishes the aggregator's outbox. */
    public static final String OUTBOX_CONNECTOR = "tally-outbox";

    private static final Duration SERVICE_START = Duration.ofSeconds(120);

    private final Path root;
    private final RunningStack stack;
    private final Collection<CompiledPipeline> pipelines;
    private final Map<TallyService, ManagedProcess> services = new EnumMap<>(TallyService.class);
    private final Map<TallyService, Integer> ports = new EnumMap<>(TallyService.class);
    private final Set<String> connectors = new LinkedHashSet<>();
    private final Consumer<Map<String, String>> onChange;

    private final Map<String, String> serviceEnvironment;
    private final String operatorToken;
    private final String viewerToken;
    private final String producerToken;

    private LocalRun(Path root, RunningStack stack, Collection<CompiledPipeline> pipelines, Path keysDir,
                     Map<String, String> serviceEnvironment, Consumer<Map<String, String>> onChange) {
        this.root = root;
        this.stack = stack;
        this.pipelines = pipelines;
        DevTokens tokens = DevTokens.keptIn(keysDir);
        this.operatorToken = tokens.operator();
        this.viewerToken = tokens.viewer();
        this.producerToken = tokens.producer();
        Map<String, String> environment = new LinkedHashMap<>(serviceEnvironment);
        // The services accept the development tokens signed with this key, and no others.
        environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keysDir.resolve(DevTokens.PUBLIC_KEY_FILE).toString());
        environment.put("TALLY_JWT_ISSUER", DevTokens.ISSUER);
        environment.put("TALLY_JWT_AUDIENCE", DevTokens.AUDIENCE);
        environment.putAll(signalUrls(root, stack, pipelines));
        this.serviceEnvironment = Map.copyOf(environment);
        this.onChange = onChange;
    }

    /**
     * Starts everything and returns once the services are ready and the connectors run.
     *
     * @param root      the repository (examples, strimzi, the services' build output)
     * @param pipelines the pipeline files to run
     * @param schema    an SQL script for the source database, run before the connectors start
     * @param workDir   where the stack and the services keep their data and logs; deleted on close
     * @param onChange  told the environment (URLs, PIDs) whenever it changes, e.g. after a restart
     * @throws PipelineDefinitionException when a pipeline file is bad; nothing was started then
     */
    public static LocalRun start(Path root, List<Path> pipelines, Optional<Path> schema, Path workDir,
                                 Consumer<Map<String, String>> onChange) throws PipelineDefinitionException {
        return start(root, pipelines, schema, workDir, Map.of(), onChange);
    }

    /**
     * As {@link #start(Path, List, Optional, Path, Consumer)}; the services get {@code serviceEnvironment} on top of
     * this process's environment (which they inherit: an HTTP sink's {@code urlFrom} variable set in the shell reaches
     * the publisher), e.g. for a caller that cannot change its own environment.
     */
    public static LocalRun start(Path root, List<Path> pipelines, Optional<Path> schema, Path workDir,
                                 Map<String, String> serviceEnvironment, Consumer<Map<String, String>> onChange)
            throws PipelineDefinitionException {
        return start(root, pipelines, schema, workDir, serviceEnvironment, UnaryOperator.identity(), onChange);
    }

    /** As above, with the local stack set up further by {@code stackOptions} (e.g. Connect's offset flush interval). */
    public static LocalRun start(Path root, List<Path> pipelines, Optional<Path> schema, Path workDir,
                                 Map<String, String> serviceEnvironment, UnaryOperator<LocalStack> stackOptions,
                                 Consumer<Map<String, String>> onChange) throws PipelineDefinitionException {
        PipelineCatalog catalog = PipelineCatalog.load(pipelines);
        for (TallyService service : TallyService.values()) {
            if (!Files.exists(service.runner(root))) {
                throw new IllegalStateException(service.module() + " is not built: " + service.runner(root)
                        + " is missing; run ./tally build");
            }
        }
        RunningStack stack = stackOptions.apply(LocalStack.builder().workDir(workDir).strimziDir(root.resolve("strimzi")))
                .start();
        // Next to the work directory, which is deleted on close: tokens stay valid from one run to the next.
        Path keysDir = workDir.toAbsolutePath().resolveSibling("jwt");
        LocalRun run = new LocalRun(root, stack, catalog.all(), keysDir, serviceEnvironment, onChange);
        // The broker, Connect or PostgreSQL started again after dying: .tally/local.env gets their new PIDs.
        stack.onRestart(run::publish);
        try {
            schema.ifPresent(script -> SourceSchema.apply(script, stack.jdbcUrl("source")));
            for (String connector : sourceConnectors(catalog.all())) {
                run.register(connector);
            }
            run.startServices(pipelines);
            run.register(OUTBOX_CONNECTOR);
            run.publish();
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    public RunningStack stack() {
        return stack;
    }

    public Collection<CompiledPipeline> pipelines() {
        return pipelines;
    }

    public ManagedProcess service(TallyService service) {
        return services.get(service);
    }

    public String url(TallyService service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public Set<String> connectors() {
        return connectors;
    }

    /** A development bearer token with the role tally-operator, for the write APIs (valid 30 days). */
    public String operatorToken() {
        return operatorToken;
    }

    /** A development bearer token with the role tally-viewer, for the read APIs (valid 30 days). */
    public String viewerToken() {
        return viewerToken;
    }

    public String producerToken() {
        return producerToken;
    }

    /**
     * KEY=VALUE facts for .tally/local.env: the stack's endpoints and PIDs, each service's URL and PID, and the
     * development tokens {@code TALLY_OPERATOR_TOKEN}, {@code TALLY_VIEWER_TOKEN} and {@code TALLY_PRODUCER_TOKEN}.
     */
    public synchronized Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints().toReadyFile());
        for (TallyService service : TallyService.values()) {
            ManagedProcess process = services.get(service);
            if (process != null) {
                env.put(service.envPrefix() + "_URL", url(service));
                env.put(service.envPrefix() + "_PID", String.valueOf(process.pid()));
            }
        }
        env.put("TALLY_PID", String.valueOf(ProcessHandle.current().pid()));
        env.put("TALLY_OPERATOR_TOKEN", operatorToken);
        env.put("TALLY_VIEWER_TOKEN", viewerToken);
        env.put("TALLY_PRODUCER_TOKEN", producerToken);
        return env;
    }

    private void register(String connector) {
        stack.registerConnector(connector);
        connectors.add(connector);
    }

    private void startServices(List<Path> pipelineFiles) {
        Iterator<Integer> free = FreePorts.pick(TallyService.values().length).iterator();
        ServiceLauncher launcher = new ServiceLauncher(root, stack, pipelineFiles, serviceEnvironment);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        ExecutorService probes = Executors.newFixedThreadPool(TallyService.values().length);
        for (TallyService service : TallyService.values()) {
            int port = free.next();
            ports.put(service, port);
            ManagedProcess process = launcher.builder(service, port).onStart(pid -> publish()).build();
            services.put(service, process);
            process.start();
            ready.add(CompletableFuture.runAsync(() -> ServiceLauncher.awaitReady(service, process, port, SERVICE_START),
                    probes));
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            probes.shutdown();
        }
    }


    private void publish() {
        if (services.size() == TallyService.values().length) {
            onChange.accept(environment());
        }
    }

    /**
     * {@code TALLY_SIGNAL_<CONNECTOR>_URL} for each PostgreSQL source connector: where the aggregator writes a
     * rebuild's snapshot signal, the connector's own database with its local credentials.
     */
    private static Map<String, String> signalUrls(Path root, RunningStack stack, Collection<CompiledPipeline> pipelines) {
        KafkaConnectorResources resources = new KafkaConnectorResources(root.resolve("strimzi"));
        ConfigPlaceholders local = ConfigPlaceholders.forStack(stack.endpoints());
        Map<String, String> urls = new LinkedHashMap<>();
        for (String connector : sourceConnectors(pipelines)) {
            KafkaConnectorResource resource = resources.read(connector);
            if (!resource.isPostgres()) {
                continue;
            }
            Map<String, String> config = resource.config();
            String where = resource.file().toString();
            String url = "postgresql://" + local.fill(config.get("database.user"), where) + ":"
                    + local.fill(config.get("database.password"), where) + "@" + local.fill(config.get("database.hostname"), where)
                    + ":" + local.fill(config.get("database.port"), where) + "/" + local.fill(config.get("database.dbname"), where);
            urls.put("TALLY_SIGNAL_" + connector.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_URL", url);
        }
        return urls;
    }

    private static Set<String> sourceConnectors(Collection<CompiledPipeline> pipelines) {
        Set<String> connectors = new LinkedHashSet<>();
        for (CompiledPipeline pipeline : pipelines) {
            for (SourceDefinition source : pipeline.pipeline().sources()) {
                source.connector().ifPresent(connectors::add);
            }
        }
        return connectors;
    }

    /** Stops the services, then the stack; deletes the work directory. */
    @Override
    public void close() {
        services.values().parallelStream().forEach(ManagedProcess::stop);
        stack.close();
    }
}
