package dev.tally.bench.cpu;

/** The names the benchmark gives the processes it accounts CPU to. */
public final class Processes {

    public static final String CONNECT = "connect";
    public static final String BROKER = "broker";
    public static final String POSTGRES = "postgres";
    public static final String STREAMS = "streams";
    public static final String FLINK = "flink";

    private Processes() {
    }
}
