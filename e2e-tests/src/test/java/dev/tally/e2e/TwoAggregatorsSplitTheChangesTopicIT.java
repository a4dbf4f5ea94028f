package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.LocalRun;
import dev.tally.cli.ServiceLauncher;
import dev.tally.cli.TallyService;
import dev.tally.cli.generate.OrdersWorkload;
import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.verify.SalesByProduct;
import dev.tally.localstack.FreePorts;
import dev.tally.localstack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scale-out: a second aggregator instance joins the first one's consumer group while changes stream in, the group
 * splits the changes topic's partitions between them, and the second leaves again before the workload ends: two
 * rebalances mid-burst. The sink and the aggregate store still end equal to ground truth: a partition's effects and
 * its input position commit together, and whoever owns the partition next starts from that position.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoAggregatorsSplitTheChangesTopicIT {

    private static final Path ROOT = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    private static final Path PIPELINE = ROOT.resolve("examples/orders/sales-by-product.yaml");
    private static final String GROUP = "tally.sales-by-product.aggregator";
    private static final Duration WORKLOAD = Duration.ofSeconds(75);
    private static final double RATE = 500;
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final Duration REBALANCE = Duration.ofMinutes(2);

    private LocalRun run;
    private String source;

    @BeforeAll
    void startTally() throws Exception {
        Path workDir = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "tally-scale-");
        Files.delete(workDir);
        run = LocalRun.start(ROOT, List.of(PIPELINE), Optional.of(ROOT.resolve("examples/orders/schema.sql")), workDir,
                Map.of(), env -> { });
        source = run.stack().jdbcUrl("source");
    }

    @AfterAll
    void stopTally() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void partitionsMoveToASecondAggregatorAndBackMidBurstAndEveryChangeCountsOnce() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                run.stack().kafkaBootstrapServers()))) {
            Future<WorkloadRunner.Result> written = writer.submit(this::write);
            Thread.sleep(3_000);

            int port = FreePorts.pick(1).getFirst();
            ManagedProcess second = new ServiceLauncher(ROOT, run.stack(), List.of(PIPELINE))
                    .builder(TallyService.AGGREGATOR, port)
                    .output(run.stack().workDir().resolve("aggregator").resolve("aggregator-2.log"))
                    .build();
            Map<String, Set<Integer>> split;
            try {
                second.start();
                ServiceLauncher.awaitReady(TallyService.AGGREGATOR, second, port, Duration.ofSeconds(120));
                split = awaitMembers(admin, 2);
                Thread.sleep(5_000);
                assertThat(written.isDone()).as("the second instance leaves while changes still stream in").isFalse();
            } finally {
                second.stop();
            }
            Map<String, Set<Integer>> back = awaitMembers(admin, 1);
            assertThat(back.values().iterator().next()).as("the first instance owns every partition again")
                    .hasSize(partitions(admin));

            WorkloadRunner.Result result = written.get();
            assertThat(result.changes()).isPositive();
            Convergence.awaitSinkEqualsGroundTruth(source, run.stack().jdbcUrl("sink"), CONVERGENCE);
            assertThat(SalesByProduct.differences(SalesByProduct.groundTruth(source),
                    SalesByProduct.aggregateStore(run.stack().jdbcUrl("tally")), 10))
                    .as("aggregate store vs GROUP BY over order_lines").isEmpty();
            System.out.printf("scale-out: %,d changes; partitions split %s, then all with one instance%n",
                    result.changes(), split.values());
        } finally {
            writer.shutdownNow();
        }
    }

    private WorkloadRunner.Result write() throws Exception {
        try (Connection connection = DriverManager.getConnection(source)) {
            connection.setAutoCommit(false);
            return new WorkloadRunner(new OrdersWorkload(connection, 7, 50), RATE)
                    .run(connection, WORKLOAD, Long.MAX_VALUE, progress -> { });
        }
    }

    private int partitions(Admin admin) throws Exception {
        String topic = run.pipelines().iterator().next().pipeline().changesTopic();
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /**
     * The group's members and the partitions each owns, once the group is stable with {@code count} members, every
     * partition assigned and every member owning at least one. While a rebalance is under way the group reports the
     * new member with nothing and the old one with everything, so a settled split needs the stable state.
     */
    private Map<String, Set<Integer>> awaitMembers(Admin admin, int count) throws Exception {
        int partitions = partitions(admin);
        Instant deadline = Instant.now().plus(REBALANCE);
        Map<String, Set<Integer>> members = Map.of();
        while (Instant.now().isBefore(deadline)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            members = new TreeMap<>();
            int assigned = 0;
            for (MemberDescription member : group.members()) {
                Set<Integer> owned = new TreeSet<>();
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    owned.add(partition.partition());
                }
                assigned += owned.size();
                members.put(member.consumerId(), owned);
            }
            boolean everyMemberOwnsSome = members.values().stream().noneMatch(Set::isEmpty);
            if (group.groupState() == GroupState.STABLE && members.size() == count && assigned == partitions
                    && everyMemberOwnsSome) {
                return members;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("group " + GROUP + " did not settle on " + count + " members owning all "
                + partitions + " partitions, each owning some, within " + REBALANCE + "; last seen " + members);
    }
}
